// Canada's embassy and consulates in the US, the US offices in Canada, and which office serves a place.
import type { FactBase } from '../facts/loader.js';
import type { Language, Office } from '../facts/schema.js';
import { answer, bullets, capitalize, listOf, local, say, sourceOf, yesFirst } from './compose.js';
import { nearestOffice, placesAsked, placeTypes, servingOffices, type Place } from './places.js';
import type { AnswerFunction, AnswerRequest, CardEntry, SourceReference } from './types.js';

const mostPlaces = 3;
const travelUrl = (facts: FactBase) => facts.sources.get('travel-offices')!.url;

/** Distances in whole kilometres, per language; remembered, as Intl formats are slow to build. */
const distanceFormats = new Map<Language, Intl.NumberFormat>();
function distanceFormat(language: Language): Intl.NumberFormat {
  let format = distanceFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(`${language}-CA`, { maximumFractionDigits: 0 });
    distanceFormats.set(language, format);
  }
  return format;
}

function stateName(facts: FactBase, code: string, language: Language): string {
  const state = facts.states.states.find((s) => s.code === code);
  return state ? local(state.name, language) : code;
}

function servedPlaces(facts: FactBase, office: Office, language: Language): string {
  const places = office.serves.map((code) =>
    office.servesPart?.[code] ? local(office.servesPart[code], language) : stateName(facts, code, language),
  );
  return listOf([...places, ...(office.servesOther ? local(office.servesOther, language) : [])], language);
}

/** An office as a card entry: name, city, what it serves, whether that is verified, and its link. */
function officeEntry(facts: FactBase, office: Office, language: Language): CardEntry {
  return {
    name: local(office.name, language),
    facts: [
      { title: say(facts, language, 'card.city'), value: office.city },
      { title: say(facts, language, 'card.serves'), value: servedPlaces(facts, office, language) },
      {
        title: say(facts, language, 'card.districtStatus'),
        value: say(facts, language, office.confidence === 'verified' ? 'card.verified' : 'card.unverified'),
      },
    ],
    link: { title: say(facts, language, 'card.detailsLink'), url: office.detailsUrl },
  };
}

/** A plain "Washington" (not "Washington State") may mean the capital, where the embassy is. */
function mayMeanTheCapital(text: string): boolean {
  return /washington(?!\s*state)/i.test(text);
}

/** The line that says an office's district is unverified, and where to confirm it. */
export function caution(facts: FactBase, office: Office, language: Language): string[] {
  if (office.confidence !== 'unverified') return [];
  const note = office.confidenceNote ? local(office.confidenceNote, language) : '';
  return [
    say(facts, language, 'unverifiedDistrict', { office: local(office.name, language), note, url: office.detailsUrl }),
  ];
}

export const embassy: AnswerFunction = (request) => {
  const { facts, language } = request;
  const office = facts.offices.canadianOffices.find((o) => o.kind === 'embassy')!;
  const sources = [
    { id: facts.offices.listSource, asOf: facts.offices.listAsOf },
    { id: 'connect2canada-embassy', asOf: office.asOf },
  ];
  // "Is there a Canadian embassy in Boston?": not there, and the office that is, or that serves it.
  const elsewhere = placesAsked(request).find((place) => !isEmbassyPlace(place, office, request.text));
  if (elsewhere && elsewhere.kind !== 'ambiguousCity') {
    const there = describePlace({ ...request, yesNo: false }, elsewhere);
    const notThere = say(facts, language, 'embassyNotIn', { place: placeName(facts, elsewhere, language) });
    return answer(request, {
      text: [`${request.yesNo ? `${say(facts, language, 'no')} ` : ''}${notThere}`, there.text].join(' '),
      cautions: there.offices.flatMap((o) => caution(facts, o, language)),
      sources: [...sources, ...there.offices.map(sourceOf)],
      suggest: ['suggest.offices.list', 'suggest.offices.forPlace', 'suggest.offices.usInCanada'],
      subjects: [{ type: 'officeCity', id: office.id }],
    });
  }
  const where = say(facts, language, 'embassy');
  const lines = [yesFirst(request, where, ['embassy'])];
  if (office.address) lines.push(say(facts, language, 'embassyAddressLine', { address: office.address }));
  // Its district too ("which states does it serve?" is the usual next question).
  lines.push(say(facts, language, 'officeServesStates', { places: servedPlaces(facts, office, language) }));
  lines.push(say(facts, language, 'officeCurrentDetails', { url: office.detailsUrl }));
  return answer(request, {
    text: lines.join(' '),
    cautions: caution(facts, office, language),
    sources,
    suggest: ['suggest.offices.list', 'suggest.offices.forPlace', 'suggest.offices.usInCanada'],
    subjects: [{ type: 'officeCity', id: office.id }],
  });
};

