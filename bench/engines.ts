// The two engines the benchmark compares, behind one small interface: ours (the bot's exact
// recognizer pipeline and options) and NLP.js (node-nlp 4, its standard NlpManager set-up).
import { createRequire } from 'node:module';
import type { FactBase } from '../src/facts/loader.js';
import { defaultRecognizerOptions, IntentRecognizer } from '../src/nlu/recognizer.js';
import type { Example } from '../src/nlu/corpus.js';

export interface Classification {
  intent: string;
  score: number;
}

export interface Engine {
  name: 'ours' | 'nlpjs';
  train(examples: Example[]): Promise<void>;
  /** The best intent and its score, before any threshold. */
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
      const result = recognizer!.recognize(text);
      let best: Classification = { intent: 'None', score: 0 };
      for (const [intent, score] of Object.entries(result.intents)) if (score > best.score) best = { intent, score };
      return best;
    },
  };
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
