// A trained recognizer saved by `npm run build` and loaded at start-up, so the bot does not retrain
// on every start. The file names a fingerprint of everything training depends on (utterances, facts,
// options, version, the recognizer's code); any change makes it stale and the bot trains afresh instead.
//
// The file is binary: the vectors are stored as the typed arrays the recognizer uses, so loading one is
// reading bytes — no JSON of numbers, no base64, no copy (the arrays are views of the file's buffer).
// Layout (little-endian): the magic "CUSMODEL", the header's length (uint32) and the header (JSON:
// fingerprint, and per language its options, labels, sizes and where its section starts), then each
// language's section at an offset that is a multiple of 8: feature keys (int32, ascending), their IDF
// (float32), the weights (float32, features × labels), the biases (float32), the word counts (JSON).
// Only English is built at start-up; another language is built from its section when a first message
// in it needs it (the bytes are read with the rest, which is what building it would use anyway).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FactBase } from '../facts/loader.js';
import { languages, type Language } from '../facts/schema.js';
import { version } from '../version.js';
import { examplesOf, type IntentDefinition } from './corpus.js';
import {
  defaultRecognizerOptions,
  IntentRecognizer,
  type RecognizerOptions,
  type RecognizerState,
} from './recognizer.js';

export type Recognizers = Partial<Record<Language, IntentRecognizer>>;

const magic = 'CUSMODEL';

/** What the header says of a language's section. */
interface SectionHeader {
  options: RecognizerOptions;
  labels: string[];
  featureCount: number;
  /** Where the section starts in the file, and how many bytes its word counts take (at its end). */
  offset: number;
  wordCountsBytes: number;
}

interface Header {
  fingerprint: string;
  languages: Partial<Record<Language, SectionHeader>>;
}

function trainingFingerprint(...inputs: unknown[]): string {
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

const align = (n: number) => Math.ceil(n / 8) * 8;

/** The typed arrays of a section, in file order. */
function sectionArrays(state: RecognizerState): Uint8Array[] {
  const { features, idf } = state.vectorizer;
  const { weights, bias } = state.model;
  return [features, idf, weights, bias].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Written to a new file then renamed over the old one: a bot reading the old file never sees half of the new. */
export function saveRecognizers(path: string, fingerprint: string, recognizers: Recognizers): void {
  const states = (Object.entries(recognizers) as [Language, IntentRecognizer][]).map(
    ([language, recognizer]) => [language, recognizer.toState()] as const,
  );
  const sections = states.map(([language, state]) => {
    const wordCounts = Buffer.from(JSON.stringify(state.wordCounts));
    return { language, state, arrays: sectionArrays(state), wordCounts };
  });
  // The header's length depends on the offsets it holds: lay out with room for the longest numbers.
  const draft = (offsets: number[]): Header => ({
    fingerprint,
    languages: Object.fromEntries(
      sections.map(({ language, state, wordCounts }, i) => [
        language,
        {
          options: state.options,
          labels: state.model.labels,
          featureCount: state.model.featureCount,
          offset: offsets[i]!,
          wordCountsBytes: wordCounts.length,
        },
      ]),
    ),
  });
  const headerRoom = align(12 + Buffer.byteLength(JSON.stringify(draft(sections.map(() => 2 ** 40)))));
  const offsets: number[] = [];
  let end = headerRoom;
  for (const section of sections) {
    offsets.push(end);
    end = align(end + section.arrays.reduce((sum, a) => sum + a.byteLength, 0) + section.wordCounts.length);
  }
  const file = Buffer.alloc(end);
  const header = Buffer.from(JSON.stringify(draft(offsets)));
  file.write(magic, 0, 'latin1');
  file.writeUInt32LE(header.length, 8);
  header.copy(file, 12);
  sections.forEach((section, i) => {
    let at = offsets[i]!;
    for (const bytes of [...section.arrays, section.wordCounts]) {
      file.set(bytes, at);
      at += bytes.byteLength;
    }
  });
  writeFileSync(`${path}.tmp`, file);
  renameSync(`${path}.tmp`, path);
}

/** A language's recognizer state, its arrays viewing the file's bytes. */
function sectionState(file: Buffer, section: SectionHeader): RecognizerState {
  const n = section.featureCount;
  const classes = section.labels.length;
  let at = file.byteOffset + section.offset;
  const take = <T>(make: (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number): T => {
    const array = make(file.buffer, at, length);
    at += length * 4;
    return array;
  };
  const features = take((b, o, l) => new Int32Array(b, o, l), n);
  const idf = take((b, o, l) => new Float32Array(b, o, l), n);
  const weights = take((b, o, l) => new Float32Array(b, o, l), n * classes);
  const bias = take((b, o, l) => new Float32Array(b, o, l), classes);
  const wordCountsStart = at - file.byteOffset;
  const wordCounts = JSON.parse(
    file.toString('utf8', wordCountsStart, wordCountsStart + section.wordCountsBytes),
  ) as RecognizerState['wordCounts'];
  return {
    options: section.options,
    wordCounts,
    vectorizer: { options: section.options.features, features, idf },
    model: { labels: section.labels, featureCount: n, weights, bias },
  };
}

/** The file's header, and its bytes (aligned for the typed arrays), or undefined when it is not a model file. */
function readModelFile(path: string): { header: Header; file: Buffer } | undefined {
  let file = readFileSync(path);
  if (file.toString('latin1', 0, 8) !== magic) return undefined;
  // A Buffer from Node's pool may start anywhere in its ArrayBuffer: the arrays need 4-byte alignment.
  if (file.byteOffset % 8 !== 0) file = Buffer.from(Uint8Array.prototype.slice.call(file));
  const headerLength = file.readUInt32LE(8);
  return { header: JSON.parse(file.toString('utf8', 12, 12 + headerLength)) as Header, file };
}

/**
 * The saved recognizers when they were trained on exactly these inputs; otherwise undefined. English is
 * built now; every other language on first use (reading its property builds it).
 */
export function loadRecognizers(path: string, fingerprint: string, facts: FactBase): Recognizers | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const read = readModelFile(path);
    if (!read || read.header.fingerprint !== fingerprint) return undefined;
    const { header, file } = read;
    const recognizers: Recognizers = {};
    for (const [language, section] of Object.entries(header.languages) as [Language, SectionHeader][]) {
      const build = () => IntentRecognizer.fromState(sectionState(file, section), facts);
      if (language === 'en') recognizers.en = build();
      else {
        let built: IntentRecognizer | undefined;
        Object.defineProperty(recognizers, language, { enumerable: true, get: () => (built ??= build()) });
      }
    }
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
  if (saved?.en) return { recognizers: saved as Recognizers & { en: IntentRecognizer }, loaded: true };
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