/** The embassy's own city or state ("Washington" without "State" may mean the capital). */
function isEmbassyPlace(place: Place, office: Office, text: string): boolean {
  if (place.kind === 'office') return place.officeId === office.id;
  if (place.kind === 'state') return place.code === office.state || (place.code === 'WA' && mayMeanTheCapital(text));
  return place.kind === 'point' && place.state === office.state;
}

/** How a place is named in a sentence: the city, the state or the ZIP code asked about. */
function placeName(facts: FactBase, place: Exclude<Place, { kind: 'ambiguousCity' }>, language: Language): string {
  if (place.kind === 'office' || place.kind === 'served') {
    const office = facts.offices.canadianOffices.find((o) => o.id === place.officeId)!;
    return place.kind === 'office'
      ? office.city
      : listOf(office.servesOther ? local(office.servesOther, language) : [], language);
  }
  return place.kind === 'state' ? stateName(facts, place.code, language) : place.label;
}

export const officesList: AnswerFunction = (request) => {
  const { facts, language } = request;
  const consulates = facts.offices.canadianOffices.filter((o) => o.kind === 'consulateGeneral');
  const other = facts.offices.otherOffices;
  // Twelve cities: a list, not a sentence.
  const text = [
    say(facts, language, 'officesList', { count: consulates.length }),
    bullets(consulates.map((o) => o.city)),
    say(facts, language, 'officeCurrentDetails', { url: travelUrl(facts) }),
  ].join('\n\n');
  const regions = new Map<string, CardEntry[]>();
  for (const office of facts.offices.canadianOffices) {
    const region = local(office.region, language);
    regions.set(region, [...(regions.get(region) ?? []), officeEntry(facts, office, language)]);
  }
  return {
    ...answer(request, {
      text,
      sources: [
        { id: facts.offices.listSource, asOf: facts.offices.listAsOf },
        { id: 'travel-offices', asOf: facts.offices.listAsOf },
      ],
      cautions: [
        say(facts, language, 'unverifiedFact', {
          note: `${local(other.text, language)} — ${other.confidenceNote ? local(other.confidenceNote, language) : ''}`,
          url: travelUrl(facts),
        }),
      ],
      suggest: ['suggest.offices.forPlace', 'suggest.offices.embassy', 'suggest.offices.usInCanada'],
    }),
    card: {
      title: say(facts, language, 'card.officesTitle'),
      groups: [...regions].map(([heading, entries]) => ({ heading, entries })),
    },
  };
};

export const usOfficesInCanada: AnswerFunction = (request) => {
  const { facts, language } = request;
  const us = facts.offices.usOfficesInCanada;
  // Yes only where the list can tell: "in Canada", or a city on the list.
  const listed = request.subjects.some((s) => s.type === 'canadianCity') || /\bin canada\b/i.test(request.text);
  const text = `${listed ? yesFirst(request, say(facts, language, 'usOffices')) : say(facts, language, 'usOffices')} ${say(facts, language, 'usConsulates', { cities: listOf(us.consulatesGeneral, language) })}`;
  return answer(request, {
    text,
    sources: [{ id: facts.offices.listSource, asOf: facts.offices.listAsOf }, sourceOf(us)],
    cautions: [
      say(facts, language, 'unverifiedFact', {
        note: us.confidenceNote ? local(us.confidenceNote, language) : '',
        url: travelUrl(facts),
      }),
    ],
    suggest: ['suggest.offices.list', 'suggest.offices.embassy', 'suggest.border.crossings'],
  });
};

