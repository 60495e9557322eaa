// Choosing the recognizer's options for a data set by cross-validation inside its training examples,
// never on its test set. A candidate is scored by repeated stratified k-fold cross-validation: trained
// on k − 1 folds, scored on the one left out, for every fold, the folds drawn again (shuffled with a
// fixed seed) for each repeat; on a few dozen examples one draw of the folds decides by one sentence.
// The search is by coordinates: from the defaults, each setting in turn tries its other values with the
// rest held, and a value is kept only when it is strictly better (a tie keeps what is there, so the
// defaults win ties); passes repeat until one changes nothing. The confidence threshold is chosen in the
// same pass, on the same held-out scores, as it needs no training of its own.
// The bot itself keeps defaultRecognizerOptions (chosen on its own data by npm run eval); npm run bench:nlu
// uses this for each public benchmark, where a data set's size and shape call for other settings.
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { seededRandom, shuffle, type TrainingOptions } from '../nlu/classifier.js';
import type { Example } from '../nlu/corpus.js';
import type { FeatureOptions } from '../nlu/features.js';
import { defaultRecognizerOptions, IntentRecognizer, noneIntent, type RecognizerOptions } from '../nlu/recognizer.js';
import { stratifiedFolds } from './metrics.js';

/** One setting the search may change, and the values it may take. */
type Setting =
  | { part: 'training'; name: Exclude<keyof TrainingOptions, 'seed'>; values: number[] }
  | { part: 'features'; name: Exclude<keyof FeatureOptions, 'language'>; values: number[] };

export interface TuningSettings {
  /** Where the search starts, and what a tie keeps. */
  base: RecognizerOptions;
  settings: Setting[];
  /** Thresholds tried with every candidate (the base's own threshold wins a tie). */
  thresholds: number[];
  /** Folds of the training examples (at most one per example, at least 2). */
  folds: number;
  /** How many times the folds are drawn; the first draw keeps the examples' order. */
  repeats: number;
  /** At most this many training examples take part (a stratified subset): the choice stays affordable on large sets. */
  largestSample: number;
  /** At most this many passes over the settings. */
  passes?: number;
}

export interface TuningResult {
  options: RecognizerOptions;
  /** The chosen options' mean accuracy over the held-out folds. */
  accuracy: number;
  /** The base options' (with their own threshold), for comparison. */
  baseAccuracy: number;
  folds: number;
  repeats: number;
  examples: number;
  /** Candidates trained and scored (each at every threshold). */
  tried: number;
}

/**
 * The settings npm run bench:nlu searches: how long and how hard the classifier trains (passes over the
 * examples, regularization, how evenly classes weigh) and how much each kind of feature counts (word
 * pairs, character n-grams, inverse document frequency), around the bot's defaults: values that a few
 * dozen training sentences may call for, and that cross-validation alone decides on.
 */
function smallDataSettings(): Setting[] {
  return [
    { part: 'training', name: 'epochs', values: [10, 30, 100] },
    { part: 'training', name: 'classBalance', values: [0.5, 1] },
    { part: 'training', name: 'l2', values: [1e-5, 1e-4, 1e-3] },
    { part: 'features', name: 'charWeight', values: [0, 0.25, 0.5, 1] },
    { part: 'features', name: 'pairWeight', values: [0, 0.3, 0.6] },
    { part: 'features', name: 'idfPower', values: [0, 1] },
  ];
}

export const defaultTuningSettings: TuningSettings = {
  base: defaultRecognizerOptions,
  settings: smallDataSettings(),
  thresholds: [0, 0.1, 0.2, 0.3, 0.4, 0.5],
  folds: 5,
  repeats: 3,
  largestSample: 3000,
  passes: 3,
};

