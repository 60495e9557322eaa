// Corrects misspelled words against the words the bot knows (training utterances and the fact base's
// names), using natural's Damerau-Levenshtein distance. A word found in the English dictionary is
// never "corrected": "pizza" stays "pizza" and the classifier can decline it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import wordListPath from 'word-list';
import type { Language } from '../facts/schema.js';
import { damerauLevenshtein } from './natural.js';
import { fnv1a, foldAccents } from './text.js';

/**
 * A language's word list (English 274,000 words, French 336,000), accent-folded, kept as a sorted
 * array of 32-bit word hashes: about 1.3 MB a language instead of 12–20 MB as text or a Set, and a
 * lookup is a binary search. Two words share a hash about once in 13,000 lookups of a word not in the
 * list; the only effect is that such a misspelling is left uncorrected.
 */
class Dictionary {
  private readonly hashes: Uint32Array;

  constructor(text: string) {
    const hashes: number[] = [];
    for (let start = 0; start < text.length;) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      if (end > start) hashes.push(fnv1a(text, start, end));
      start = end + 1;
    }
    this.hashes = Uint32Array.from(hashes).sort();
  }

  has(word: string): boolean {
    const target = fnv1a(word, 0, word.length);
    let low = 0;
    let high = this.hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.hashes[middle]!;
      if (value === target) return true;
      if (value < target) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

const dictionaries: Partial<Record<Language, Dictionary>> = {};
const require = createRequire(import.meta.url);
const wordLists: Record<Language, () => string> = {
  en: () => readFileSync(wordListPath, 'utf8'),
  // Read as a file, not require()d: the module cache would keep 336,000 strings alive (~30 MB).
  fr: () => (JSON.parse(readFileSync(require.resolve('an-array-of-french-words'), 'utf8')) as string[]).join('\n'),
};

export function dictionaryFor(language: Language): Dictionary {
  dictionaries[language] ??= new Dictionary(foldAccents(wordLists[language]()));
  return dictionaries[language];
}

/**
 * Corrects a word to the commonest known word at most one edit away (two for words of 7 letters or
 * more). Candidates come from a symmetric-delete index (every known word with up to one letter
 * deleted, two for long words, as in SymSpell), so a lookup is a handful of map reads, not a scan.
 */
export class SpellingCorrector {
  private readonly known: Map<string, number>;
  /** Built on the first word to correct (~60 ms), not at start-up: a language nobody writes in costs nothing. */
  private deletionIndex: Map<string, string[]> | undefined;
  private readonly cache = new Map<string, string>();
  private readonly language: Language;

  /** @param wordCounts every known word, accent-folded, with how often it occurs (ties go to the commoner word) */
  constructor(wordCounts: Map<string, number>, language: Language) {
    this.known = wordCounts;
    this.language = language;
  }

  private get byDeletion(): Map<string, string[]> {
    if (this.deletionIndex) return this.deletionIndex;
    const index = new Map<string, string[]>();
    for (const word of this.known.keys()) {
      if (word.length < 3) continue;
      // Long words may be two edits away; two of them may be letters the user left out ("misisippi").
      for (const key of word.length >= longWord ? withTwoDeletions(word) : withOneDeletion(word)) {
        const list = index.get(key);
        if (list) list.push(word);
        else index.set(key, [word]);
      }
    }
    this.deletionIndex = index;
    return index;
  }

  isKnown(word: string): boolean {
    return this.known.has(word);
  }

  correct(word: string): string {
    if (!this.mayBeMisspelt(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const best = this.closestKnownWord(word);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }

  /** Long enough, letters only, and in neither the training words nor the language's word list. */
  private mayBeMisspelt(word: string): boolean {
    if (word.length < 4 || word.length > longestWord || this.known.has(word)) return false;
    // The word list loads on the first word that needs it, not at start-up (~0.4 s a language).
    return /^\p{L}+$/u.test(word) && !dictionaryFor(this.language).has(word);
  }

  /** The nearest known word within reach, the commoner of equals; the word itself when none is. */
  private closestKnownWord(word: string): string {
    const maxDistance = word.length >= longWord ? 2 : 1;
    let best = { word, distance: maxDistance + 1, count: 0 };
    const seen = new Set<string>();
    for (const key of withOneDeletion(word)) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const distance = damerauLevenshtein(word, candidate);
        if (distance > maxDistance) continue;
        const count = this.known.get(candidate) ?? 0;
        if (distance < best.distance || (distance === best.distance && count > best.count))
          best = { word: candidate, distance, count };
      }
    }
    return best.word;
  }
}

/** Longer "words" are not words (the longest in the word lists has 28 letters): left as they are. */
const longestWord = 32;

/** From this length on, a word may be two edits from the word meant. */
const longWord = 7;

function withTwoDeletions(word: string): Set<string> {
  const forms = new Set<string>();
  for (const once of withOneDeletion(word)) for (const twice of withOneDeletion(once)) forms.add(twice);
  return forms;
}

/** The word itself and every form of it with one letter removed. */
function withOneDeletion(word: string): Set<string> {
  const forms = new Set([word]);
  for (let i = 0; i < word.length; i++) forms.add(word.slice(0, i) + word.slice(i + 1));
  return forms;
}
