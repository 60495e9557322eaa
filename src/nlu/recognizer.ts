// The intent recognizer: normalize -> correct spelling -> find entities -> mask them -> classify.
// Returns plain values (no botbuilder types) so it can be tested, evaluated and benchmarked alone.
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import {
  defaultTrainingOptions,
  LogisticRegression,
  type LogisticRegressionState,
  type TrainingOptions,
} from './classifier.js';
import type { Example } from './corpus.js';
import { classifierWords, EntityExtractor, type EntityMatch } from './entities.js';
import { defaultFeatureOptions, Vectorizer, type FeatureOptions, type VectorizerState } from './features.js';
import { SpellingCorrector } from './spelling.js';
import { foldAccents, tokenize } from './text.js';

export const noneIntent = 'None';

export interface Recognition {
  text: string;
  /** The text after spelling correction, when it changed. */
  correctedText?: string;
  /** Every intent's probability, in the model's order of intents (sort them to rank them). */
  intents: Record<string, number>;
  /** The best intent after the confidence threshold ("None" when declined). */
  topIntent: string;
  score: number;
  entities: EntityMatch[];
}

export interface RecognizerOptions {
  threshold: number;
  features: FeatureOptions;
  training: TrainingOptions;
}

/** How many training occurrences a word of the fact base's names counts for, as a spelling correction. */
const nameWeight = 3;

export const defaultRecognizerOptions: RecognizerOptions = {
  threshold: 0.2,
  features: defaultFeatureOptions,
  training: defaultTrainingOptions,
};

interface Analysis {
  words: string[];
  entities: EntityMatch[];
  corrected?: string;
  knownWords: number;
}

/** Everything training learns, to save after `npm run build` and load at start-up. */
export interface RecognizerState {
  /** The language is options.features.language: whose stemmer, word list and corrections. */
  options: RecognizerOptions;
  wordCounts: [string, number][];
  vectorizer: VectorizerState;
  model: LogisticRegressionState;
}

export class IntentRecognizer {
  private constructor(
    private readonly entities: EntityExtractor,
    private readonly wordCounts: Map<string, number>,
    private readonly speller: SpellingCorrector,
    private readonly vectorizer: Vectorizer,
    private readonly model: LogisticRegression,
    readonly options: RecognizerOptions,
  ) {}

  /** Rebuilds a trained recognizer; names and spelling come from the same fact base as in training. */
  static fromState(state: RecognizerState, facts: FactBase): IntentRecognizer {
    const entities = EntityExtractor.for(facts);
    const wordCounts = new Map(state.wordCounts);
    const speller = new SpellingCorrector(wordCounts, state.options.features.language);
    return new IntentRecognizer(
      entities,
      wordCounts,
      speller,
      Vectorizer.fromState(state.vectorizer),
      LogisticRegression.fromState(state.model),
      state.options,
    );
  }

  toState(): RecognizerState {
    return {
      options: this.options,
      wordCounts: [...this.wordCounts],
      vectorizer: this.vectorizer.toState(),
      model: this.model.toState(),
    };
  }

  get intentNames(): string[] {
    return this.model.labels;
  }

  static train(
    examples: Example[],
    facts: FactBase,
    language: Language,
    recognizerOptions: RecognizerOptions = defaultRecognizerOptions,
  ): IntentRecognizer {
    const options = { ...recognizerOptions, features: { ...recognizerOptions.features, language } };
    const entities = EntityExtractor.for(facts);
    const wordCounts = new Map<string, number>();
    const count = (word: string, times = 1) => wordCounts.set(word, (wordCounts.get(word) ?? 0) + times);
    for (const e of examples) for (const t of tokenize(e.text)) count(foldAccents(t.lower));
    // Names from the fact base are spelled right; a training sentence may be misspelled on purpose
    // ("Philadelpie"): between two words as near to a typo, the name wins.
    for (const word of entities.vocabulary) count(word, nameWeight);
    const speller = new SpellingCorrector(wordCounts, language);
    // Training text goes through the same analysis as a user's message, spelling aside.
    const analyzed = examples.map((e) => analyze(e.text, entities, undefined));
    const { vectorizer, vectors } = Vectorizer.fit(
      analyzed.map((a) => a.words),
      options.features,
    );
    const samples = vectors.map((vector, i) => ({ vector, label: examples[i]!.intent }));
    const model = LogisticRegression.train(samples, vectorizer.size, options.training);
    return new IntentRecognizer(entities, wordCounts, speller, vectorizer, model, options);
  }

  recognize(text: string): Recognition {
    const analysis = analyze(text, this.entities, this.speller);
    const intents: Record<string, number> = {};
    let best: { label: string; score: number } | undefined;
    if (analysis.words.length) {
      const probabilities = this.model.probabilities(this.vectorizer.transform(analysis.words));
      // Always in the labels' order: every recognition's object then has the same shape (built in score
      // order, each order of 35 names was a new hidden class to the JavaScript engine, and slow).
      this.model.labels.forEach((label, i) => {
        const score = probabilities[i]!;
        intents[label] = score;
        if (!best || score > best.score) best = { label, score };
      });
    }
    // Nothing the bot has ever seen (no known word, no word of a known stem, no name from the fact base):
    // decline outright. The stems are looked at last, and only then: most messages have a known word.
    const unknown =
      analysis.knownWords === 0 &&
      analysis.entities.length === 0 &&
      !analysis.words.some((word) => this.vectorizer.knowsWord(word));
    const confident = best !== undefined && !unknown && best.score >= this.options.threshold;
    return {
      text,
      ...(analysis.corrected !== undefined ? { correctedText: analysis.corrected } : {}),
      intents,
      topIntent: confident ? best!.label : noneIntent,
      score: best?.score ?? 0,
      entities: analysis.entities,
    };
  }
}

function analyze(text: string, entities: EntityExtractor, speller: SpellingCorrector | undefined): Analysis {
  const tokens = tokenize(text);
  let changed = false;
  let knownWords = 0;
  if (speller) {
    for (const t of tokens) {
      const folded = foldAccents(t.lower);
      const corrected = speller.correct(folded);
      if (corrected !== folded) {
        t.raw = corrected;
        t.lower = corrected;
        changed = true;
      }
      if (speller.isKnown(corrected)) knownWords++;
    }
  }
  const found = entities.extract(tokens, text);
  const words = classifierWords(tokens, found);
  return { words, entities: found, knownWords, ...(changed ? { corrected: tokens.map((t) => t.raw).join(' ') } : {}) };
}
