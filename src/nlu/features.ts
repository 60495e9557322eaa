// Turns a token list into a TF-IDF weighted sparse vector: stemmed words, word pairs and character
// n-grams (which keep typos and word forms close to what was trained). Each group is L2-normalized
// on its own and weighted, so long words do not drown the word features.
import { englishStemmer } from './natural.js';

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  charNgramMin: number;
  charNgramMax: number;
  wordWeight: number;
  pairWeight: number;
  charWeight: number;
}

export const defaultFeatureOptions: FeatureOptions = { charNgramMin: 3, charNgramMax: 5, wordWeight: 1, pairWeight: 0.6, charWeight: 0.5 };

type Group = 'w' | 'b' | 'c';

function isPlaceholder(word: string): boolean {
  return word.startsWith('zz');
}

const stems = new Map<string, string>();
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = isPlaceholder(word) || /\d/.test(word) ? word : englishStemmer.stem(word);
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Raw feature counts of one utterance, keyed "group:feature". */
export function featureCounts(words: string[], options: FeatureOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const stems = words.map(stem);
  for (const s of stems) add(`w:${s}`);
  for (let i = 0; i + 1 < stems.length; i++) add(`b:${stems[i]}_${stems[i + 1]}`);
  for (const word of words) {
    if (isPlaceholder(word)) continue;
    const padded = ` ${word} `;
    for (let n = options.charNgramMin; n <= options.charNgramMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
  }
  return counts;
}

export interface VectorizerState {
  options: FeatureOptions;
  features: string[];
  idf: number[];
}

export class Vectorizer {
  private readonly index: Map<string, number>;
  private readonly idf: Float32Array;

  private constructor(
    readonly options: FeatureOptions,
    private readonly features: string[],
    idf: ArrayLike<number>,
  ) {
    this.index = new Map(features.map((f, i) => [f, i]));
    this.idf = Float32Array.from(idf);
  }

  get size(): number {
    return this.features.length;
  }

  /** Learns the features and their IDF from the documents, and returns the documents' vectors too. */
  static fit(documents: string[][], options: FeatureOptions = defaultFeatureOptions): { vectorizer: Vectorizer; vectors: SparseVector[] } {
    const documentFrequency = new Map<string, number>();
    const counts = documents.map((doc) => featureCounts(doc, options));
    for (const c of counts) for (const key of c.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
    const features = [...documentFrequency.keys()];
    const n = documents.length;
    const idf = features.map((f) => Math.log((1 + n) / (1 + documentFrequency.get(f)!)) + 1);
    const vectorizer = new Vectorizer(options, features, idf);
    return { vectorizer, vectors: counts.map((c) => vectorizer.weigh(c)) };
  }

  static fromState(state: VectorizerState): Vectorizer {
    return new Vectorizer(state.options, state.features, state.idf);
  }

  toState(): VectorizerState {
    return { options: this.options, features: this.features, idf: [...this.idf] };
  }

  transform(words: string[]): SparseVector {
    return this.weigh(featureCounts(words, this.options));
  }

  private weigh(counts: Map<string, number>): SparseVector {
    const weight: Record<Group, number> = { w: this.options.wordWeight, b: this.options.pairWeight, c: this.options.charWeight };
    const byGroup: Record<Group, { index: number; value: number }[]> = { w: [], b: [], c: [] };
    for (const [key, count] of counts) {
      const index = this.index.get(key);
      if (index === undefined) continue;
      byGroup[key[0] as Group].push({ index, value: (1 + Math.log(count)) * this.idf[index]! });
    }
    const entries: { index: number; value: number }[] = [];
    for (const group of ['w', 'b', 'c'] as const) {
      const list = byGroup[group];
      const norm = Math.sqrt(list.reduce((sum, e) => sum + e.value * e.value, 0));
      if (norm === 0) continue;
      for (const e of list) entries.push({ index: e.index, value: (e.value / norm) * weight[group] });
    }
    return { indices: Int32Array.from(entries, (e) => e.index), values: Float32Array.from(entries, (e) => e.value) };
  }
}