/** A stratified subset of at most `size` examples: every intent keeps its share, each at least one. */
function stratifiedSample(examples: Example[], size: number): Example[] {
  if (examples.length <= size) return examples;
  const byIntent = new Map<string, Example[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  const share = size / examples.length;
  return [...byIntent.values()].flatMap((group) => group.slice(0, Math.max(1, Math.round(group.length * share))));
}

/** The examples in an order fixed by the seed (xorshift and Fisher-Yates): the same draw on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  shuffle(out, seededRandom(seed));
  return out;
}

function withSetting(options: RecognizerOptions, setting: Setting, value: number): RecognizerOptions {
  return setting.part === 'training'
    ? { ...options, training: { ...options.training, [setting.name]: value } }
    : { ...options, features: { ...options.features, [setting.name]: value } };
}

function valueOf(options: RecognizerOptions, setting: Setting): number {
  return setting.part === 'training' ? options.training[setting.name] : options.features[setting.name];
}

export function crossValidatedOptions(
  examples: Example[],
  facts: FactBase,
  language: Language,
  tuning: TuningSettings = defaultTuningSettings,
): TuningResult {
  const sample = stratifiedSample(examples, tuning.largestSample);
  const k = Math.max(2, Math.min(tuning.folds, sample.length));
  const draws = Array.from({ length: Math.max(1, tuning.repeats) }, (_, r) =>
    stratifiedFolds(r === 0 ? sample : shuffled(sample, 7919 * r), k).filter((fold) => fold.length),
  );
  // The base's threshold first: among thresholds of equal accuracy, the first is kept.
  const thresholds = [tuning.base.threshold, ...tuning.thresholds.filter((t) => t !== tuning.base.threshold)];
  const scorer = new HeldOutScorer(draws, thresholds, facts, language);
  const baseAccuracy = scorer.score(tuning.base).baseThresholdAccuracy;
  const { options, score } = coordinateSearch(tuning, scorer);
  return {
    options: { ...options, threshold: score.threshold },
    accuracy: score.accuracy,
    baseAccuracy,
    folds: k,
    repeats: draws.length,
    examples: sample.length,
    tried: scorer.tried,
  };
}

interface Scored {
  threshold: number;
  accuracy: number;
  baseThresholdAccuracy: number;
}

/** Each candidate's accuracy at each threshold, over every draw's held-out folds (remembered per candidate). */
class HeldOutScorer {
  private readonly scored = new Map<string, Scored>();

  constructor(
    private readonly draws: Example[][][],
    private readonly thresholds: number[],
    private readonly facts: FactBase,
    private readonly language: Language,
  ) {}

  get tried(): number {
    return this.scored.size;
  }

  /** The best threshold for these options, its accuracy, and the accuracy at the base threshold. */
  score(options: RecognizerOptions): Scored {
    const key = JSON.stringify([options.features, options.training]);
    const known = this.scored.get(key);
    if (known) return known;
    const correct = this.thresholds.map(() => 0);
    let total = 0;
    for (const folds of this.draws)
      folds.forEach((heldOut, i) => {
        const train = folds.filter((_, j) => j !== i).flat();
        total += this.countCorrect(options, train, heldOut, correct);
      });
    const accuracies = correct.map((c) => c / Math.max(1, total));
    const best = accuracies.indexOf(Math.max(...accuracies));
    const result = {
      threshold: this.thresholds[best]!,
      accuracy: accuracies[best]!,
      baseThresholdAccuracy: accuracies[0]!,
    };
    this.scored.set(key, result);
    return result;
  }

  /** Trained with no threshold on one fold's training part; each threshold is then applied to the same scores. */
  private countCorrect(options: RecognizerOptions, train: Example[], heldOut: Example[], correct: number[]): number {
    const recognizer = IntentRecognizer.train(train, this.facts, this.language, { ...options, threshold: 0 });
    for (const e of heldOut) {
      const recognition = recognizer.recognize(e.text);
      this.thresholds.forEach((threshold, t) => {
        const declined = recognition.topIntent === noneIntent || recognition.score < threshold;
        if ((declined ? noneIntent : recognition.topIntent) === e.intent) correct[t]!++;
      });
    }
    return heldOut.length;
  }
}

/**
 * From the base options, one setting at a time: a value is kept only when strictly better (so the
 * defaults win ties), for at most `passes` passes or until a pass changes nothing.
 */
function coordinateSearch(
  tuning: TuningSettings,
  scorer: HeldOutScorer,
): { options: RecognizerOptions; score: Scored } {
  let best = { options: tuning.base, score: scorer.score(tuning.base) };
  for (let pass = 0; pass < (tuning.passes ?? 3); pass++) {
    const before = best;
    for (const setting of tuning.settings) best = bestValue(best, setting, scorer);
    if (best === before) break;
  }
  return best;
}

/** The setting's value that scores best from here, strictly better than the current one, or the current one. */
function bestValue(
  start: { options: RecognizerOptions; score: Scored },
  setting: Setting,
  scorer: HeldOutScorer,
): { options: RecognizerOptions; score: Scored } {
  let best = start;
  for (const value of setting.values) {
    if (value === valueOf(start.options, setting)) continue;
    const options = withSetting(start.options, setting, value);
    const score = scorer.score(options);
    if (score.accuracy > best.score.accuracy) best = { options, score };
  }
  return best;
}
