// Vitest global setup: trains the recognizers once, as `npm run build` does, and saves them where the
// app looks (dist/model.bin), so that each test file and each bot process a test starts loads the
// model instead of training it again. A model that does not match the data is never loaded.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readConfig } from '../../src/config.js';
import { loadFactBase } from '../../src/facts/loader.js';
import { loadIntents } from '../../src/nlu/corpus.js';
import { trainedRecognizers } from '../../src/nlu/modelFile.js';
import { rootDir } from './app.js';

export default function trainOnce(): void {
  const config = readConfig({}, rootDir);
  mkdirSync(dirname(config.modelFile), { recursive: true });
  trainedRecognizers(config.modelFile, loadFactBase(config.dataDir), loadIntents(config.intentsDir), true);
}
