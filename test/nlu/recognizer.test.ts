// The recognizer on sentences it was never trained on (test/fixtures, written apart from intents/).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFactBase } from '../../src/facts/loader.js';
import { examplesOf, loadIntents } from '../../src/nlu/corpus.js';
import { IntentRecognizer } from '../../src/nlu/recognizer.js';
import { heldOutSet, rootDir, testApp } from '../support/app.js';

const heldOut = heldOutSet('en');

describe('intent recognizer', () => {
  const recognizer = testApp().recognizers.en;

  it('is evaluated on sentences that are not in its training data', () => {
    const training = new Set(
      examplesOf(loadIntents(join(rootDir, 'intents')), 'en').map((e) => e.text.toLowerCase().trim()),
    );
    const leaked = heldOut.filter((c) => training.has(c.text.toLowerCase().trim()));
    expect(leaked).toEqual([]);
  });

  it('classifies at least 95% of held-out questions correctly', () => {
    const correct = heldOut.filter((c) => recognizer.recognize(c.text).topIntent === c.intent).length;
    expect(correct / heldOut.length).toBeGreaterThanOrEqual(0.95);
  });

  it('declines at least 90% of held-out off-topic questions', () => {
    const offTopic = heldOut.filter((c) => c.intent === 'None');
    const declined = offTopic.filter((c) => recognizer.recognize(c.text).topIntent === 'None').length;
    expect(declined / offTopic.length).toBeGreaterThanOrEqual(0.9);
  });

  it('returns a probability for every intent, summing to one', () => {
    const result = recognizer.recognize('how long is the border');
    expect(Object.keys(result.intents)).toHaveLength(recognizer.intentNames.length);
    expect(Object.values(result.intents).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('corrects misspelled words against what it knows', () => {
    const result = recognizer.recognize('how many peple crosss the bordder evry day');
    expect(result.correctedText).toContain('border');
    expect(result.topIntent).toBe('border.crossings');
  });

  it('corrects to a name from the fact base rather than to a misspelling in a training sentence', () => {
    // French training has "Philadelpie" (a deliberate typo), one letter from "Philadelphie" too.
    const result = testApp().recognizers.fr!.recognize(
      'Je demeure à Philadelphie. Quel est le consulat le plus proche?',
    );
    expect(result.entities).toEqual([expect.objectContaining({ type: 'usCity', id: 'Philadelphia' })]);
  });

  it('does not "correct" real English words', () => {
    expect(recognizer.recognize('pizza recipes please').correctedText).toBeUndefined();
  });

  it('declines gibberish and empty-of-meaning text', () => {
    expect(recognizer.recognize('asdkjh qwpoeiru zxcmvn').topIntent).toBe('None');
  });

  it.each([
    ['what does GATS stand for', 'agreement', 'gats'],
    ['tell me about the usmca', 'agreement', 'cusma'],
    ['Is Canada in the OTAN', 'organization', 'nato'],
    ['what is the un', 'organization', 'un'],
    ['consulate for NC', 'usState', 'NC'],
    ['which consulate serves nc', 'usState', 'NC'],
    ['office for OR', 'usState', 'OR'],
    ['consulate in Pensylvania', 'usState', 'PA'],
    ['consulate in LA', 'officeCity', 'los-angeles'],
    ['consulate near Houston', 'usCity', 'Houston'],
    ['co-operation on fisheries', 'environmentArea', 'fisheries'],
  ])('finds the entity in %j', (text, type, id) => {
    expect(recognizer.recognize(text).entities).toContainEqual(expect.objectContaining({ type, id }));
  });

  it.each(['can you help me or not', 'I am in a hurry', 'un deux trois', 'I was reading a book'])(
    'does not see a place in everyday words: %j',
    (text) => {
      expect(
        recognizer
          .recognize(text)
          .entities.filter((e) => e.type === 'usState' || e.type === 'usCity' || e.type === 'organization'),
      ).toEqual([]);
    },
  );
});

describe('spelling correction', () => {
  const recognizer = testApp().recognizers.en;
  it('never corrects beyond the allowed distance', () => {
    // "tysm" is two edits from "tisa": a short word may be one edit away at most.
    expect(recognizer.recognize('tysm').entities).toEqual([]);
  });
});

describe('what the recognizer has seen', () => {
  const recognizer = IntentRecognizer.train(
    [
      { text: 'Alternatives to Twitter', intent: 'alternative' },
      { text: 'Google search engine alternatives', intent: 'alternative' },
      { text: 'How do I delete my Gmail account', intent: 'deleteAccount' },
      { text: 'How can I delete my LinkedIn account', intent: 'deleteAccount' },
    ],
    loadFactBase(join(rootDir, 'data')),
    'en',
  );

  it('knows a word by its stem: "alternative" after training on "alternatives" only', () => {
    const result = recognizer.recognize('Bugmenot alternative that does not suck');
    expect(result.topIntent).toBe('alternative');
  });

  it('declines a message with no word of a stem it has seen', () => {
    expect(recognizer.recognize('Bugmenot registration bypasser').topIntent).toBe('None');
  });
});
