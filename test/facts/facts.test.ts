import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFacts, loadFactBase } from '../../src/facts/loader.js';
import { rootDir } from '../support/app.js';

const dataDir = join(rootDir, 'data');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a broken copy may change any field of the file
function brokenCopy(file: string, change: (json: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'facts-'));
  cpSync(dataDir, dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  change(json);
  writeFileSync(join(dir, file), JSON.stringify(json));
  return dir;
}

describe('fact base', () => {
  const facts = loadFactBase(dataDir);

  it('loads and counts its sourced facts', () => {
    expect(countFacts(facts)).toBeGreaterThan(60);
  });

  it('gives every source a URL', () => {
    for (const source of facts.sources.values()) expect(source.url).toMatch(/^https:\/\//);
  });

  it('lists the 12 consulates general and the embassy of the source page', () => {
    const cities = facts.offices.canadianOffices.filter((o) => o.kind === 'consulateGeneral').map((o) => o.city);
    expect(cities).toEqual([
      'Atlanta',
      'Boston',
      'Chicago',
      'Dallas',
      'Denver',
      'Detroit',
      'Los Angeles',
      'Miami',
      'Minneapolis',
      'New York',
      'San Francisco',
      'Seattle',
    ]);
    expect(facts.offices.canadianOffices.filter((o) => o.kind === 'embassy')).toHaveLength(1);
  });

  it('has every agreement and organization named on the source page', () => {
    expect(facts.agreements.agreements.map((a) => a.acronym.en).sort()).toEqual([
      'CUSFTA',
      'CUSMA',
      'EGA',
      'GATS',
      'GATT',
      'GPA',
      'ITA',
      'TFA',
      'TISA',
      'TRIMS',
      'TRIPS',
    ]);
    expect(facts.organizations.organizations).toHaveLength(12);
  });

  it('serves every state, DC and the territories from at least one office', () => {
    for (const state of facts.states.states) {
      expect(
        facts.offices.canadianOffices.some((o) => o.serves.includes(state.code)),
        state.code,
      ).toBe(true);
    }
  });

  it('rejects a file whose fact has no source, naming the file and field', () => {
    const dir = brokenCopy('border.json', (json) => delete json.length.source);
    expect(() => loadFactBase(dir)).toThrow(/data\/border\.json: field "length\.source"/);
  });

  it('rejects a bad "as of" date', () => {
    const dir = brokenCopy('trade.json', (json) => (json.jobs.asOf = 'last year'));
    expect(() => loadFactBase(dir)).toThrow(/data\/trade\.json: field "jobs\.asOf": expected YYYY/);
  });

  it('rejects a fact that cites a source not in sources.json', () => {
    const dir = brokenCopy('defence.json', (json) => (json.norad.source = 'nowhere'));
    expect(() => loadFactBase(dir)).toThrow(/data\/defence\.json: field "norad\.source": unknown source "nowhere"/);
  });

  it('rejects a state left without an office', () => {
    const dir = brokenCopy('offices.json', (json) => (json.canadianOffices[2].serves = ['MA']));
    expect(() => loadFactBase(dir)).toThrow(/state (ME|NH|RI|VT) must be served by exactly one office/);
  });

  it('rejects a file that is not JSON', () => {
    const dir = brokenCopy('strings.json', () => undefined);
    writeFileSync(join(dir, 'strings.json'), '{ not json');
    expect(() => loadFactBase(dir)).toThrow(/data\/strings\.json: cannot be read as JSON/);
  });
});

describe('US city gazetteer', () => {
  it('is exactly the extract of its GeoNames package (regenerate with npm run data:cities)', async () => {
    const { extractUsCities } = await import('../../scripts/build-us-cities.js');
    const stored = JSON.parse(readFileSync(join(dataDir, 'us-cities.json'), 'utf8')) as { cities: unknown[] };
    expect(stored.cities).toEqual(extractUsCities());
  });
});

describe('ZIP code prefixes', () => {
  it('are exactly the extract of the zipcodes package (regenerate with npm run data:zips)', async () => {
    const { extractZipPrefixes } = await import('../../scripts/build-us-zip-prefixes.js');
    const { prefixes, exceptions } = JSON.parse(readFileSync(join(dataDir, 'us-zip-prefixes.json'), 'utf8')) as {
      prefixes: unknown;
      exceptions: unknown;
    };
    expect({ prefixes, exceptions }).toEqual(extractZipPrefixes());
  });
});
