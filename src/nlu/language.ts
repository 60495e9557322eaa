// Which language a message is written in, English or French. Short messages ("Merci", "OTAN ?") are
// decided by the bot's own vocabulary: a naive Bayes model over the words of each language's training
// utterances and names (accents count for French); longer ones that stay undecided by franc-min
// limited to English and French. Undecided → undefined, and the caller falls back (locale, then the
// conversation's language).
import { franc } from 'franc-min';
import { localizedNames, type FactBase } from '../facts/loader.js';
import { languages, type Language } from '../facts/schema.js';
import { examplesOf, type IntentDefinition } from './corpus.js';
import { foldAccents, tokenize } from './text.js';

/** How much more likely (natural log) one language must be before the words decide. */
const decisiveMargin = 1.5;
/** Below this many letters, franc's trigram statistics are not worth asking. */
const francMinimumLength = 25;
const accented = /[àâçéèêëîïôûùüÿœæ]/i;

export class LanguageDetector {
  private readonly counts: Record<Language, Map<string, number>> = { en: new Map(), fr: new Map() };
  private readonly totals: Record<Language, number> = { en: 0, fr: 0 };
  private readonly vocabularySize: number;

  /** @param neutralWords names that are the same in both languages (places): they decide nothing */
  constructor(
    textsByLanguage: Record<Language, string[]>,
    private readonly neutralWords: ReadonlySet<string> = new Set(),
  ) {
    for (const language of ['en', 'fr'] as const) {
      for (const text of textsByLanguage[language]) {
        for (const token of tokenize(text)) {
          const word = foldAccents(token.lower);
          this.counts[language].set(word, (this.counts[language].get(word) ?? 0) + 1);
          this.totals[language]++;
        }
      }
    }
    this.vocabularySize = new Set([...this.counts.en.keys(), ...this.counts.fr.keys()]).size + 1;
  }

  detect(text: string): Language | undefined {
    const tokens = tokenize(text);
    let frenchOverEnglish = 0;
    for (const token of tokens) {
      const word = foldAccents(token.lower);
      if (this.neutralWords.has(word)) continue;
      frenchOverEnglish += Math.log(this.likelihood('fr', word)) - Math.log(this.likelihood('en', word));
      if (accented.test(token.lower)) frenchOverEnglish += 1;
    }
    if (frenchOverEnglish >= decisiveMargin) return 'fr';
    if (frenchOverEnglish <= -decisiveMargin) return 'en';
    if (text.replace(/[^\p{L}]/gu, '').length >= francMinimumLength) {
      const guess = franc(text, { only: ['eng', 'fra'], minLength: francMinimumLength });
      if (guess === 'fra') return 'fr';
      if (guess === 'eng') return 'en';
    }
    return undefined;
  }

  /** Add-one smoothed probability of a word in a language; unseen in both, it weighs nothing. */
  private likelihood(language: Language, word: string): number {
    return ((this.counts[language].get(word) ?? 0) + 1) / (this.totals[language] + this.vocabularySize);
  }
}

/** The language detector learns from the training utterances and the fact base's names in each language. */
export function languageDetector(facts: FactBase, intents: IntentDefinition[]): LanguageDetector {
  const texts = { en: examplesOf(intents, 'en').map((e) => e.text), fr: examplesOf(intents, 'fr').map((e) => e.text) };
  for (const language of languages) texts[language].push(...localizedNames(facts, language));
  // US cities and offices' cities are written alike in English and French.
  const places = [
    ...facts.usCities.cities.map((city) => city.name),
    ...facts.offices.canadianOffices.map((o) => o.city),
  ];
  const neutral = new Set(places.flatMap((name) => tokenize(name).map((t) => foldAccents(t.lower))));
  return new LanguageDetector(texts, neutral);
}