/** One paragraph per place asked about: the serving office, what it serves, and any caution. */
export const officeForPlace: AnswerFunction = (request) => {
  const { facts, language } = request;
  const places = placesAsked(request).slice(0, mostPlaces);
  if (places.length === 0) {
    return answer(request, {
      text: say(facts, language, 'officeAskPlace', { url: travelUrl(facts) }),
      sources: [{ id: 'travel-offices', asOf: facts.offices.listAsOf }],
      suggest: ['suggest.offices.list', 'suggest.offices.forState', 'suggest.offices.embassy'],
    });
  }
  const ambiguous = places.find((p) => p.kind === 'ambiguousCity');
  if (ambiguous?.kind === 'ambiguousCity') {
    const choices = ambiguous.states.map((code) =>
      say(facts, language, 'cityInState', { city: ambiguous.city, state: stateName(facts, code, language) }),
    );
    return {
      ...answer(request, {
        text: say(facts, language, 'whichCity', { city: ambiguous.city, choices: listOf(choices, language) }),
        sources: [{ id: facts.usCities.source, asOf: facts.usCities.asOf }],
        suggest: [],
      }),
      suggestions: choices.slice(0, 4),
      subjects: [],
    };
  }
  const paragraphs: string[] = [];
  const offices = new Map<string, Office>();
  const sources: SourceReference[] = [];
  for (const place of places) {
    if (place.kind === 'ambiguousCity') continue;
    const part = describePlace(request, place);
    for (const office of part.offices) offices.set(office.id, office);
    if (place.kind === 'point') sources.push(place.source);
    paragraphs.push(part.text);
  }
  const all = [...offices.values()];
  return {
    ...answer(request, {
      text: [...paragraphs, say(facts, language, 'officeCurrentDetails', { url: travelUrl(facts) })].join('\n\n'),
      sources: [...all.map(sourceOf), ...sources],
      cautions: all.flatMap((o) => caution(facts, o, language)),
      suggest: ['suggest.offices.list', 'suggest.offices.embassy', 'suggest.offices.usInCanada'],
      subjects: request.subjects.filter((s) => placeTypes.includes(s.type)),
    }),
    card: { title: paragraphs.join(' '), groups: [{ entries: all.map((o) => officeEntry(facts, o, language)) }] },
  };
};

type DescribedPlace = { text: string; offices: Office[] };
type PointPlace = Extract<Place, { kind: 'point' }>;

/** What every description of a place is said with: the request, and its wording helpers. */
interface Wording {
  request: AnswerRequest;
  facts: FactBase;
  language: Language;
  all: Office[];
  officeName: (office: Office) => string;
  /** "It serves Alaska, Oregon and Washington." */
  serves: (office: Office) => string;
  /** A place that starts a sentence starts with a capital ("Îles Vierges américaines — bureau responsable…"). */
  capitalized: (place: string) => string;
  /** Whole kilometres, rounded to ten. */
  distance: (km: number) => string;
}

function wordingFor(request: AnswerRequest): Wording {
  const { facts, language } = request;
  return {
    request,
    facts,
    language,
    all: facts.offices.canadianOffices,
    officeName: (office) => local(office.name, language),
    serves: (office) => say(facts, language, 'officeServesStates', { places: servedPlaces(facts, office, language) }),
    capitalized: (place) => capitalize(place, language),
    distance: (km) => distanceFormat(language).format(Math.round(km / 10) * 10),
  };
}

/** What the consulate finder says about one place: the office that serves it and what that office serves. */
export function describePlace(
  request: AnswerRequest,
  place: Exclude<Place, { kind: 'ambiguousCity' }>,
): DescribedPlace {
  const wording = wordingFor(request);
  switch (place.kind) {
    case 'served':
      return describeServedArea(wording, place.officeId);
    case 'office':
      return describeOfficeCity(wording, place.officeId);
    case 'point':
      return describePoint(wording, place);
    case 'state':
      return describeState(wording, place.code);
  }
}

/** A place an office serves that is not a state (Puerto Rico, Bermuda). */
function describeServedArea(w: Wording, officeId: string): DescribedPlace {
  const office = w.all.find((o) => o.id === officeId)!;
  const names = office.servesOther ? local(office.servesOther, w.language) : [];
  const place = w.capitalized(listOf(names, w.language));
  const servedBy = say(w.facts, w.language, 'placeServedBy', { place, office: w.officeName(office) });
  return { text: `${servedBy} ${w.serves(office)}`, offices: [office] };
}

