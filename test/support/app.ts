// One trained app per test file, built exactly as `npm start` builds it.
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';

export const rootDir = fileURLToPath(new URL('../..', import.meta.url));

let app: App | undefined;
export function testApp(env: NodeJS.ProcessEnv = {}): App {
  if (Object.keys(env).length) return createApp(readConfig(env, rootDir));
  app ??= createApp(readConfig({}, rootDir));
  return app;
}
