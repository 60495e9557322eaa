// The production install, as the Dockerfile's runtime stage and the App Service zip hold it, without
// Docker: scripts/stage-production.sh compiles into a temporary folder, installs the production
// dependencies only (npm ci --omit=dev, from npm's cache), and trains the model there; the bot then
// starts with `npm run start:prod`'s command and answers. So anything dist/ needs at run time that is
// only a devDependency, or a model file the bot cannot find, fails here. The Dockerfile is checked to
// copy the same content and run the same command.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rootDir } from './support/app.js';
import { sendMessage } from './support/messages.js';
import { freePort, waitFor } from './support/processes.js';

// Turns over HTTP on a busy machine (other test files train models meanwhile) can take seconds.
vi.setConfig({ testTimeout: 30_000 });

const packageJson = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const startCommand = packageJson.scripts['start:prod']!.split(/\s+/);
const folder = mkdtempSync(join(tmpdir(), 'production-'));
const insightsToken = 'production-insights-token-0123456789';
const app = join(folder, 'app');
let bot: ChildProcess | undefined;
let output = '';
let baseUrl = '';

beforeAll(async () => {
  await promisify(execFile)(join(rootDir, 'scripts/stage-production.sh'), [app], {
    cwd: rootDir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const port = await freePort();
  // Only what a container's environment would hold: no inherited NODE_OPTIONS, loaders or test settings.
  bot = spawn(process.execPath, startCommand.slice(1), {
    cwd: app,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      EVENTS_LOG: join(folder, 'events.jsonl'),
      INSIGHTS_TOKEN: insightsToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bot.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (bot!.exitCode !== null) throw new Error(`the production bot exited with ${bot!.exitCode}: ${output}`);
      return fetch(`${baseUrl}/readyz`).then(
        (res) => res.ok,
        () => false,
      );
    },
    60_000,
    'the production bot to be ready',
  );
}, 600_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    const exited = new Promise((resolve) => bot!.once('exit', resolve));
    bot.kill('SIGTERM');
    await exited;
  }
  rmSync(folder, { recursive: true, force: true });
}, 180_000);

describe('the production install', () => {
  it('holds the production dependencies and none of the development ones', () => {
    for (const name of Object.keys(packageJson.dependencies))
      expect(existsSync(join(app, 'node_modules', name, 'package.json')), name).toBe(true);
    // Development tools that nothing in production depends on are absent.
    for (const name of [
      'typescript',
      'tsx',
      'vitest',
      'prettier',
      'azurite',
      'playwright-core',
      'node-nlp',
      'chart.js',
    ])
      expect(existsSync(join(app, 'node_modules', name)), name).toBe(false);
  });

  it('starts from the saved model (not retraining) and answers a question', async () => {
    expect(output).toContain('"msg":"model loaded"');
    expect(output).not.toContain('model trained at start-up');
    const reply = await sendMessage(baseUrl, randomUUID(), 'how long is the Canada–US border?');
    expect(reply.status).toBe(200);
    expect(reply.shown).toContain('9,000 km');
    const french = await sendMessage(baseUrl, randomUUID(), 'Où est l’ambassade du Canada ?', 'fr-CA');
    expect(french.shown).toContain('Washington');
  });

  it('serves the web chat page and its Web Chat bundle from the production dependencies', async () => {
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const bundle = html.match(/src="([^"]*webchat[^"]*\.js)"/)?.[1];
    expect(bundle).toBeDefined();
    expect((await fetch(new URL(bundle!, baseUrl))).status).toBe(200);
  });
});

describe('the insights page in production', () => {
  it('answers with the token, counting the questions asked above, its charts’ library from dist/vendor', async () => {
    const authorization = `Bearer ${insightsToken}`;
    expect((await fetch(`${baseUrl}/insights`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/insights`, { headers: { authorization } })).status).toBe(200);
    const chart = await fetch(`${baseUrl}/insights/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect(await chart.text()).toMatch(/^\/\*!\n \* Chart\.js v4/);
    await sendMessage(baseUrl, randomUUID(), 'What is the best lasagna recipe?');
    const data = (await (await fetch(`${baseUrl}/insights/data`, { headers: { authorization } })).json()) as {
      totals: { messages: number; declined: number };
    };
    expect(data.totals.messages).toBeGreaterThanOrEqual(3);
    expect(data.totals.declined).toBeGreaterThanOrEqual(1);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(rootDir, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  const staged = readFileSync(join(rootDir, 'scripts/stage-production.sh'), 'utf8').match(/^content=\(([^)]*)\)/m)![1]!;

  it('runtime stage: the staged content, the build stage’s dist/, production dependencies only', () => {
    const copied = [...runtime.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(new Set(copied)).toEqual(new Set(staged.split(/\s+/)));
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev /m);
  });

  it('build stage: compiles and trains with npm run build', () => {
    expect(dockerfile.slice(0, dockerfile.indexOf('AS runtime'))).toMatch(/^RUN npm run build$/m);
  });

  it('runs start:prod’s command as a non-root user, on Node 22, with a health check on /readyz', () => {
    const cmd = JSON.parse(runtime.match(/^CMD (\[.*\])$/m)![1]!) as string[];
    expect(cmd).toEqual(startCommand);
    expect(runtime).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=22$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/readyz/m);
  });

  it('.dockerignore keeps secrets and local installs out of the build', () => {
    const ignored = readFileSync(join(rootDir, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', 'node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});
