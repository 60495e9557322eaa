// Choosing the recognizer's options by cross-validation inside the training examples (npm run bench:nlu).
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crossValidatedOptions, type TuningSettings } from '../../src/evaluation/tuning.js';
import { loadFactBase } from '../../src/facts/loader.js';
import type { Example } from '../../src/nlu/corpus.js';
import { defaultRecognizerOptions, IntentRecognizer, type RecognizerOptions } from '../../src/nlu/recognizer.js';
import { rootDir } from '../support/app.js';

const facts = loadFactBase(join(rootDir, 'data'));
const syllables = ['ba', 'ke', 'mi', 'to', 'ru', 'sa', 've', 'lo', 'ni', 'pe', 'da', 'fu'];

/** Two intents told apart by plain words: every sensible setting gets them all right. */
const easy: Example[] = syllables.flatMap((s, i) => [
  { text: `what is the weather forecast ${i % 2 ? 'tomorrow' : 'today'} in ${s}ville`, intent: 'weather' },
  { text: `order a ${i % 2 ? 'large' : 'small'} pizza with ${s}cheese please`, intent: 'food' },
]);

/**
 * Two intents told apart only inside words that never repeat ("baxylomi", "kequagve"): a held-out
 * sentence has no word training saw but "please", so words alone guess, character n-grams know.
 */
const insideWords: Example[] = syllables.flatMap((s, i) => [
  { text: `please ${s}xylo${syllables[(i * 5 + 3) % 12]}`, intent: 'alpha' },
  { text: `please ${s}quag${syllables[(i * 7 + 1) % 12]}`, intent: 'bravo' },
]);

const settings = (base: RecognizerOptions, overrides: Partial<TuningSettings> = {}): TuningSettings => ({
  base,
  settings: [
    { part: 'training', name: 'epochs', values: [10, 30] },
    { part: 'features', name: 'charWeight', values: [0, 0.5] },
  ],
  thresholds: [0, 0.2, 0.5],
  folds: 3,
  repeats: 1,
  largestSample: 1000,
  ...overrides,
});

const withFeatures = (features: Partial<RecognizerOptions['features']>): RecognizerOptions => ({
  ...defaultRecognizerOptions,
  features: { ...defaultRecognizerOptions.features, ...features },
});

describe('options chosen by cross-validation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('trains and scores only on the examples it is given, never scoring an example it was trained on', () => {
    const trainedOn = new WeakMap<IntentRecognizer, Set<string>>();
    const seen = new Set<string>();
    const scored: string[] = [];
    const train = IntentRecognizer.train.bind(IntentRecognizer);
    vi.spyOn(IntentRecognizer, 'train').mockImplementation((examples, ...rest) => {
      const recognizer = train(examples, ...rest);
      trainedOn.set(recognizer, new Set(examples.map((e) => e.text)));
      for (const e of examples) seen.add(e.text);
      return recognizer;
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
    const recognize = IntentRecognizer.prototype.recognize;
    vi.spyOn(IntentRecognizer.prototype, 'recognize').mockImplementation(function (this: IntentRecognizer, text) {
      expect(trainedOn.get(this)?.has(text)).toBe(false);
      scored.push(text);
      return recognize.call(this, text);
    });

    const training = easy.slice(0, 16);
    const result = crossValidatedOptions(training, facts, 'en', settings(defaultRecognizerOptions, { repeats: 2 }));

    const given = new Set(training.map((e) => e.text));
    expect([...seen].filter((text) => !given.has(text))).toEqual([]);
    // Every example is held out once per draw of the folds, for each candidate tried.
    expect(scored).toHaveLength(training.length * 2 * result.tried);
    expect(new Set(scored)).toEqual(given);
  });

  it('keeps the defaults, threshold included, when nothing does better', () => {
    const result = crossValidatedOptions(easy, facts, 'en', settings(defaultRecognizerOptions));
    expect(result.accuracy).toBe(1);
    expect(result.baseAccuracy).toBe(1);
    expect(result.options).toEqual(defaultRecognizerOptions);
    expect(result.tried).toBe(3);
  });

  it('turns character n-grams on when words alone cannot tell the intents apart', () => {
    const wordsOnly = withFeatures({ charWeight: 0 });
    const result = crossValidatedOptions(insideWords, facts, 'en', settings(wordsOnly));
    expect(result.baseAccuracy).toBeLessThan(0.7);
    expect(result.options.features.charWeight).toBe(0.5);
    expect(result.accuracy).toBeGreaterThan(0.9);
  });

  it('chooses a threshold that declines what no intent fits, when the data has such sentences', () => {
    // "None" sentences share no word with the intents: a confident guess is wrong, a decline is right.
    const withNone: Example[] = [
      ...insideWords,
      ...syllables.map((s) => ({ text: `please ${s}${s}${s}`, intent: 'None' })),
    ];
    const result = crossValidatedOptions(
      withNone,
      facts,
      'en',
      settings(withFeatures({ charWeight: 0.5 }), { folds: 4, repeats: 2 }),
    );
    expect(result.options.threshold).toBeGreaterThan(defaultRecognizerOptions.threshold);
    expect(result.accuracy).toBeGreaterThan(result.baseAccuracy);
  });
});
