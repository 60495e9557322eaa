// npm run bench:http — our bot against an echo bot on the same restify + CloudAdapter stack, each in its
// own process from dist/ with npm start's node flags, on two paths, measured in one run:
// - expectReplies: autocannon at 1, 10 and 50 connections posting real questions (the held-out set) on
//   the Direct Line channel (what the web page reaches through Azure), replies in the response, state in
//   memory; with each server's CPU time per request, the replies' sizes (median, largest, and what each
//   part of a reply weighs), cold start (and its parts, with French built eagerly or on first use), peak
//   RSS and RSS after 10,000 conversations;
// - production: replies POSTed to a loopback stand-in for the channel's Bot Connector service
//   (bench/connector.mjs) and every conversation's state in Blob storage on Azurite, one instance and two
//   behind a loopback round-robin (bench/roundRobin.mjs), ours and the echo bot, 10 connections; each
//   reply's arrival checked at the stand-in, and every process's CPU time.
// Everything listens on 127.0.0.1; every load is bounded in time (BENCH_SECONDS, default 10). Prints
// tables and writes bench/results/http.json (bench/README.md keeps the figures of each run).
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Azurite } from '../test/support/azurite.js';
import { startFlags } from '../test/support/processes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const channel = 'directline';
const heldOut = (language: 'en' | 'fr') =>
  readFileSync(`${root}test/fixtures/heldout.${language}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
const questions = heldOut('en');
const allQuestions = [...questions, ...heldOut('fr')];

type Kind = 'ours' | 'echo';

interface Ready {
  ready: true;
  bootMs: number;
  importMs: number;
  appMs: number;
  startup?: Record<string, number>;
}

interface Activity {
  type: string;
  [field: string]: unknown;
}

function activity(text: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    text,
    channelId: channel,
    conversation: { id: randomUUID() },
    from: { id: 'bench' },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
    ...fields,
  };
}

let nextPort = 4100 + Math.floor(Math.random() * 2000);
const children = new Set<ChildProcess>();

/** A node process of bench/, its "ready" message. */
async function startChild(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(`${root}bench/${script}`, args, {
    execArgv: script === 'httpServer.mjs' ? startFlags : [],
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve((message === 'ready' ? { ready: true } : message) as Ready));
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)));
  });
  return { child, ready };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function post(port: number, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** A server started and its first question answered: cold start, as a person waiting for the first answer sees it. */
async function startServer(kind: Kind, env: Record<string, string> = {}) {
  const port = ++nextPort;
  const started = performance.now();
  const { child, ready } = await startChild('httpServer.mjs', [kind, String(port)], env);
  const listeningMs = performance.now() - started;
  const first = await post(port, activity('how long is the border'));
  if (first.status !== 200) throw new Error(`${kind}: first message answered ${first.status}`);
  return { child, port, ready, coldStartMs: performance.now() - started, listeningMs };
}

interface Load {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  /** CPU time of each measured process per request (user + system), µs. */
  cpuUsPerRequest?: Record<string, number>;
}

/** User + system CPU time of a process so far, in ms (/proc: clock ticks of 10 ms). */
function cpuMs(child: { pid?: number | undefined }): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function load(
  port: number,
  connections: number,
  body: () => Record<string, unknown>,
  measured: Record<string, { pid?: number | undefined }> = {},
  duration = seconds,
): Promise<Load> {
  const before = Object.fromEntries(Object.entries(measured).map(([name, child]) => [name, cpuMs(child)]));
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(body()) }),
      },
    ],
  });
  const requests = result.requests.total;
  const cpu = Object.fromEntries(
    Object.entries(measured).map(([name, child]) => [
      name,
      Math.round(((cpuMs(child) - before[name]!) * 1000) / Math.max(1, requests)),
    ]),
  );
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests,
    ...(Object.keys(cpu).length ? { cpuUsPerRequest: cpu } : {}),
  };
}

/** The process's resident memory now (VmRSS) or its peak so far (VmHWM), in MB. */
function rssMb(child: ChildProcess, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(new RegExp(`${which}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};
const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

// ---- what a reply is made of ------------------------------------------------------------------

const bytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/** Each part of a response's activities, in bytes of JSON. */
function replyParts(activities: Activity[]): Record<string, number> {
  const parts: Record<string, number> = {
    card: 0,
    'card.speak': 0,
    'card.fallbackText': 0,
    text: 0,
    speak: 0,
    summary: 0,
    suggestedActions: 0,
    trace: 0,
    envelope: 0,
  };
  for (const a of activities) {
    if (a.type === 'trace') {
      parts.trace! += bytes(a);
      continue;
    }
    const { attachments, text, speak, summary, suggestedActions, ...rest } = a;
    for (const attachment of (attachments as { content?: Record<string, unknown> }[] | undefined) ?? []) {
      const { speak: cardSpeak, fallbackText, ...card } = attachment.content ?? {};
      parts['card.speak']! += bytes(cardSpeak);
      parts['card.fallbackText']! += bytes(fallbackText);
      parts.card! += bytes({ ...attachment, content: card });
    }
    parts.text! += bytes(text);
    parts.speak! += bytes(speak);
    parts.summary! += bytes(summary);
    parts.suggestedActions! += bytes(suggestedActions);
    parts.envelope! += bytes(rest);
  }
  return parts;
}

/** Every held-out question (English and French) once on a channel: the response's size and its parts. */
async function replySizes(port: number, channelId: string) {
  const sizes: number[] = [];
  const parts: Record<string, number[]> = {};
  const serializeUs: number[] = [];
  let largest = { bytes: 0, question: '' };
  for (const question of allQuestions) {
    const { text } = await post(port, activity(question, { channelId }));
    const body = JSON.parse(text) as { activities: Activity[] };
    const size = Buffer.byteLength(text);
    sizes.push(size);
    if (size > largest.bytes) largest = { bytes: size, question };
    for (const [name, n] of Object.entries(replyParts(body.activities))) (parts[name] ??= []).push(n);
    const started = performance.now();
    for (let i = 0; i < 20; i++) JSON.stringify(body);
    serializeUs.push(((performance.now() - started) * 1000) / 20);
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  return {
    replies: sizes.length,
    medianBytes: median(sizes),
    largestBytes: largest.bytes,
    largestQuestion: largest.question,
    /** Each part's median over the replies that have it, and its share of all reply bytes. */
    parts: Object.fromEntries(
      Object.entries(parts).map(([name, values]) => [
        name,
        {
          medianBytes: median(values.filter((v) => v > 0)),
          share: round(values.reduce((a, b) => a + b, 0) / total, 3),
        },
      ]),
    ),
    /** JSON.stringify of a whole response, as the server does once per request, in this process. */
    serializeMedianUs: round(median(serializeUs), 1),
  };
}

// ---- the expectReplies path -------------------------------------------------------------------

const question = (() => {
  let next = 0;
  return () => questions[next++ % questions.length]!;
})();

async function expectRepliesPath() {
  const results: Record<string, Record<string, unknown>> = {};
  for (const kind of ['echo', 'ours'] as const) {
    const server = await startServer(kind);
    const rows: Record<string, unknown> = { coldStartMs: Math.round(server.coldStartMs) };
    for (const connections of [1, 10, 50])
      rows[`c${connections}`] = await load(server.port, connections, () => activity(question()), {
        server: server.child,
      });
    rows.peakRssMb = Math.round(rssMb(server.child, 'VmHWM'));
    if (kind === 'ours') {
      rows.replySizes = await replySizes(server.port, channel);
      rows.replySizesEmulator = await replySizes(server.port, 'emulator');
      // Memory after 10,000 conversations (memory storage keeps each conversation's state).
      for (let i = 0; i < 10_000; i += 50)
        await Promise.all(
          Array.from({ length: 50 }, () => post(server.port, activity('which consulate serves Ohio?'))),
        );
      rows.rssAfter10kConversationsMb = Math.round(rssMb(server.child));
    }
    await stop(server.child);
    results[kind] = rows;
  }
  return results;
}

// ---- cold start -------------------------------------------------------------------------------

/** Each way of building French, started `runs` times in turn: process start to the first answer, and its parts. */
async function coldStarts(runs = 5) {
  const ways = { lazyFrench: {}, eagerFrench: { BENCH_EAGER_FRENCH: '1' } } as const;
  const samples: Record<string, { coldStartMs: number; parts: Record<string, number>; firstFrenchMs?: number }[]> = {
    lazyFrench: [],
    eagerFrench: [],
    echo: [],
  };
  for (let run = 0; run < runs; run++) {
    for (const [way, env] of [...Object.entries(ways), ['echo', {}] as const]) {
      const server = await startServer(way === 'echo' ? 'echo' : 'ours', env);
      const { bootMs, importMs, appMs, startup } = server.ready;
      let firstFrenchMs: number | undefined;
      if (way !== 'echo') {
        const started = performance.now();
        await post(server.port, activity('Quelle est la longueur de la frontière ?'));
        firstFrenchMs = performance.now() - started;
      }
      samples[way]!.push({
        coldStartMs: server.coldStartMs,
        parts: {
          nodeBoot: bootMs,
          imports: importMs - bootMs,
          ...(startup ?? { app: appMs - importMs }),
          listenAndFirstAnswer: server.coldStartMs - appMs,
        },
        ...(firstFrenchMs !== undefined ? { firstFrenchMs } : {}),
      });
      await stop(server.child);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([way, runs]) => {
      const partNames = Object.keys(runs[0]!.parts);
      const cold = runs.map((r) => r.coldStartMs);
      return [
        way,
        {
          runs: runs.length,
          medianMs: Math.round(median(cold)),
          minMs: Math.round(Math.min(...cold)),
          maxMs: Math.round(Math.max(...cold)),
          partsMedianMs: Object.fromEntries(partNames.map((p) => [p, round(median(runs.map((r) => r.parts[p]!)), 1)])),
          ...(runs[0]!.firstFrenchMs !== undefined
            ? { firstFrenchMessageMedianMs: round(median(runs.map((r) => r.firstFrenchMs!)), 1) }
            : {}),
        },
      ];
    }),
  );
}

// ---- the production path ----------------------------------------------------------------------

/** A pool of conversations, so that most turns continue one (read, then write with its eTag), as in production. */
const conversationPool = Array.from({ length: 2000 }, () => randomUUID());

async function productionPath() {
  const azurite = await Azurite.start();
  const connectorPort = ++nextPort;
  const connector = await startChild('connector.mjs', [String(connectorPort)]);
  const received = () =>
    new Promise<{ activities: number; refused: number; bytes: number }>((resolve) => {
      connector.child.once('message', (message) =>
        resolve(message as { activities: number; refused: number; bytes: number }),
      );
      connector.child.send('count');
    });
  const results: Record<string, unknown> = {};
  try {
    for (const kind of ['echo', 'ours'] as const) {
      for (const instances of [1, 2]) {
        const env = {
          STORAGE: 'blob',
          BLOB_CONNECTION_STRING: azurite.connectionString,
          BLOB_CONTAINER: `bench-${kind}`,
          LOOPBACK_REPLIES: '1',
        };
        const servers = await Promise.all(Array.from({ length: instances }, () => startServer(kind, env)));
        const balancerPort = ++nextPort;
        const balancer = await startChild('roundRobin.mjs', [
          String(balancerPort),
          ...servers.map((s) => String(s.port)),
        ]);
        let n = 0;
        const body = () =>
          activity(question(), {
            conversation: { id: conversationPool[n++ % conversationPool.length] },
            serviceUrl: `http://127.0.0.1:${connectorPort}/`,
            deliveryMode: undefined,
          });
        await load(balancerPort, 10, body, {}, 3); // warm-up: every conversation of the pool is created
        const settle = () => new Promise((resolve) => setTimeout(resolve, 1000)); // replies of requests still in flight
        await settle();
        const before = await received();
        const measured: Record<string, { pid?: number | undefined }> = {
          azurite: { pid: azurite.pid },
          connector: connector.child,
          balancer: balancer.child,
        };
        servers.forEach((s, i) => (measured[`bot${i + 1}`] = s.child));
        const run = await load(balancerPort, 10, body, measured);
        await settle();
        const after = await received();
        results[`${kind}-${instances}`] = {
          ...run,
          repliesReceived: after.activities - before.activities,
          refusedByConnector: after.refused - before.refused,
        };
        await stop(balancer.child);
        await Promise.all(servers.map((s) => stop(s.child)));
      }
    }
  } finally {
    await stop(connector.child);
    await azurite.dispose();
  }
  return results;
}

// ---- run --------------------------------------------------------------------------------------

const startedAt = new Date();
const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  node: process.version,
  loadAverageAtStart: loadavg().map((x) => round(x, 2)),
};
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
const expectReplies = await expectRepliesPath();
const coldStart = await coldStarts();
const production = await productionPath();

