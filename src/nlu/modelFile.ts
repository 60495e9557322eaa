// A trained recognizer saved by `npm run build` and loaded at start-up, so the bot does not retrain
// on every start. The file names a fingerprint of everything training depends on (utterances, facts,
// options, version, the recognizer's code); any change makes it stale and the bot trains afresh instead.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FactBase } from '../facts/loader.js';
import { languages, type Language } from '../facts/schema.js';
import { version } from '../version.js';
import { examplesOf, type IntentDefinition } from './corpus.js';
import { defaultRecognizerOptions, IntentRecognizer, type RecognizerState } from './recognizer.js';

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

/** The recognizer's own code (this folder): a model trained by other code is stale too. */
function recognizerCode(): string[] {
  const folder = fileURLToPath(new URL('.', import.meta.url));
  return readdirSync(folder)
    .filter((file) => /\.(js|ts)$/.test(file))
    .sort()
    .map((file) => readFileSync(join(folder, file), 'utf8'));
}

export function saveRecognizers(path: string, fingerprint: string, recognizers: Recognizers): void {
  const states: ModelFile['states'] = {};
  for (const [language, recognizer] of Object.entries(recognizers) as [Language, IntentRecognizer][])
    states[language] = recognizer.toState();
  writeFileSync(path, JSON.stringify({ fingerprint, states } satisfies ModelFile));
}

/** The saved recognizers when they were trained on exactly these inputs; otherwise undefined. */
export function loadRecognizers(path: string, fingerprint: string, facts: FactBase): Recognizers | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
    if (file.fingerprint !== fingerprint) return undefined;
    const recognizers: Recognizers = {};
    for (const [language, state] of Object.entries(file.states) as [Language, RecognizerState][])
      recognizers[language] = IntentRecognizer.fromState(state, facts);
    return recognizers;
  } catch (error) {
    console.warn(`ignoring unreadable model file ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

/** The models saved by `npm run build` when they still match the data, else freshly trained ones. */
export function trainedRecognizers(
  modelFile: string,
  facts: FactBase,
  intents: IntentDefinition[],
  save = false,
): { recognizers: Recognizers & { en: IntentRecognizer }; loaded: boolean } {
  const fingerprint = trainingFingerprint(version, recognizerCode(), defaultRecognizerOptions, intents, facts);
  const saved = loadRecognizers(modelFile, fingerprint, facts);
  if (saved?.en) return { recognizers: { ...saved, en: saved.en }, loaded: true };
  const recognizers: Recognizers = {};
  for (const language of languages) {
    const examples = examplesOf(intents, language);
    // A language trains once every intent has examples in it; until then English answers for it.
    if (examples.length && new Set(examples.map((e) => e.intent)).size === intents.length)
      recognizers[language] = IntentRecognizer.train(examples, facts, language, defaultRecognizerOptions);
  }
  if (!recognizers.en) throw new Error('intents/: every intent needs English utterances');
  if (save) saveRecognizers(modelFile, fingerprint, recognizers);
  return { recognizers: { ...recognizers, en: recognizers.en }, loaded: false };
}
