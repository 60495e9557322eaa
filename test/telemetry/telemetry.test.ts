// Telemetry: a span per HTTP request, a span per turn (intent, score, language, outcome) under it,
// storage calls as dependencies under the turn, and metrics — never a message's text. Checked with
// OpenTelemetry's in-memory exporters; then the bot process with an OTLP endpoint (a loopback
// stand-in for a collector) sends its traces and metrics; and a bot without telemetry never loads an SDK.
import { context, metrics, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { OpenTelemetry } from '../../src/telemetry/openTelemetry.js';
import { rootDir } from '../support/app.js';
import { Azurite } from '../support/azurite.js';
import { sendMessage } from '../support/messages.js';
import { startBotProcess } from '../support/processes.js';

// Turns over HTTP on a busy machine (other test files train models meanwhile) can take seconds.
vi.setConfig({ testTimeout: 30_000 });

const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));

let azurite: Azurite;
let baseUrl = '';
let close = async () => undefined as unknown;

beforeAll(async () => {
  azurite = await Azurite.start();
  const config = readConfig(
    {
      LOG_LEVEL: 'silent',
      EVENTS_CONTAINER: '',
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: azurite.connectionString,
    },
    rootDir,
  );
  const { server } = createApp(config, { telemetry: new OpenTelemetry() });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  close = () => new Promise((done) => server.close(() => done(undefined)));
}, 90_000);

afterAll(async () => {
  await close();
  await azurite?.dispose();
}, 30_000);

beforeEach(() => spans.reset());

/** One message, then every span it produced (the request's span ends just after its response). */
async function traced(conversationId: string, text: string) {
  spans.reset();
  const reply = await sendMessage(baseUrl, conversationId, text);
  expect(reply.status).toBe(200);
  await new Promise((done) => setTimeout(done, 50));
  const finished = spans.getFinishedSpans();
  const request = finished.find((s) => s.kind === SpanKind.SERVER)!;
  const turn = finished.find((s) => s.name === 'bot turn')!;
  return { finished, request, turn };
}

const parentOf = (span: { parentSpanContext?: { spanId: string } }) => span.parentSpanContext?.spanId;