const at10 = (kind: string) => expectReplies[kind]!.c10 as Load;
const prod = (key: string) => production[key] as Load & { repliesReceived: number };
const summary = {
  date: startedAt.toISOString(),
  machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
  seconds,
  channel,
  ours: at10('ours'),
  echo: at10('echo'),
  ratio: at10('ours').rps / at10('echo').rps,
  p99Ratio: at10('ours').p99Ms / at10('echo').p99Ms,
  replySizes: expectReplies.ours!.replySizes,
  coldStart,
  production: {
    ...production,
    oursOverEcho: prod('ours-1').rps / prod('echo-1').rps,
    twoOverOne: { ours: prod('ours-2').rps / prod('ours-1').rps, echo: prod('echo-2').rps / prod('echo-1').rps },
  },
  detail: expectReplies,
};

console.log(`expectReplies (${channel}), ${seconds} s a load`);
console.log('server | conns |     rps | p50 ms | p99 ms | errors | server CPU µs/request');
for (const kind of ['echo', 'ours']) {
  for (const c of [1, 10, 50]) {
    const r = expectReplies[kind]![`c${c}`] as Load;
    console.log(
      `${kind.padEnd(6)} | ${String(c).padStart(5)} | ${r.rps.toFixed(0).padStart(7)} | ${String(r.p50Ms).padStart(6)} | ${String(r.p99Ms).padStart(6)} | ${String(r.errors).padStart(6)} | ${r.cpuUsPerRequest?.server}`,
    );
  }
}
console.log(
  `ratio ours/echo at 10 connections: ${summary.ratio.toFixed(2)} (p99: ${summary.p99Ratio.toFixed(2)} × the echo bot's)`,
);
const sizes = summary.replySizes as ReturnType<typeof replySizes> extends Promise<infer T> ? T : never;
const emulatorSizes = expectReplies.ours!.replySizesEmulator as typeof sizes;
console.log(
  `reply sizes (${sizes.replies} held-out questions): median ${sizes.medianBytes} B, largest ${sizes.largestBytes} B ("${sizes.largestQuestion}"); on the Emulator's channel, with the trace: median ${emulatorSizes.medianBytes} B, largest ${emulatorSizes.largestBytes} B`,
);
console.log(
  `  parts (median bytes where present, share of all bytes): ${Object.entries(sizes.parts)
    .map(([name, p]) => `${name} ${p.medianBytes} (${(100 * p.share).toFixed(0)} %)`)
    .join(', ')}; serializing a response: ${sizes.serializeMedianUs} µs`,
);
for (const [way, c] of Object.entries(coldStart))
  console.log(
    `cold start, ${way}: median ${c.medianMs} ms (${c.minMs}–${c.maxMs}, ${c.runs} runs); parts: ${Object.entries(
      c.partsMedianMs,
    )
      .map(([p, ms]) => `${p} ${ms}`)
      .join(
        ', ',
      )}${'firstFrenchMessageMedianMs' in c ? `; first French message ${c.firstFrenchMessageMedianMs} ms` : ''}`,
  );
