// npm run bench:http — our bot against an echo bot on the same restify + CloudAdapter stack, each in
// its own process, measured in one run by autocannon at 1, 10 and 50 connections, posting real
// questions with deliveryMode "expectReplies". Prints a table and writes bench/results/http.json.
// Also: cold start (process start to first answered message) and memory after 10,000 conversations.
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const questions = readFileSync(`${root}test/fixtures/heldout.en.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** node's flags in `npm run start:prod` ("node --flag … dist/index.js"): both servers run with them. */
const startScript = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: { 'start:prod': string } })
  .scripts['start:prod'];
const startFlags = startScript.split(/\s+/).filter((word) => word.startsWith('--'));

function body(text: string): string {
  return JSON.stringify({
    type: 'message',
    text,
    channelId: 'emulator',
    conversation: { id: randomUUID() },
    from: { id: 'bench' },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
  });
}

async function start(kind: 'ours' | 'echo', port: number): Promise<{ child: ChildProcess; startMs: number }> {
  const started = performance.now();
  const child = fork(`${root}bench/httpServer.mjs`, [kind, String(port)], { execArgv: startFlags, stdio: 'ignore' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body('how long is the border'),
  });
  await res.text();
  return { child, startMs: performance.now() - started };
}

async function load(port: number, connections: number) {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body(questions[next++ % questions.length]!) }),
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors };
}

/** The process's resident memory now (VmRSS) or its peak so far (VmHWM), in MB. */
function rssMb(child: ChildProcess, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(new RegExp(`${which}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

const results: Record<string, Record<string, unknown>> = {};
let port = 4100 + Math.floor(Math.random() * 500);
for (const kind of ['echo', 'ours'] as const) {
  const { child, startMs } = await start(kind, ++port);
  const rows: Record<string, unknown> = { coldStartMs: Math.round(startMs) };
  for (const connections of [1, 10, 50]) rows[`c${connections}`] = await load(port, connections);
  rows.peakRssMb = Math.round(rssMb(child, 'VmHWM'));
  if (kind === 'ours') {
    // Memory after 10,000 conversations (memory storage keeps each conversation's state).
    for (let i = 0; i < 10_000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`http://127.0.0.1:${port}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: body('which consulate serves Ohio?'),
          }).then((r) => r.text()),
        ),
      );
    }
    rows.rssAfter10kConversationsMb = Math.round(rssMb(child));
  }
  child.kill();
  results[kind] = rows;
}

const at10 = (kind: string) => results[kind]!.c10 as { rps: number; p99Ms: number; errors: number };
const summary = { ours: at10('ours'), echo: at10('echo'), ratio: at10('ours').rps / at10('echo').rps, detail: results };
console.log('server | conns |     rps | p50 ms | p99 ms | errors');
for (const kind of ['echo', 'ours']) {
  for (const c of [1, 10, 50]) {
    const r = results[kind]![`c${c}`] as { rps: number; p50Ms: number; p99Ms: number; errors: number };
    console.log(
      `${kind.padEnd(6)} | ${String(c).padStart(5)} | ${r.rps.toFixed(0).padStart(7)} | ${String(r.p50Ms).padStart(6)} | ${String(r.p99Ms).padStart(6)} | ${r.errors}`,
    );
  }
}
console.log(`ratio ours/echo at 10 connections: ${summary.ratio.toFixed(2)}`);
console.log(
  `cold start: ours ${results.ours!.coldStartMs} ms, echo ${results.echo!.coldStartMs} ms; peak RSS: ours ${results.ours!.peakRssMb} MB, echo ${results.echo!.peakRssMb} MB; after 10,000 conversations: ${results.ours!.rssAfter10kConversationsMb} MB`,
);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/http.json`, `${JSON.stringify(summary, null, 2)}\n`);
