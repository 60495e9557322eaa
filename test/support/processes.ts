// Child processes for tests: free loopback ports, waiting for a condition, and the bot itself run as
// `npm start` runs it (src/index.ts, here through tsx, with npm start's node flags), in its own
// process, stopped with SIGTERM; its resident memory is read from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootDir } from './app.js';

/** node's flags in `npm run start:prod` ("node --flag … dist/index.js", which `npm start` runs), e.g. its heap ceiling. */
export const startFlags = (
  JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['start:prod']!.split(/\s+/).filter((word) => word.startsWith('--'));

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
  pid: number;
  /** What it logged so far (pino JSON lines on stdout, then stderr). */
  logs(): string;
  /** Resident memory now and its peak so far (VmRSS and VmHWM of /proc/<pid>/status), in MB. */
  memory(): { rssMb: number; peakRssMb: number };
  /** Sends SIGTERM and resolves with the exit code once it exited (SIGKILL after 15 s: code null). */
  stop(): Promise<number | null>;
}

/** The bot in its own process on a free port, with these environment variables; resolves once it listens. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'SystemRoot'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
  const child = spawn(process.execPath, [...startFlags, '--import', 'tsx', 'src/index.ts'], {
    cwd: rootDir,
    env: {
      ...inherited,
      MicrosoftAppId: '',
      LOG_LEVEL: 'info',
      EVENTS_LOG: '',
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
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const bot: BotProcess = {
    url,
    pid: child.pid!,
    logs: () => `${stdout}\n${stderr}`,
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
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
