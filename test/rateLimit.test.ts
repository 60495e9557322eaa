// Rate limiting: a token bucket per client and per conversation, 429 with Retry-After beyond it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../src/server/rateLimit.js';
import { testApp } from './support/app.js';
import { listenDuringTests } from './support/server.js';

describe('token buckets', () => {
  it('allows a burst, then one request per refill interval', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3 }, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([undefined, undefined, undefined]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBeUndefined();
    now += 1000;
    expect(buckets.take('a')).toBeUndefined();
  });
});

describe('POST /api/messages under load from one conversation', () => {
  const app = testApp({ RATE_LIMIT_LOOPBACK: '1', RATE_LIMIT_PER_MINUTE_PER_CONVERSATION: '6' });
  const baseUrl = listenDuringTests(app.server);

  it('answers 429 with Retry-After past the conversation limit, other conversations unaffected', async () => {
    const post = (conversationId: string) =>
      fetch(`${baseUrl()}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text: 'hi',
          channelId: 'emulator',
          conversation: { id: conversationId },
          from: { id: 'u' },
          deliveryMode: 'expectReplies',
        }),
      });
    const busy = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(busy)).status);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    const limited = await post(busy);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await post(randomUUID())).status).toBe(200);
  });
});
