// The bot's version, from package.json: shown by /healthz and part of the model's fingerprint.
import { readFileSync } from 'node:fs';

export const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
