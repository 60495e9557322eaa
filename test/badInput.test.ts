// Generated hostile requests: every one gets a normal answer or a 4xx, and the server keeps answering.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { testApp } from './support/app.js';
import { listenDuringTests } from './support/server.js';

const { server } = testApp();
const baseUrl = listenDuringTests(server);

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const junk = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => 42,
      () => -1.5e308,
      () => true,
      () => '',
      () => 'x'.repeat(Math.floor(next() * 5000)),
      () => '<script>alert(1)</script>',
      () => '\u0000\uFFFF\uD800 emoji 🙂 RTL \u202E',
      () => [],
      () => [junk()],
      () => ({}),
      () => ({ id: junk() }),
      () => ({ nested: { deeper: { deepest: [1, { a: 'b' }] } } }),
      () => 'https://example.invalid/',
    ])();
  return { next, pick, junk };
}

const fields = ['type', 'text', 'conversation', 'from', 'recipient', 'channelId', 'serviceUrl', 'locale', 'entities', 'membersAdded', 'deliveryMode', 'timestamp', 'textFormat', 'value', 'channelData', 'attachments'];

it('answers 300 malformed or hostile activities with 200 or a 4xx, never a 5xx', async () => {
  const { next, pick, junk } = generator(20261125);
  const statuses = new Map<number, number>();
  for (let i = 0; i < 300; i++) {
    const activity: Record<string, unknown> = {
      type: 'message',
      text: 'how long is the border',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: randomUUID() },
      from: { id: 'user' },
      recipient: { id: 'bot' },
      deliveryMode: 'expectReplies',
    };
    const changes = 1 + Math.floor(next() * 3);
    for (let c = 0; c < changes; c++) activity[pick(fields)] = junk();
    const res = await fetch(`${baseUrl()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const body = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status, body).toBeLessThan(500);
    expect(body).not.toMatch(/\bat .+:\d+:\d+/);
  }
  expect(statuses.get(200)).toBeGreaterThan(0);
  expect(statuses.get(400)).toBeGreaterThan(0);

  const after = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'what is NATO', channelId: 'emulator', conversation: { id: 'after' }, from: { id: 'u' }, deliveryMode: 'expectReplies' }),
  });
  expect(JSON.stringify(await after.json())).toContain('North Atlantic Treaty Organization');
}, 60_000);
