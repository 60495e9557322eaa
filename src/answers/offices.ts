// Canada's embassy and consulates in the US, the US offices in Canada, and which office serves a place.
import type { FactBase } from '../facts/loader.js';
import type { Language, Office } from '../facts/schema.js';
import { answer, listOf, local, say, sourceOf, yesFirst } from './compose.js';
import type { AnswerFunction, AnswerRequest, SourceReference, Subject } from './types.js';

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

function officeSource(office: Office): SourceReference {
  return sourceOf(office);
}

function caution(facts: FactBase, office: Office, language: Language): string[] {
  if (office.confidence !== 'unverified') return [];
  const note = office.confidenceNote ? local(office.confidenceNote, language) : '';
  return [say(facts, language, 'unverifiedDistrict', { office: local(office.name, language), note, url: office.detailsUrl })];
}

export const embassy: AnswerFunction = (request) => {
  const { facts, language } = request;
  const office = facts.offices.canadianOffices.find((o) => o.kind === 'embassy')!;
  const lines = [yesFirst(request, say(facts, language, 'embassy'))];
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
  const text = `${yesFirst(request, say(facts, language, 'usOffices'))} ${say(facts, language, 'usConsulates', { cities: listOf(us.consulatesGeneral, language) })}`;
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
  const places = request.subjects.filter((s) => s.type === 'officeCity' || s.type === 'usState').slice(0, mostPlaces);
  if (places.length === 0) {
    return answer(request, {
      text: say(facts, language, 'officeAskPlace'),
      sources: [],
      suggest: ['suggest.offices.list', 'suggest.offices.forState', 'suggest.offices.embassy'],
    });
  }
  const paragraphs: string[] = [];
  const offices = new Map<string, Office>();
  const covered = new Set<string>();
  for (const place of places) {
    const part = describePlace(request, place);
    for (const office of part.offices) offices.set(office.id, office);
    // "I live in Atlanta, Georgia": one answer, not two.
    const key = part.offices.map((o) => o.id).join('+');
    if (covered.has(key) && place.type === 'usState') continue;
    covered.add(key);
    paragraphs.push(part.text);
  }
  const all = [...offices.values()];
  return answer(request, {
    text: [...paragraphs, say(facts, language, 'officeCurrentDetails', { url: travelUrl(facts) })].join('\n\n'),
    sources: all.map(officeSource),
    cautions: all.flatMap((o) => caution(facts, o, language)),
    suggest: ['suggest.offices.list', 'suggest.offices.embassy', 'suggest.offices.usInCanada'],
    subjects: places,
  });
};

function describePlace(request: AnswerRequest, place: Subject): { text: string; offices: Office[] } {
  const { facts, language } = request;
  const all = facts.offices.canadianOffices;
  const officeName = (o: Office) => local(o.name, language);
  const serves = (o: Office) => say(facts, language, 'officeServesStates', { places: servedPlaces(facts, o, language) });

  if (place.type === 'officeCity') {
    const office = all.find((o) => o.id === place.id)!;
    const first = request.yesNo
      ? say(facts, language, 'officeHereYes', { city: office.city, office: officeName(office) })
      : say(facts, language, 'officeHere', { city: office.city, office: officeName(office) });
    return { text: `${first} ${serves(office)}`, offices: [office] };
  }

  const name = stateName(facts, place.id, language);
  const serving = all.filter((o) => o.serves.includes(place.id));
  const inState = all.filter((o) => o.state === place.id);
  const lines: string[] = [];
  if (request.yesNo) {
    lines.push(
      inState.length
        ? say(facts, language, 'placeHasOfficeYes', { office: listOf(inState.map(officeName), language), place: name })
        : say(facts, language, 'placeNoOffice', { place: name }),
    );
  }
  for (const office of serving) {
    const part = office.servesPart?.[place.id];
    lines.push(say(facts, language, 'placeServedBy', { place: part ? local(part, language) : name, office: officeName(office) }));
  }
  if (serving.length === 1) lines.push(serves(serving[0]!));
  if (place.id === 'WA' && /washington(?!\s*state)/i.test(request.text)) {
    const embassyOffice = all.find((o) => o.kind === 'embassy')!;
    lines.push(say(facts, language, 'officeWashingtonAmbiguous', { office: officeName(embassyOffice) }));
    serving.push(embassyOffice);
  }
  return { text: lines.join(' '), offices: serving };
}