describe('spans', () => {
  it('a request span, a turn span under it with what the turn decided, storage calls under the turn', async () => {
    const { finished, request, turn } = await traced(randomUUID(), 'what is NORAD?');
    expect(request.name).toBe('POST /api/messages');
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/messages',
      'http.response.status_code': 200,
    });
    expect(turn.attributes).toMatchObject({
      'bot.channel': 'emulator',
      'bot.language': 'en',
      'bot.intent': 'defence.norad',
      'bot.outcome': 'answered',
      'bot.via': 'classifier',
    });
    expect(turn.attributes['bot.score']).toBeGreaterThan(0.5);
    expect(turn.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(parentOf(turn)).toBe(request.spanContext().spanId);

    const storage = finished.filter((s) => s.kind === SpanKind.CLIENT);
    expect(storage.map((s) => s.name)).toEqual(['storage read', 'storage write']);
    for (const call of storage) {
      expect(parentOf(call)).toBe(turn.spanContext().spanId);
      expect(call.attributes).toMatchObject({ 'az.namespace': 'Microsoft.Storage' });
    }
  });

  it('says how each turn ended: declined, clarified, rated', async () => {
    const declined = await traced(randomUUID(), 'how do I bake sourdough bread?');
    expect(declined.turn.attributes).toMatchObject({ 'bot.intent': 'None', 'bot.outcome': 'declined' });

    const clarified = await traced(randomUUID(), 'which offices does the US keep up north');
    expect(clarified.turn.attributes['bot.outcome']).toBe('clarified');

    const conversation = randomUUID();
    await traced(conversation, 'what is NORAD?');
    const rated = await traced(conversation, '👍');
    expect(rated.turn.attributes).toMatchObject({ 'bot.outcome': 'rated', 'bot.rating': 'up' });
  });

  it('never carries the message text, in any span', async () => {
    const secret = 'Zanzibar-Quokka 4242';
    const { finished } = await traced(randomUUID(), `my neighbour ${secret} asks about the border`);
    expect(finished.length).toBeGreaterThanOrEqual(4);
    const everything = JSON.stringify(
      finished.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
    );
    for (const word of ['Zanzibar', 'Quokka', '4242', 'neighbour']) expect(everything).not.toContain(word);
  });

  it('a request that is refused gets its span and status too', async () => {
    const res = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(res.status).toBe(400);
    await new Promise((done) => setTimeout(done, 50));
    const request = spans.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER)!;
    expect(request.attributes['http.response.status_code']).toBe(400);
  });
  it('names a request by its route, never by a path that could hold an id', async () => {
    spans.reset();
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/no-such-page/conversation-4242`)).status).toBe(404);
    await new Promise((done) => setTimeout(done, 50));
    const requests = spans.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
    expect(requests.map((s) => [s.name, s.attributes['http.response.status_code']])).toEqual([
      ['GET /healthz', 200],
      ['GET', 404],
    ]);
    expect(JSON.stringify(requests.map((s) => s.attributes))).not.toContain('4242');
  });
});

describe('metrics', () => {
  it('counts turns by outcome, intent and language, and times turns and requests', async () => {
    await traced(randomUUID(), 'how long is the border?');
    await metricReader.forceFlush();
    const all = metricExporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const latest = (name: string) => all.filter((m) => m.descriptor.name === name).at(-1)!;
    const border = latest('bot.turns').dataPoints.find((p) => p.attributes['bot.intent'] === 'border.length');
    expect(border?.attributes).toMatchObject({ 'bot.outcome': 'answered', 'bot.language': 'en' });
    expect(border?.value).toBeGreaterThanOrEqual(1);
    expect(latest('bot.turn.duration').dataPoints.length).toBeGreaterThan(0);
    const requests = latest('http.server.request.duration').dataPoints.find(
      (p) => p.attributes['http.route'] === '/api/messages' && p.attributes['http.response.status_code'] === 200,
    );
    expect((requests?.value as { count: number }).count).toBeGreaterThan(0);
  });
});

describe('an OTLP endpoint', () => {
  it('gets the bot process’s traces and metrics (sent at the latest on SIGTERM), without message text', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((done) => collector.listen(0, '127.0.0.1', done));
    try {
      const bot = await startBotProcess({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      });
      try {
        expect((await sendMessage(bot.url, randomUUID(), 'Where is the Embassy of Canada?')).status).toBe(200);
      } finally {
        await bot.stop();
      }
      const traces = received
        .filter((r) => r.path === '/v1/traces')
        .map((r) => r.body)
        .join('\n');
      expect(traces).toContain('bot turn');
      expect(traces).toContain('offices.embassy');
      expect(traces).toContain('canada-us-relations-assistant');
      expect(traces).not.toContain('Embassy of Canada');
      expect(received.some((r) => r.path === '/v1/metrics' && r.body.includes('bot.turns'))).toBe(true);
    } finally {
      await new Promise<void>((done) => collector.close(() => done()));
    }
  }, 90_000);
});

describe('telemetry off', () => {
  it('loads no OpenTelemetry SDK: nothing src/index.ts imports statically reaches one', () => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Static imports only: `import … from '…'` and `export … from '…'`, not `import type` nor `import('…')`.
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
        /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms,
      )) {
        if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!.replace(/\.js$/, '.ts')));
        else packages.add(specifier!);
      }
    };
    visit(join(rootDir, 'src/index.ts'));
    expect(seen.size).toBeGreaterThan(20);
    expect(packages).toContain('botbuilder');
    expect([...packages].filter((p) => /^@opentelemetry\/|^@azure\/monitor-/.test(p))).toEqual([]);
  });
});
