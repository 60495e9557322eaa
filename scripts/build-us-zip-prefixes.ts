// Regenerates data/us-zip-prefixes.json from the `zipcodes` package: for each 3-digit ZIP prefix,
// the state most of its ZIP codes are in and their mean coordinates; ZIP codes in another state than
// their prefix are listed as exceptions. 950 rows instead of 42,000: a ZIP code is placed in a state
// without loading the 5 MB package at start-up.
// usage: npm run data:zips
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface ZipCode {
  zip: string;
  latitude: number;
  longitude: number;
  state: string;
  country: string;
}

type Place = [state: string, latitude: number, longitude: number];

const round = (x: number) => Math.round(x * 100) / 100;

export function extractZipPrefixes(): { prefixes: Record<string, Place>; exceptions: Record<string, Place> } {
  const require = createRequire(import.meta.url);
  const { codes } = require('zipcodes/lib/codes.js') as { codes: Record<string, ZipCode> };
  const byPrefix = new Map<string, ZipCode[]>();
  for (const code of Object.values(codes)) {
    if (code.country !== 'US' || !/^\d{5}$/.test(code.zip)) continue;
    const prefix = code.zip.slice(0, 3);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), code]);
  }
  const prefixes: Record<string, Place> = {};
  const exceptions: Record<string, Place> = {};
  for (const [prefix, list] of [...byPrefix].sort()) {
    const counts = new Map<string, number>();
    for (const c of list) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
    const state = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const inState = list.filter((c) => c.state === state);
    const mean = (f: (c: ZipCode) => number) => round(inState.reduce((sum, c) => sum + f(c), 0) / inState.length);
    prefixes[prefix] = [state, mean((c) => c.latitude), mean((c) => c.longitude)];
    for (const c of list) if (c.state !== state) exceptions[c.zip] = [c.state, round(c.latitude), round(c.longitude)];
  }
  return { prefixes, exceptions };
}

export function usZipPrefixesFile(extract = extractZipPrefixes()) {
  const version = (createRequire(import.meta.url)('zipcodes/package.json') as { version: string }).version;
  return { source: 'zipcodes-package', asOf: '2026-11-25', generatedFrom: `zipcodes@${version}`, ...extract };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const file = usZipPrefixesFile();
  const rows = (record: Record<string, Place>) =>
    Object.entries(record)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  const { prefixes, exceptions, ...header } = file;
  const json = `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "prefixes": {\n${rows(prefixes)}\n  },\n  "exceptions": {\n${rows(exceptions)}\n  }\n}\n`;
  writeFileSync(new URL('../data/us-zip-prefixes.json', import.meta.url), json);
  console.log(
    `data/us-zip-prefixes.json: ${Object.keys(prefixes).length} prefixes, ${Object.keys(exceptions).length} exceptions, from ${file.generatedFrom}`,
  );
}
