// A burst of real questions over loopback: 10,000 requests on 50 concurrent connections, every one
// answered (no 5xx, no 429, no connection error, no "please try again"). Loopback clients are rate
// limited like any other by default; this test asks for the exemption (RATE_LIMIT_EXEMPT_LOOPBACK),
// as it measures the bot, not the limiter.
import autocannon from 'autocannon';
import { expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { isLoopback } from '../../src/server/rateLimit.js';
import { heldOutSet, rootDir, testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const { server, facts } = testApp({ RATE_LIMIT_EXEMPT_LOOPBACK: '1' });
const baseUrl = listenDuringTests(server);

const total = 10_000;
const connections = 50;
/** 500 conversations of 20 turns each, so turns build on each conversation's memory. */
const conversations = 500;

it(`answers ${total.toLocaleString('en')} real questions on ${connections} connections with no error`, async () => {
  expect(readConfig({}, rootDir).rateLimit.exemptLoopback).toBe(false);
  expect(isLoopback('127.0.0.1')).toBe(true);

  const questions = [...heldOutSet('en'), ...heldOutSet('fr')].map((q) => q.text);
  // The apologies for a failed turn or unavailable memory (in both languages) are not answers.
  const apologies = ['turnError', 'memoryUnavailable'].flatMap((key) =>
    Object.values(facts.strings[key] ?? {}).filter((s) => s !== undefined),
  );
  let sent = 0;
  const cpuBefore = process.cpuUsage();
  const answered = { messages: 0, notAnswer: 0, apologies: 0 };
  const result = await autocannon({
    url: `${baseUrl()}/api/messages`,
    connections,
    amount: total,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const n = sent++;
          const body = {
            type: 'message',
            id: `m${n}`,
            text: questions[n % questions.length],
            channelId: 'emulator',
            locale: n % 2 ? 'fr-CA' : 'en-US',
            conversation: { id: `burst-${n % conversations}` },
            from: { id: `user-${n % conversations}` },
            recipient: { id: 'bot' },
            deliveryMode: 'expectReplies',
          };
          return { ...request, body: JSON.stringify(body) };
        },
        onResponse: (status, body) => {
          if (status !== 200 || !body.includes('"type":"message"')) answered.notAnswer++;
          else if (apologies.some((t) => body.includes(t))) answered.apologies++;
          else answered.messages++;
        },
      },
    ],
  });

  const cpu = process.cpuUsage(cpuBefore);
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, Number(count)]),
  );
  console.log(
    `burst: ${result.requests.total} requests in ${result.duration} s, ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${((cpu.user + cpu.system) / 1000 / total).toFixed(1)} ms CPU a request (server and client), statuses ${JSON.stringify(statuses)}`,
  );
  expect(result.errors, 'connection errors').toBe(0);
  expect(result.timeouts, 'timeouts').toBe(0);
  expect(result.non2xx, 'non-2xx responses').toBe(0);
  expect(statuses).toEqual({ 200: expect.any(Number) });
  expect(statuses[200]).toBeGreaterThanOrEqual(total);
  expect(answered).toEqual({ messages: statuses[200], notAnswer: 0, apologies: 0 });

  // Still answering, and correctly, afterwards.
  const after = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text: 'how long is the border?',
      channelId: 'emulator',
      conversation: { id: 'after-burst' },
      from: { id: 'u' },
      deliveryMode: 'expectReplies',
    }),
  });
  expect(after.status).toBe(200);
  expect(JSON.stringify(await after.json())).toContain('9,000 km');
}, 60_000);
