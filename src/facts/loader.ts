// Loads and validates data/. Any problem throws a FactBaseError naming the file and the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import * as schema from './schema.js';

class FactBaseError extends Error {
  override name = 'FactBaseError';
}

export interface FactBase {
  sources: Map<string, schema.Source>;
  relationship: z.infer<typeof schema.relationshipFile>;
  border: z.infer<typeof schema.borderFile>;
  security: z.infer<typeof schema.securityFile>;
  defence: z.infer<typeof schema.defenceFile>;
  environment: z.infer<typeof schema.environmentFile>;
  trade: z.infer<typeof schema.tradeFile>;
  agreements: z.infer<typeof schema.agreementsFile>;
  organizations: z.infer<typeof schema.organizationsFile>;
  states: z.infer<typeof schema.statesFile>;
  offices: z.infer<typeof schema.officesFile>;
  referrals: z.infer<typeof schema.referralsFile>;
  usCities: z.infer<typeof schema.usCitiesFile>;
  usZipPrefixes: z.infer<typeof schema.usZipPrefixesFile>;
  strings: Record<string, schema.LocalizedText>;
  language: z.infer<typeof schema.languageFile>;
}

const files = {
  sources: ['sources.json', schema.sourcesFile],
  relationship: ['relationship.json', schema.relationshipFile],
  border: ['border.json', schema.borderFile],
  security: ['security.json', schema.securityFile],
  defence: ['defence.json', schema.defenceFile],
  environment: ['environment.json', schema.environmentFile],
  trade: ['trade.json', schema.tradeFile],
  agreements: ['agreements.json', schema.agreementsFile],
  organizations: ['organizations.json', schema.organizationsFile],
  states: ['states.json', schema.statesFile],
  offices: ['offices.json', schema.officesFile],
  referrals: ['referrals.json', schema.referralsFile],
  usCities: ['us-cities.json', schema.usCitiesFile],
  usZipPrefixes: ['us-zip-prefixes.json', schema.usZipPrefixesFile],
  strings: ['strings.json', schema.stringsFile],
  language: ['language.json', schema.languageFile],
} as const;

function readFile<T extends z.ZodTypeAny>(dir: string, file: string, shape: T): z.infer<T> {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FactBaseError(`data/${file}: cannot be read as JSON (${(error as Error).message})`);
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new FactBaseError(`data/${file}: field "${field || '(root)'}": ${issue.message}`);
  }
  return parsed.data;
}

export function loadFactBase(dir: string): FactBase {
  const read = <K extends keyof typeof files>(key: K) =>
    readFile(dir, files[key][0], files[key][1]) as z.infer<(typeof files)[K][1]>;
  const sourcesFile = read('sources');
  const base: FactBase = {
    sources: new Map(sourcesFile.sources.map((s) => [s.id, s])),
    relationship: read('relationship'),
    border: read('border'),
    security: read('security'),
    defence: read('defence'),
    environment: read('environment'),
    trade: read('trade'),
    agreements: read('agreements'),
    organizations: read('organizations'),
    states: read('states'),
    offices: read('offices'),
    referrals: read('referrals'),
    usCities: read('usCities'),
    usZipPrefixes: read('usZipPrefixes'),
    strings: read('strings').strings,
    language: read('language'),
  };
  checkReferences(base);
  return base;
}

/** Cross-file rules a per-file schema cannot express. */
function checkReferences(base: FactBase): void {
  for (const [key, [file]] of Object.entries(files)) {
    walkSourceIds(base[key as keyof FactBase], '', (id, field) => {
      if (!base.sources.has(id))
        throw new FactBaseError(`data/${file}: field "${field}": unknown source "${id}" (not in data/sources.json)`);
    });
  }
  const codes = new Set(base.states.states.map((s) => s.code));
  base.offices.canadianOffices.forEach((office, i) => {
    for (const code of [office.state, ...office.serves]) {
      if (!codes.has(code))
        throw new FactBaseError(`data/offices.json: field "canadianOffices[${i}]": unknown state code "${code}"`);
    }
  });
  base.usCities.cities.forEach(({ name, state }, i) => {
    if (!codes.has(state))
      throw new FactBaseError(`data/us-cities.json: field "cities[${i}]": ${name} has unknown state code "${state}"`);
  });
  base.offices.canadianOffices.forEach((office, i) => {
    if (!officeCoordinates(base, office))
      throw new FactBaseError(
        `data/offices.json: field "canadianOffices[${i}].city": ${office.city}, ${office.state} is not in data/us-cities.json`,
      );
  });
  const agreementIds = new Set(base.agreements.agreements.map((a) => a.id));
  base.agreements.agreements.forEach((a, i) => {
    for (const id of a.related ?? [])
      if (!agreementIds.has(id) || id === a.id)
        throw new FactBaseError(`data/agreements.json: field "agreements[${i}].related": unknown agreement "${id}"`);
  });
  for (const code of codes) {
    const serving = base.offices.canadianOffices.filter((o) => o.serves.includes(code));
    const whole = serving.filter((o) => !o.servesPart?.[code]);
    if (serving.length === 0 || (serving.length > 1 && whole.length > 0)) {
      throw new FactBaseError(
        `data/offices.json: field "canadianOffices": state ${code} must be served by exactly one office (or split into named parts), found ${serving.length}`,
      );
    }
  }
}

function walkSourceIds(value: unknown, path: string, visit: (id: string, field: string) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkSourceIds(v, `${path}[${i}]`, visit));
  else if (value instanceof Map) return;
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if ((k === 'source' || k === 'listSource' || k === 'detailSource') && typeof v === 'string') visit(v, field);
      else walkSourceIds(v, field, visit);
    }
  }
}

/** Counts the sourced facts, for /healthz. */
export function countFacts(base: FactBase): number {
  let count = 0;
  walkSourceIds(base, '', () => count++);
  return count;
}

/** An office's city coordinates, from the GeoNames gazetteer. */
export function officeCoordinates(
  base: Pick<FactBase, 'usCities'>,
  office: schema.Office,
): { latitude: number; longitude: number } | undefined {
  const city = base.usCities.cities.find(
    ({ name, state }) => name === (office.gazetteerName ?? office.city) && state === office.state,
  );
  return city ? { latitude: city.latitude, longitude: city.longitude } : undefined;
}

/** The fact base's names and aliases in one language, for language detection. */
export function localizedNames(base: FactBase, language: schema.Language): string[] {
  const names: string[] = [];
  const take = (text: { en: string | string[]; fr?: string | string[] | undefined } | undefined) => {
    const value = text?.[language];
    if (value !== undefined) names.push(...(Array.isArray(value) ? value : [value]));
  };
  for (const a of base.agreements.agreements) [a.name, a.aliases].forEach(take);
  for (const o of base.organizations.organizations) [o.name, o.aliases].forEach(take);
  for (const s of base.states.states) [s.name, s.aliases].forEach(take);
  for (const area of base.environment.areas) [area.text, area.aliases].forEach(take);
  for (const text of Object.values(base.strings)) take(text);
  return names;
}

/** An environment area's short id, which entities and subjects use: its fact id without `environment.`. */
export function areaId(area: { id: string }): string {
  return area.id.replace(/^environment\./, '');
}