/** A city with an office of its own. */
function describeOfficeCity(w: Wording, officeId: string): DescribedPlace {
  const office = w.all.find((o) => o.id === officeId)!;
  const first = say(w.facts, w.language, w.request.yesNo ? 'officeHereYes' : 'officeHere', {
    city: office.city,
    office: w.officeName(office),
  });
  return { text: `${first} ${w.serves(office)}`, offices: [office] };
}

/** "California (southern part) — served by …", one line per office serving the state. */
function servedByLines(w: Wording, code: string, serving: Office[]): string[] {
  const name = stateName(w.facts, code, w.language);
  return serving.map((office) => {
    const part = office.servesPart?.[code];
    return say(w.facts, w.language, 'placeServedBy', {
      place: w.capitalized(part ? local(part, w.language) : name),
      office: w.officeName(office),
    });
  });
}

/** A city or ZIP code: the state it is in, the office serving that state, or the nearest office. */
function describePoint(w: Wording, place: PointPlace): DescribedPlace {
  const { facts, language } = w;
  const serving = servingOffices(facts, place.state);
  const lines: string[] = [];
  if (place.zip) {
    const key = serving.length ? 'zipInState' : 'zipElsewhere';
    lines.push(say(facts, language, key, { zip: place.label, state: stateName(facts, place.state, language) }));
  }
  if (serving.length === 0) return nearestToPlaceWithoutDistrict(w, place, lines);
  lines.push(...(place.zip ? servedByLines(w, place.state, serving) : cityWithoutOffice(w, place, serving)));
  if (serving.length > 1) {
    // A state split between offices (California): which part is not known, so the nearer office.
    const nearest = nearestOffice(facts, place.latitude, place.longitude, serving);
    lines.push(
      say(facts, language, 'splitNearest', {
        place: place.label,
        office: w.officeName(nearest.office),
        distance: w.distance(nearest.km),
      }),
    );
  } else lines.push(w.serves(serving[0]!));
  return { text: lines.join(' '), offices: serving };
}

/** No district known (a territory without a listed office): the nearest office, said as such. */
function nearestToPlaceWithoutDistrict(w: Wording, place: PointPlace, lines: string[]): DescribedPlace {
  const nearest = nearestOffice(w.facts, place.latitude, place.longitude);
  lines.push(
    say(w.facts, w.language, 'noDistrictNearest', {
      place: place.label,
      office: w.officeName(nearest.office),
      distance: w.distance(nearest.km),
      url: travelUrl(w.facts),
    }),
  );
  return { text: lines.join(' '), offices: [nearest.office] };
}

/** "There is no Canadian office in Tampa: Florida is served by the Consulate General in Miami." */
function cityWithoutOffice(w: Wording, place: PointPlace, serving: Office[]): string[] {
  const { facts, language, request } = w;
  if (serving.length > 1)
    return [
      say(facts, language, request.yesNo ? 'placeNoOffice' : 'cityNoOfficeShort', { place: place.label }),
      ...servedByLines(w, place.state, serving),
    ];
  return [
    say(facts, language, request.yesNo ? 'cityNoOfficeNo' : 'cityNoOffice', {
      city: place.label,
      state: w.capitalized(stateName(facts, place.state, language)),
      office: w.officeName(serving[0]!),
    }),
  ];
}

/** A state: the offices in it (to a yes/no question), or the offices serving it. */
function describeState(w: Wording, code: string): DescribedPlace {
  const { facts, language, request } = w;
  const name = stateName(facts, code, language);
  const serving = servingOffices(facts, code);
  const inState = w.all.filter((o) => o.state === code);
  const lines: string[] = [];
  if (request.yesNo && inState.length) {
    const key = inState.length > 1 ? 'placeHasOfficesYes' : 'placeHasOfficeYes';
    const office = listOf(inState.map(w.officeName), language);
    lines.push(say(facts, language, key, { count: inState.length, office, place: name }));
  } else {
    if (request.yesNo) lines.push(say(facts, language, 'placeNoOffice', { place: name }));
    lines.push(...servedByLines(w, code, serving));
  }
  if (serving.length === 1) lines.push(w.serves(serving[0]!));
  if (code === 'WA' && mayMeanTheCapital(request.text)) {
    const embassyOffice = w.all.find((o) => o.kind === 'embassy')!;
    lines.push(say(facts, language, 'officeWashingtonAmbiguous', { office: w.officeName(embassyOffice) }));
    serving.push(embassyOffice);
  }
  return { text: lines.join(' '), offices: serving };
}
