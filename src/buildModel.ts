// `npm run build` runs this after compiling: trains the recognizer and saves it to dist/model.bin,
// so `npm start` loads it instead of training (start-up stays fast as the training data grows).
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.js';
import { loadFactBase } from './facts/loader.js';
import { loadIntents } from './nlu/corpus.js';
import { trainedRecognizers } from './nlu/modelFile.js';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const config = readConfig({}, rootDir);
const started = performance.now();
const { loaded, recognizers } = trainedRecognizers(
  config.modelFile,
  loadFactBase(config.dataDir),
  loadIntents(config.intentsDir),
  true,
);
const which = Object.keys(recognizers).join(', ');
console.log(
  loaded
    ? `models (${which}) up to date: ${config.modelFile}`
    : `models (${which}) trained in ${(performance.now() - started).toFixed(0)} ms: ${config.modelFile}`,
);
