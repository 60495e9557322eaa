// Canada's embassy and consulates in the US, the US offices in Canada, and which office serves a place.
import type { FactBase } from '../facts/loader.js';
import type { Language, Office } from '../facts/schema.js';
import { answer, listOf, local, say, sourceOf, yesFirst } from './compose.js';
import type { AnswerFunction, AnswerRequest, SourceReference } from './types.js';

const mostPlaces = 3;
const travelUrl = (facts: FactBase) => facts.sources.get('travel-offices')!.url;

function stateName(facts: FactBase, code: string, language: Language): string {
  const state = facts.states.states.find((s) => s.code === code);
  return state ? local(state.name, language) : code;
}

function servedPlaces(facts: FactBase, office: Office, language: Language): string {
  const places = office.serves.map((code) => (office.servesPart?.[code] ? local(office.servesPart[code]!, language) : stateName(facts, code, language)));
  return listOf([...places, ...(office.servesOther ? local(office.servesOther, language) : [])], language);
}

function caution(facts: FactBase, office: Office, language: Language): string[] {
  if (office.confidence !== 'unverified') return [];
  const note = office.confidenceNote ? local(office.confidenceNote, language) : '';
  return [say(facts, language, 'unverifiedDistrict', { office: local(office.name, language), note, url: office.detailsUrl })];
}

export const embassy: AnswerFunction = (request) => {
  const { facts, language } = request;
  const office = facts.offices.canadianOffices.find((o) => o.kind === 'embassy')!;
  // "Is Canada's embassy in New York?" is a no: the embassy is in Washington, D.C.
  const plainWashington = /washington(?!\s*state)/i.test(request.text);
  const elsewhere = request.subjects.some(
    (s) => (s.type === 'officeCity' && s.id !== office.id) || s.type === 'usCity' || (s.type === 'usState' && s.id !== office.state && !(s.id === 'WA' && plainWashington)),
  );
  const where = say(facts, language, 'embassy');
  const lines = [request.yesNo && elsewhere ? `${say(facts, language, 'no')} ${where}` : yesFirst(request, where, ['embassy'])];
  if (office.address) lines.push(say(facts, language, 'embassyAddressLine', { address: office.address }));
  lines.push(say(facts, language, 'officeCurrentDetails', { url: office.detailsUrl }));
  return answer(request, {
    text: lines.join(' '),
    sources: [{ id: facts.offices.listSource, asOf: facts.offices.listAsOf }, { id: 'connect2canada-embassy', asOf: office.asOf }],
    suggest: ['suggest.offices.list', 'suggest.offices.forPlace', 'suggest.offices.usInCanada'],
    subjects: [{ type: 'officeCity', id: office.id }],
  });
};

export const officesList: AnswerFunction = (request) => {
  const { facts, language } = request;
  const consulates = facts.offices.canadianOffices.filter((o) => o.kind === 'consulateGeneral');
  const other = facts.offices.otherOffices;
  const text = [
    say(facts, language, 'officesList', { count: consulates.length, cities: listOf(consulates.map((o) => o.city), language) }),
    say(facts, language, 'officeCurrentDetails', { url: travelUrl(facts) }),
  ].join(' ');
  return answer(request, {
    text,
    sources: [{ id: facts.offices.listSource, asOf: facts.offices.listAsOf }, { id: 'travel-offices', asOf: facts.offices.listAsOf }],
    cautions: [say(facts, language, 'unverifiedFact', { note: `${local(other.text, language)} — ${other.confidenceNote ? local(other.confidenceNote, language) : ''}`, url: travelUrl(facts) })],
    suggest: ['suggest.offices.forPlace', 'suggest.offices.embassy', 'suggest.offices.usInCanada'],
  });
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
    cautions: [say(facts, language, 'unverifiedFact', { note: us.confidenceNote ? local(us.confidenceNote, language) : '', url: travelUrl(facts) })],
    suggest: ['suggest.offices.list', 'suggest.offices.embassy', 'suggest.border.crossings'],
  });
};

/** One paragraph per place asked about: the serving office, what it serves, and any caution. */
export const officeForPlace: AnswerFunction = (request) => {
  const { facts, language } = request;
  const places = placesAsked(request).slice(0, mostPlaces);
  if (places.length === 0) {
    return answer(request, {
      text: say(facts, language, 'officeAskPlace'),
      sources: [],
      suggest: ['suggest.offices.list', 'suggest.offices.forState', 'suggest.offices.embassy'],
    });
  }
  const ambiguous = places.find((p) => p.kind === 'ambiguousCity');
  if (ambiguous?.kind === 'ambiguousCity') {
    const choices = ambiguous.states.map((code) => say(facts, language, 'cityInState', { city: ambiguous.city, state: stateName(facts, code, language) }));
    return {
      ...answer(request, { text: say(facts, language, 'whichCity', { city: ambiguous.city, choices: listOf(choices, language) }), sources: [{ id: facts.usCities.source, asOf: facts.usCities.asOf }], suggest: [] }),
      suggestions: choices.slice(0, 4),
      subjects: [],
    };
  }
  const paragraphs: string[] = [];
  const offices = new Map<string, Office>();
  const sources: SourceReference[] = [];
  for (const place of places) {
    const part = describePlace(request, place);
    for (const office of part.offices) offices.set(office.id, office);
    if (place.kind === 'city') sources.push({ id: facts.usCities.source, asOf: facts.usCities.asOf });
    paragraphs.push(part.text);
  }
  const all = [...offices.values()];
  return answer(request, {
    text: [...paragraphs, say(facts, language, 'officeCurrentDetails', { url: travelUrl(facts) })].join('\n\n'),
    sources: [...all.map(sourceOf), ...sources],
    cautions: all.flatMap((o) => caution(facts, o, language)),
    suggest: ['suggest.offices.list', 'suggest.offices.embassy', 'suggest.offices.usInCanada'],
    subjects: request.subjects.filter((s) => s.type === 'officeCity' || s.type === 'usState' || s.type === 'usCity'),
  });
};

