// npm run bench:gazetteer — what the US place gazetteer (data/us-cities.json, data/us-zip-prefixes.json
// and their entries in the name index) adds to start-up time and memory, against the same start-up
// without it, measured in this run. Issue budget: at most +300 ms and +60 MB.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFactBase, type FactBase } from '../src/facts/loader.js';
import { usCitiesFile, usZipPrefixesFile } from '../src/facts/schema.js';
import { EntityExtractor } from '../src/nlu/entities.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:gazetteer does)');
const root = fileURLToPath(new URL('..', import.meta.url));
const facts = loadFactBase(`${root}data`);
const withoutGazetteer: FactBase = {
  ...facts,
  usCities: { ...facts.usCities, cities: [] },
  usZipPrefixes: { ...facts.usZipPrefixes, prefixes: {}, exceptions: {} },
};

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 1e6;
}

function measure(label: string, build: () => unknown, rounds = 7) {
  const times: number[] = [];
  const kept: unknown[] = [];
  const before = heapMb();
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    kept.push(build());
    times.push(performance.now() - started);
  }
  const perCopyMb = (heapMb() - before) / rounds;
  kept.length = 0; // the copies may be collected now
  times.sort((a, b) => a - b);
  return { label, ms: times[Math.floor(rounds / 2)]!, mb: perCopyMb };
}

const loadFiles = () => ({
  cities: usCitiesFile.parse(JSON.parse(readFileSync(`${root}data/us-cities.json`, 'utf8'))),
  zips: usZipPrefixesFile.parse(JSON.parse(readFileSync(`${root}data/us-zip-prefixes.json`, 'utf8'))),
});
const baseline = measure('name index without gazetteer', () => new EntityExtractor(withoutGazetteer));
const files = measure('gazetteer files: read + validate', loadFiles);
const index = measure('name index with gazetteer', () => new EntityExtractor(facts));
const addedMs = files.ms + (index.ms - baseline.ms);
const addedMb = files.mb + (index.mb - baseline.mb);

for (const m of [baseline, files, index])
  console.log(`${m.label.padEnd(36)} ${m.ms.toFixed(1).padStart(7)} ms ${m.mb.toFixed(2).padStart(7)} MB`);
console.log(
  `gazetteer adds ${addedMs.toFixed(1)} ms (${(addedMs / 300).toFixed(2)} of the 300 ms budget) and ${addedMb.toFixed(2)} MB (${(addedMb / 60).toFixed(3)} of the 60 MB budget); ratio to the name index without it: ${((baseline.ms + addedMs) / baseline.ms).toFixed(2)}× time, ${((baseline.mb + addedMb) / baseline.mb).toFixed(2)}× memory`,
);
