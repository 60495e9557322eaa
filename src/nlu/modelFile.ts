// A trained recognizer saved by `npm run build` and loaded at start-up, so the bot does not retrain
// on every start. The file names a fingerprint of everything training depends on (utterances, facts,
// options, version); any change makes it stale and the bot trains afresh instead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { IntentRecognizer, type RecognizerState } from './recognizer.js';

export type Recognizers = Partial<Record<Language, IntentRecognizer>>;

interface ModelFile {
  fingerprint: string;
  states: Partial<Record<Language, RecognizerState>>;
}

export function trainingFingerprint(...inputs: unknown[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(JSON.stringify(input));
  return hash.digest('hex');
}

export function saveRecognizers(path: string, fingerprint: string, recognizers: Recognizers): void {
  const states: ModelFile['states'] = {};
  for (const [language, recognizer] of Object.entries(recognizers) as [Language, IntentRecognizer][]) states[language] = recognizer.toState();
  writeFileSync(path, JSON.stringify({ fingerprint, states } satisfies ModelFile));
}

/** The saved recognizers when they were trained on exactly these inputs; otherwise undefined. */
export function loadRecognizers(path: string, fingerprint: string, facts: FactBase): Recognizers | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
    if (file.fingerprint !== fingerprint) return undefined;
    const recognizers: Recognizers = {};
    for (const [language, state] of Object.entries(file.states) as [Language, RecognizerState][]) recognizers[language] = IntentRecognizer.fromState(state, facts);
    return recognizers;
  } catch (error) {
    console.warn(`ignoring unreadable model file ${path}: ${(error as Error).message}`);
    return undefined;
  }
}
