// Child processes for tests: free loopback ports, waiting for a condition, and the bot itself run as
// `npm start` runs it (src/index.ts, here through tsx), in its own process, stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { rootDir } from './app.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `check` is true; rejects after `timeoutMs` or when `check` throws. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface BotProcess {
  url: string;
  /** What it logged so far (pino JSON lines on stdout, then stderr). */
  logs(): string;
  stop(): Promise<void>;
}

/** The bot in its own process on a free port, with these environment variables; resolves once it listens. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'SystemRoot'].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  );
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
    cwd: rootDir,
    env: {
      ...inherited,
      MicrosoftAppId: '',
      LOG_LEVEL: 'info',
      UNANSWERED_LOG: '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const bot: BotProcess = {
    url,
    logs: () => `${stdout}\n${stderr}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${bot.logs()}`);
        return fetch(`${url}/healthz`).then(
          (res) => res.ok,
          () => false,
        );
      },
      60_000,
      'the bot to listen',
    );
  } catch (error) {
    await bot.stop();
    throw error;
  }
  return bot;
}
