// Turns a token list into a TF-IDF weighted sparse vector: stemmed words, word pairs and character
// n-grams (which keep typos and word forms close to what was trained). Each group is L2-normalized
// on its own and weighted, so long words do not drown the word features.
import type { Language } from '../facts/schema.js';
import { isPlaceholder } from './entities.js';
import { stemmers } from './natural.js';
import { fnv1a } from './text.js';

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  /** Whose stemmer to use. */
  language: Language;

  charNgramMin: number;
  charNgramMax: number;
  wordWeight: number;
  pairWeight: number;
  charWeight: number;
  /** 1: features weighed by inverse document frequency; 0: not at all (on a few dozen examples it is mostly noise). */
  idfPower: number;
}

export const defaultFeatureOptions: FeatureOptions = {
  language: 'en',
  charNgramMin: 3,
  charNgramMax: 5,
  wordWeight: 1,
  pairWeight: 0.6,
  charWeight: 0.5,
  idfPower: 1,
};

/** Feature groups: 0 stemmed word, 1 pair of stemmed words, 2 character n-gram. */
type Group = 0 | 1 | 2;

const stems = { en: new Map<string, string>(), fr: new Map<string, string>() };
const longestCachedWord = 30;
/** The word's stem (words arrive accent-folded, so "frontière" and "frontiere" stem alike). */
function stem(word: string, language: Language): string {
  const cache = stems[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = isPlaceholder(word) || /\d/.test(word) ? word : stemmers[language].stem(word);
    // Only word-sized words are remembered: a hostile message of long "words" must not fill memory.
    if (cache.size > 50_000) cache.clear();
    if (word.length <= longestCachedWord) cache.set(word, stemmed);
  }
  return stemmed;
}

// Features are 32-bit FNV-1a hashes rather than strings: no string is built per n-gram, which keeps
// classification allocation-light (and garbage-collection pauses out of the latency tail).
const fnvPrime = 16777619;
const groupSeeds = [2166136261, 3735928559, 2654435761];

const hashText = (seed: number, text: string) => fnv1a(text, 0, text.length, seed);

/**
 * A feature key: 28 bits of hash and the group in the two low bits, so the group can be read back and
 * the key stays a small integer (which V8 stores without allocating).
 */
function key(group: Group, hash: number): number {
  return (((hash >>> 4) << 2) | group) >>> 0;
}

/** Raw feature counts of one utterance, keyed by hashed feature. */
function featureCounts(words: string[], options: FeatureOptions): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (k: number) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const wordHashes = words.map((w) => hashText(groupSeeds[0]!, stem(w, options.language)));
  for (const h of wordHashes) add(key(0, h));
  for (let i = 0; i + 1 < wordHashes.length; i++)
    add(key(1, Math.imul(wordHashes[i]! ^ groupSeeds[1]!, fnvPrime) ^ wordHashes[i + 1]!));
  for (const word of words) if (!isPlaceholder(word)) addCharNgrams(word, options, add);
  return counts;
}

/** The word's character n-grams, with a space at each end so that its start and end count apart. */
function addCharNgrams(word: string, options: FeatureOptions, add: (key: number) => void): void {
  const padded = ` ${word} `;
  for (let start = 0; start + options.charNgramMin <= padded.length; start++) {
    let h = groupSeeds[2]!;
    for (let end = start; end < padded.length && end - start < options.charNgramMax; end++) {
      h = Math.imul(h ^ padded.charCodeAt(end), fnvPrime);
      if (end - start + 1 >= options.charNgramMin) add(key(2, h));
    }
  }
}

export interface VectorizerState {
  options: FeatureOptions;
  /** The feature keys in ascending order: a feature's index is its place here. */
  features: Int32Array;
  idf: Float32Array;
}

export class Vectorizer {
  /**
   * An open-addressing hash table from feature key to index (index + 1; 0 is an empty slot), at most half
   * full: built in a millisecond when a model loads, a few array reads a lookup, no object per feature.
   */
  private readonly slots: Int32Array;
  private readonly shift: number;

  private constructor(
    readonly options: FeatureOptions,
    /** The feature keys in ascending order (how the model file stores them). */
    private readonly features: Int32Array,
    private readonly idf: Float32Array,
  ) {
    const bits = Math.max(4, Math.ceil(Math.log2(features.length * 2 + 1)));
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    for (let i = 0; i < features.length; i++) {
      let slot = this.slotOf(features[i]!);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (this.slots.length - 1);
      this.slots[slot] = i + 1;
    }
  }

  get size(): number {
    return this.features.length;
  }

  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The index of a feature key, or -1 when training never saw it. */
  private indexOf(key: number): number {
    const mask = this.slots.length - 1;
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.features[entry - 1] === key) return entry - 1;
    }
  }

  /** Learns the features and their IDF from the documents, and returns the documents' vectors too. */
  static fit(
    documents: string[][],
    options: FeatureOptions = defaultFeatureOptions,
  ): { vectorizer: Vectorizer; vectors: SparseVector[] } {
    const documentFrequency = new Map<number, number>();
    const counts = documents.map((doc) => featureCounts(doc, options));
    for (const c of counts)
      for (const key of c.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
    const features = Int32Array.from(documentFrequency.keys()).sort();
    const n = documents.length;
    const idf = Float32Array.from(features, (f) =>
      Math.pow(Math.log((1 + n) / (1 + documentFrequency.get(f)!)) + 1, options.idfPower),
    );
    const vectorizer = new Vectorizer(options, features, idf);
    return { vectorizer, vectors: counts.map((c) => vectorizer.weigh(c)) };
  }

  static fromState(state: VectorizerState): Vectorizer {
    if (state.idf.length !== state.features.length) throw new Error('model state: idf does not match the features');
    return new Vectorizer(state.options, state.features, state.idf);
  }

  toState(): VectorizerState {
    return { options: this.options, features: this.features, idf: this.idf };
  }

  /** Whether training saw this word, or another word of the same stem ("alternative" for "alternatives"). */
  knowsWord(word: string): boolean {
    return this.indexOf(key(0, hashText(groupSeeds[0]!, stem(word, this.options.language)))) >= 0;
  }

  transform(words: string[]): SparseVector {
    return this.weigh(featureCounts(words, this.options));
  }

  private weigh(counts: Map<number, number>): SparseVector {
    const weight = [this.options.wordWeight, this.options.pairWeight, this.options.charWeight];
    // Typed arrays, no object per feature: this runs on every message and every training example.
    const indices = new Int32Array(counts.size);
    const raw = new Float64Array(counts.size);
    const groups = new Uint8Array(counts.size);
    const squares = [0, 0, 0];
    let n = 0;
    for (const [feature, count] of counts) {
      const index = this.indexOf(feature);
      if (index < 0) continue;
      const value = (1 + Math.log(count)) * this.idf[index]!;
      const group = feature & 3;
      indices[n] = index;
      raw[n] = value;
      groups[n] = group;
      squares[group]! += value * value;
      n++;
    }
    const scale = squares.map((sum, group) => (sum > 0 ? weight[group]! / Math.sqrt(sum) : 0));
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = raw[i]! * scale[groups[i]!]!;
    return { indices: indices.slice(0, n), values };
  }
}
