// The engines the benchmark compares, behind one small interface: ours (the bot's exact recognizer
// pipeline and options), ours with its options chosen for the data set by cross-validation inside the
// training examples (src/evaluation/tuning.ts), and NLP.js (node-nlp 4, its standard NlpManager set-up).
import { createRequire } from 'node:module';
import type { FactBase } from '../src/facts/loader.js';
import { defaultRecognizerOptions, IntentRecognizer } from '../src/nlu/recognizer.js';
import type { Example } from '../src/nlu/corpus.js';
import { crossValidatedOptions, type TuningResult, type TuningSettings } from '../src/evaluation/tuning.js';

export interface Classification {
  intent: string;
  score: number;
}

export interface Engine {
  name: 'ours' | 'ours-cv' | 'nlpjs';
  train(examples: Example[]): Promise<void>;
  /** The engine's own decision (None when it declines) and the best intent's score. */
  classify(text: string): Promise<Classification>;
}

export function ourEngine(facts: FactBase): Engine {
  let recognizer: IntentRecognizer | undefined;
  return {
    name: 'ours',
    async train(examples) {
      recognizer = IntentRecognizer.train(examples, facts, 'en', defaultRecognizerOptions);
    },
    async classify(text) {
      // The bot's own decision (below its confidence threshold: None), as NLP.js's process() gives its own.
      const result = recognizer!.recognize(text);
      return { intent: result.topIntent, score: result.score };
    },
  };
}

/**
 * Ours, with the options cross-validation chooses on the training examples it is given (see `chosen`);
 * with the bot's own options when `tuningFor` gives no settings for them.
 */
export function ourTunedEngine(
  facts: FactBase,
  tuningFor: (examples: Example[]) => TuningSettings | undefined,
): Engine & { chosen?: TuningResult | undefined } {
  let recognizer: IntentRecognizer | undefined;
  const engine: Engine & { chosen?: TuningResult | undefined } = {
    name: 'ours-cv',
    async train(examples) {
      const tuning = tuningFor(examples);
      engine.chosen = tuning && crossValidatedOptions(examples, facts, 'en', tuning);
      recognizer = IntentRecognizer.train(examples, facts, 'en', engine.chosen?.options ?? defaultRecognizerOptions);
    },
    async classify(text) {
      const result = recognizer!.recognize(text);
      return { intent: result.topIntent, score: result.score };
    },
  };
  return engine;
}

interface NlpManager {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
}

export function nlpjsEngine(): Engine {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpManager };
  let manager: NlpManager | undefined;
  return {
    name: 'nlpjs',
    async train(examples) {
      manager = new NlpManager({ languages: ['en'], nlu: { log: false }, autoSave: false, autoLoad: false });
      for (const e of examples) manager.addDocument('en', e.text, e.intent);
      await manager.train();
    },
    async classify(text) {
      const result = await manager!.process('en', text);
      return { intent: result.intent, score: result.score };
    },
  };
}
