// A trained recognizer saved by `npm run build` and loaded at start-up, so the bot does not retrain
// on every start. The file names a fingerprint of everything training depends on (utterances, facts,
// options, version); any change makes it stale and the bot trains afresh instead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FactBase } from '../facts/loader.js';
import { IntentRecognizer, type RecognizerState } from './recognizer.js';

interface ModelFile {
  fingerprint: string;
  state: RecognizerState;
}

export function trainingFingerprint(...inputs: unknown[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(JSON.stringify(input));
  return hash.digest('hex');
}

export function saveRecognizer(path: string, fingerprint: string, recognizer: IntentRecognizer): void {
  const file: ModelFile = { fingerprint, state: recognizer.toState() };
  writeFileSync(path, JSON.stringify(file));
}

/** The saved recognizer when it was trained on exactly these inputs; otherwise undefined. */
export function loadRecognizer(path: string, fingerprint: string, facts: FactBase): IntentRecognizer | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
    return file.fingerprint === fingerprint ? IntentRecognizer.fromState(file.state, facts) : undefined;
  } catch (error) {
    console.warn(`ignoring unreadable model file ${path}: ${(error as Error).message}`);
    return undefined;
  }
}
