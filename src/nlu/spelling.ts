// Corrects misspelled words against the words the bot knows (training utterances and the fact base's
// names), using natural's Damerau-Levenshtein distance. A word found in the English dictionary is
// never "corrected": "pizza" stays "pizza" and the classifier can decline it.
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { damerauLevenshtein } from './natural.js';

let dictionary: Set<string> | undefined;
export function englishDictionary(): Set<string> {
  dictionary ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return dictionary;
}

export class SpellingCorrector {
  private readonly known: Map<string, number>;
  private readonly byLength = new Map<number, string[]>();
  private readonly cache = new Map<string, string>();
  private readonly dictionary: Set<string>;

  /** @param wordCounts every known word with how often it occurs (ties go to the commoner word) */
  constructor(wordCounts: Map<string, number>) {
    this.known = wordCounts;
    this.dictionary = englishDictionary();
    for (const word of wordCounts.keys()) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  isKnown(word: string): boolean {
    return this.known.has(word);
  }

  correct(word: string): string {
    if (word.length < 4 || this.known.has(word) || !/^\p{L}+$/u.test(word) || this.dictionary.has(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const maxDistance = word.length >= 7 ? 2 : 1;
    let best = word;
    let bestDistance = maxDistance + 1;
    let bestCount = 0;
    for (let length = word.length - maxDistance; length <= word.length + maxDistance; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        // The first letter is rarely the one mistyped; checking it first skips most candidates cheaply.
        if (candidate[0] !== word[0] && maxDistance === 1) continue;
        const distance = damerauLevenshtein(word, candidate);
        if (distance > maxDistance) continue;
        const count = this.known.get(candidate) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
          best = candidate;
          bestDistance = distance;
          bestCount = count;
        }
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}