console.log(
  `peak RSS: ours ${String(expectReplies.ours!.peakRssMb)} MB, echo ${String(expectReplies.echo!.peakRssMb)} MB; after 10,000 conversations: ${String(expectReplies.ours!.rssAfter10kConversationsMb)} MB`,
);
console.log(
  `\nproduction path (replies POSTed to a connector stand-in, state in Blob storage on Azurite), 10 connections`,
);
console.log('server | instances |     rps | p50 ms | p99 ms | errors | replies received | CPU µs/request');
for (const key of ['echo-1', 'echo-2', 'ours-1', 'ours-2']) {
  const r = prod(key);
  console.log(
    `${key.split('-')[0]!.padEnd(6)} | ${key.split('-')[1]!.padStart(9)} | ${r.rps.toFixed(0).padStart(7)} | ${String(r.p50Ms).padStart(6)} | ${String(r.p99Ms).padStart(6)} | ${String(r.errors).padStart(6)} | ${String(r.repliesReceived).padStart(8)} of ${r.requests} | ${Object.entries(
      r.cpuUsPerRequest ?? {},
    )
      .map(([name, us]) => `${name} ${us}`)
      .join(', ')}`,
  );
}
console.log(
  `ratio ours/echo (one instance): ${summary.production.oursOverEcho.toFixed(2)}; two instances over one: ours ${summary.production.twoOverOne.ours.toFixed(2)}, echo ${summary.production.twoOverOne.echo.toFixed(2)}`,
);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/http.json`, `${JSON.stringify(summary, null, 2)}\n`);
console.log('\nwritten: bench/results/http.json');
process.exit(0);
