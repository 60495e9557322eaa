// Rate limiting: one limiter for every anonymous route (the web chat token, the local Direct Line's
// REST routes and stream, /api/messages), token buckets per client and per conversation, 429 with
// Retry-After beyond them. Loopback clients are limited like any other unless a test asks otherwise.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readConfig } from '../../src/config.js';
import { RateLimiter, TokenBuckets } from '../../src/server/rateLimit.js';
import { rootDir, testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

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

  it('keeps at most its number of keys, whatever keys an attacker makes up', () => {
    const buckets = new TokenBuckets({ perMinute: 1, burst: 5, maxKeys: 100 }, () => 0);
    for (let i = 0; i < 1000; i++) buckets.take(`conversation-${i}`);
    expect((buckets as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe('the limiter', () => {
  const limits = { perClientPerMinute: 30, perConversationPerMinute: 6, conversationsPerClientPerMinute: 4 };

  it('limits loopback clients by default, and exempts them only when asked', () => {
    expect(readConfig({}, rootDir).rateLimit.exemptLoopback).toBe(false);
    const limited = new RateLimiter({ ...limits, exemptLoopback: false }, () => 0);
    const exempt = new RateLimiter({ ...limits, exemptLoopback: true }, () => 0);
    const count = (limiter: RateLimiter, address: string) =>
      Array.from({ length: 50 }, () => limiter.request(address)).filter((wait) => wait === undefined).length;
    expect(count(limited, '127.0.0.1')).toBe(10);
    expect(count(limited, '::ffff:127.0.0.1')).toBe(0); // the same client
    expect(count(exempt, '127.0.0.1')).toBe(50);
    expect(count(exempt, '192.0.2.1')).toBe(10);
  });

  it('counts an IPv6 client per /64', () => {
    const limiter = new RateLimiter({ ...limits, exemptLoopback: false }, () => 0);
    for (let i = 0; i < 10; i++) expect(limiter.request(`2001:db8:1:2::${i.toString(16)}`)).toBeUndefined();
    expect(limiter.request('2001:db8:1:2:ffff::1')).toBeGreaterThan(0);
    expect(limiter.request('2001:db8:1:3::1')).toBeUndefined();
  });
});

describe('POST /api/messages under load from one conversation', () => {
  const app = testApp({ RATE_LIMIT_PER_MINUTE_PER_CONVERSATION: '6' });
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

describe('the web chat routes', () => {
  const app = testApp({
    RATE_LIMIT_PER_MINUTE_PER_CLIENT: '60',
    RATE_LIMIT_PER_MINUTE_PER_CONVERSATION: '6',
    RATE_LIMIT_CONVERSATIONS_PER_MINUTE_PER_CLIENT: '4',
  });
  const baseUrl = listenDuringTests(app.server);
  const token = (headers: Record<string, string> = {}) =>
    fetch(`${baseUrl()}/api/directline/token`, { method: 'POST', headers });

  it('limit the conversations (tokens) one client starts, the activities posted to one conversation, and every request of a client', async () => {
    const first = await token();
    expect(first.status).toBe(200);
    const session = (await first.json()) as { token: string; conversationId: string };
    // Counted by the socket's address: X-Forwarded-For (anyone can send it) changes nothing.
    const tokens = [(await token()).status, (await token({ 'x-forwarded-for': '203.0.113.7' })).status];
    expect(tokens).toEqual([200, 429]);

    const post = () =>
      fetch(`${baseUrl()}/v3/directline/conversations/${session.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hi' }),
      });
    const posts: number[] = [];
    for (let i = 0; i < 7; i++) posts.push((await post()).status);
    expect(posts).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await post();
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('Throttled');

    // 11 requests so far; the client's burst is 20: the page a few more times, then 429 on every route.
    const statuses: number[] = [];
    while (statuses.length < 40 && statuses.at(-1) !== 429) statuses.push((await fetch(`${baseUrl()}/`)).status);
    expect(statuses.at(-1)).toBe(429);
    const stream = new WebSocket(
      `${baseUrl().replace('http', 'ws')}/v3/directline/conversations/${session.conversationId}/stream?t=${session.token}`,
    );
    const status = await new Promise<number>((resolve) => {
      stream.on('open', () => resolve(101));
      stream.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(429);
    expect((await fetch(`${baseUrl()}/healthz`)).status).toBe(200); // probes are never limited
  });
});
