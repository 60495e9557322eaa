// Where a question is about: offices' cities, states, US cities (GeoNames) and ZIP codes, turned
// into places with a state and coordinates; and the great-circle distance to the nearest office.
import { officeCoordinates, type FactBase } from '../facts/loader.js';
import type { Office, UsCity } from '../facts/schema.js';
import type { EntityType } from '../nlu/entities.js';
import type { AnswerRequest, SourceReference } from './types.js';

/** The kinds of names the consulate finder answers about. */
export const placeTypes: EntityType[] = ['usState', 'officeCity', 'usCity', 'zipCode', 'servedPlace'];

export type Place =
  | { kind: 'office'; officeId: string }
  /** A place outside the states that an office serves too (Bermuda). */
  | { kind: 'served'; officeId: string }
  | { kind: 'state'; code: string }
  /** A city or ZIP code: in a state (or a territory without a listed office), at a point. */
  | {
      kind: 'point';
      label: string;
      zip: boolean;
      state: string;
      latitude: number;
      longitude: number;
      source: SourceReference;
    }
  | { kind: 'ambiguousCity'; city: string; states: string[] };

/** "Houston" means Houston, Texas; "Portland" (Oregon 630,000, Maine 67,000) is worth asking about. */
const dominantPopulationRatio = 10;

/** A city or ZIP code wins over the state it is in ("Portland, Oregon" is one place, not two). */
export function placesAsked(request: AnswerRequest): Place[] {
  const { facts } = request;
  const statesNamed = request.subjects.filter((s) => s.type === 'usState').map((s) => s.id);
  const statesCovered = new Set<string>();
  const places: Place[] = [];
  for (const subject of request.subjects) {
    let place: Place | undefined;
    if (subject.type === 'officeCity') place = { kind: 'office', officeId: subject.id };
    else if (subject.type === 'servedPlace') place = { kind: 'served', officeId: subject.id };
    else if (subject.type === 'usCity') place = resolveCity(request, subject.id, statesNamed);
    else if (subject.type === 'zipCode') place = resolveZip(facts, subject.id);
    if (!place) continue;
    if (place.kind === 'office')
      statesCovered.add(facts.offices.canadianOffices.find((o) => o.id === subject.id)!.state);
    if (place.kind === 'point') statesCovered.add(place.state);
    places.push(place);
  }
  for (const code of statesNamed) if (!statesCovered.has(code)) places.push({ kind: 'state', code });
  return places;
}

function resolveCity(request: AnswerRequest, city: string, statesNamed: string[]): Place {
  const { facts } = request;
  const candidates = facts.usCities.cities.filter((c) => c.name === city).sort((a, b) => b.population - a.population);
  const source = { id: facts.usCities.source, asOf: facts.usCities.asOf };
  const point = ({ name, state, latitude, longitude }: UsCity): Place => ({
    kind: 'point',
    label: name,
    zip: false,
    state,
    latitude,
    longitude,
    source,
  });
  const inNamedState = candidates.find((c) => statesNamed.includes(c.state));
  if (inNamedState) return point(inNamedState);
  const [first, second] = candidates;
  if (!first) return { kind: 'ambiguousCity', city, states: [] };
  if (!second || first.population >= dominantPopulationRatio * second.population) return point(first);
  // Several cities of that name, all served by the same office: no need to ask which.
  const offices = new Set(
    candidates.map((c) =>
      servingOffices(facts, c.state)
        .map((o) => o.id)
        .join('+'),
    ),
  );
  if (offices.size === 1) return point(first);
  return { kind: 'ambiguousCity', city, states: [...new Set(candidates.map((c) => c.state))] };
}

function resolveZip(facts: FactBase, zip: string): Place | undefined {
  const { prefixes, exceptions, source, asOf } = facts.usZipPrefixes;
  const found = exceptions[zip] ?? prefixes[zip.slice(0, 3)];
  if (!found) return undefined;
  return { kind: 'point', label: zip, zip: true, ...found, source: { id: source, asOf } };
}

export function servingOffices(facts: FactBase, code: string): Office[] {
  return facts.offices.canadianOffices.filter((o) => o.serves.includes(code));
}

/** The office nearest to a point by great-circle distance, among `offices` (all by default). */
export function nearestOffice(
  facts: FactBase,
  latitude: number,
  longitude: number,
  offices = facts.offices.canadianOffices,
): { office: Office; km: number } {
  let best: { office: Office; km: number } | undefined;
  for (const office of offices) {
    const at = officeCoordinates(facts, office)!;
    const km = greatCircleKm(latitude, longitude, at.latitude, at.longitude);
    if (!best || km < best.km) best = { office, km };
  }
  return best!;
}

const earthRadiusKm = 6371;
function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const a =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.sqrt(a));
}