type Place =
  | { kind: 'office'; officeId: string }
  | { kind: 'state'; code: string }
  | { kind: 'city'; city: string; state: string }
  | { kind: 'ambiguousCity'; city: string; states: string[] };

/** A city wins over the state it is in ("Portland, Oregon" is one place, not two). */
function placesAsked(request: AnswerRequest): Place[] {
  const statesNamed = request.subjects.filter((s) => s.type === 'usState').map((s) => s.id);
  const statesUsed = new Set<string>();
  const places: Place[] = [];
  const officeStates = new Set<string>();
  for (const subject of request.subjects) {
    if (subject.type === 'officeCity') {
      places.push({ kind: 'office', officeId: subject.id });
      officeStates.add(request.facts.offices.canadianOffices.find((o) => o.id === subject.id)!.state);
    } else if (subject.type === 'usCity') {
      const place = resolveCity(request, subject.id, statesNamed);
      if (place.kind === 'city') statesUsed.add(place.state);
      places.push(place);
    }
  }
  for (const code of statesNamed) {
    if (!statesUsed.has(code) && !officeStates.has(code)) places.push({ kind: 'state', code });
  }
  return places;
}

/** The city's state: named in the message, or by far the largest city of that name; else ask. */
function resolveCity(request: AnswerRequest, city: string, statesNamed: string[]): Place {
  const candidates = request.facts.usCities.cities.filter(([name]) => name === city).sort((a, b) => b[2] - a[2]);
  const inNamedState = candidates.find(([, code]) => statesNamed.includes(code));
  if (inNamedState) return { kind: 'city', city, state: inNamedState[1] };
  const [first, second] = candidates;
  if (first && (!second || first[2] >= dominantPopulationRatio * second[2])) return { kind: 'city', city, state: first[1] };
  // Several cities of that name, all served by the same office: no need to ask which.
  const offices = new Set(candidates.map(([, code]) => servingOffices(request, code).join('+')));
  if (first && offices.size === 1) return { kind: 'city', city, state: first[1] };
  return { kind: 'ambiguousCity', city, states: [...new Set(candidates.map(([, code]) => code))] };
}

/** "Houston" means Houston, Texas; "Portland" (Oregon 630,000, Maine 67,000) is worth asking about. */
const dominantPopulationRatio = 10;

function servingOffices(request: AnswerRequest, code: string): string[] {
  return request.facts.offices.canadianOffices.filter((o) => o.serves.includes(code)).map((o) => o.id);
}

function describePlace(request: AnswerRequest, place: Place): { text: string; offices: Office[] } {
  const { facts, language } = request;
  const all = facts.offices.canadianOffices;
  const officeName = (o: Office) => local(o.name, language);
  const serves = (o: Office) => say(facts, language, 'officeServesStates', { places: servedPlaces(facts, o, language) });

  if (place.kind === 'office') {
    const office = all.find((o) => o.id === place.officeId)!;
    const first = say(facts, language, request.yesNo ? 'officeHereYes' : 'officeHere', { city: office.city, office: officeName(office) });
    return { text: `${first} ${serves(office)}`, offices: [office] };
  }

  const code = place.kind === 'city' ? place.state : place.kind === 'state' ? place.code : '';
  const name = stateName(facts, code, language);
  const serving = all.filter((o) => o.serves.includes(code));
  const servedBy = serving.map((office) => {
    const part = office.servesPart?.[code];
    return say(facts, language, 'placeServedBy', { place: part ? local(part, language) : name, office: officeName(office) });
  });
  const lines: string[] = [];
  if (place.kind === 'city') {
    const key = request.yesNo ? 'cityNoOfficeNo' : 'cityNoOffice';
    if (serving.length === 1) lines.push(say(facts, language, key, { city: place.city, state: name, office: officeName(serving[0]!) }));
    else lines.push(say(facts, language, request.yesNo ? 'placeNoOffice' : 'cityNoOfficeShort', { place: place.city }), ...servedBy);
  } else {
    const inState = all.filter((o) => o.state === code);
    if (request.yesNo && inState.length) lines.push(say(facts, language, 'placeHasOfficeYes', { office: listOf(inState.map(officeName), language), place: name }));
    else {
      if (request.yesNo) lines.push(say(facts, language, 'placeNoOffice', { place: name }));
      lines.push(...servedBy);
    }
  }
  if (serving.length === 1) lines.push(serves(serving[0]!));
  if (place.kind === 'state' && code === 'WA' && /washington(?!\s*state)/i.test(request.text)) {
    const embassyOffice = all.find((o) => o.kind === 'embassy')!;
    lines.push(say(facts, language, 'officeWashingtonAmbiguous', { office: officeName(embassyOffice) }));
    serving.push(embassyOffice);
  }
  return { text: lines.join(' '), offices: serving };
}
