// The saved model (src/nlu/modelFile.ts): a binary file whose recognizers answer exactly as the trained
// ones, loaded only when its fingerprint matches, English built at once and French on first use.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecognizers, saveRecognizers } from '../../src/nlu/modelFile.js';
import { heldOutSet, testApp } from '../support/app.js';

const { recognizers, facts } = testApp();
const folder = mkdtempSync(join(tmpdir(), 'model-'));
const path = join(folder, 'model.bin');
saveRecognizers(path, 'fingerprint-1', { en: recognizers.en, fr: recognizers.fr! });

describe('the model file', () => {
  it('gives back recognizers that answer exactly as the saved ones, in both languages', () => {
    const loaded = loadRecognizers(path, 'fingerprint-1', facts)!;
    for (const language of ['en', 'fr'] as const)
      for (const { text } of heldOutSet(language).slice(0, 80))
        expect(loaded[language]!.recognize(text)).toEqual(recognizers[language]!.recognize(text));
  });

  it('builds French only when it is first used', () => {
    const loaded = loadRecognizers(path, 'fingerprint-1', facts)!;
    const french = Object.getOwnPropertyDescriptor(loaded, 'fr');
    expect(typeof french?.get, 'a property built on first use').toBe('function');
    expect(Object.keys(loaded).sort()).toEqual(['en', 'fr']);
    expect(loaded.fr).toBe(loaded.fr);
  });

  it('is not used when it was trained on other inputs, or is not a model file', () => {
    expect(loadRecognizers(path, 'fingerprint-2', facts)).toBeUndefined();
    const other = join(folder, 'other.bin');
    writeFileSync(other, '{"fingerprint":"fingerprint-1"}');
    expect(loadRecognizers(other, 'fingerprint-1', facts)).toBeUndefined();
    expect(loadRecognizers(join(folder, 'missing.bin'), 'fingerprint-1', facts)).toBeUndefined();
  });
});
