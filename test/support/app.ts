// One trained app per test file, built exactly as `npm start` builds it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';

export const rootDir = fileURLToPath(new URL('../..', import.meta.url));

/** Tests log nothing and keep turn events in a temporary file. */
const logs = mkdtempSync(join(tmpdir(), 'logs-'));
const quiet = {
  LOG_LEVEL: 'silent',
  EVENTS_LOG: join(logs, 'events.jsonl'),
};

let app: App | undefined;
export function testApp(env: NodeJS.ProcessEnv = {}): App {
  if (Object.keys(env).length) return createApp(readConfig({ ...quiet, ...env }, rootDir));
  app ??= createApp(readConfig(quiet, rootDir));
  return app;
}

/** The held-out test sentences of a language (test/fixtures, written apart from intents/). */
export function heldOutSet(language: 'en' | 'fr'): { text: string; intent: string }[] {
  return readFileSync(join(rootDir, `test/fixtures/heldout.${language}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { text: string; intent: string });
}
