// The security review of open mode (issue #13), finding by finding, on an in-process server over
// loopback: each test repeats an attack and expects the refusal. The attacks that need the bot in its
// own process (memory under attack, shutdown) are in abuse.test.ts; frozen storage in storage.test.ts;
// report output in reports.test.ts.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../src/logger.js';
import { LocalDirectLine, type LocalDirectLineOptions } from '../../src/server/directLine.js';
import { createHttpServer } from '../../src/server/httpServer.js';
import { isLoopbackUrl } from '../../src/server/rateLimit.js';
import { BoundedMemoryStorage } from '../../src/storage.js';
import { testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const app = testApp();
const baseUrl = listenDuringTests(app.server);

/** A stand-in channel on loopback: counts the replies the bot posts to it. */
let channelUrl = '';
let channelPosts = 0;
const channel = http.createServer((req, res) => {
  channelPosts++;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"1"}');
  });
});
beforeAll(async () => {
  channel.listen(0, '127.0.0.1');
  await once(channel, 'listening');
  channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => channel.close(() => resolve())));

function activity(fields: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: randomUUID(),
    text: 'how long is the border?',
    channelId: 'emulator',
    conversation: { id: randomUUID() },
    from: { id: 'user-1' },
    recipient: { id: 'bot' },
    locale: 'en-US',
    deliveryMode: 'expectReplies',
    ...fields,
  };
}

async function postMessage(base: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

describe('4. serviceUrl in open mode', () => {
  it('is never called: replies come back only in the response (expectReplies)', async () => {
    const before = channelPosts;
    for (const serviceUrl of [channelUrl, 'http://127.attacker.example/', 'http://localhost:9/admin']) {
      const res = await postMessage(baseUrl(), activity({ serviceUrl, deliveryMode: 'normal' }));
      expect(res.status, serviceUrl).toBe(400);
      expect(JSON.parse(res.text).error).toMatch(/field "serviceUrl".*expectReplies/);
    }
    expect(channelPosts).toBe(before);
    const inResponse = await postMessage(baseUrl(), activity({ serviceUrl: channelUrl }));
    expect(inResponse.status).toBe(200);
    expect(inResponse.text).toContain('9,000 km');
    expect(channelPosts).toBe(before);
  });

  it('with LOOPBACK_REPLIES=1 (the Emulator), posts to a loopback address only: never to a host name that starts with 127.', async () => {
    const emulator = testApp({ LOOPBACK_REPLIES: '1' });
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${emulator.server.address().port}`;
    try {
      for (const serviceUrl of [
        'http://127.attacker.example/',
        'http://127.0.0.1.attacker.example/',
        'http://localhost.attacker.example/',
        'ftp://127.0.0.1/',
      ]) {
        expect((await postMessage(base, activity({ serviceUrl, deliveryMode: 'normal' }))).status, serviceUrl).toBe(
          400,
        );
      }
      const before = channelPosts;
      expect((await postMessage(base, activity({ serviceUrl: channelUrl, deliveryMode: 'normal' }))).status).toBe(200);
      expect(channelPosts).toBeGreaterThan(before);
    } finally {
      await new Promise<void>((resolve) => emulator.server.close(() => resolve()));
    }
  }, 60_000);

  it('recognizes loopback URLs by address, not by how the host name starts', () => {
    expect(isLoopbackUrl('http://127.0.0.1:3978/')).toBe(true);
    expect(isLoopbackUrl('http://127.12.0.1/')).toBe(true);
    expect(isLoopbackUrl('http://localhost:1234')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:9/')).toBe(true);
    expect(isLoopbackUrl('http://127.attacker.example/')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.nip.io/')).toBe(false);
    expect(isLoopbackUrl('file:///etc/passwd')).toBe(false);
  });
});

describe('6. expensive validation before authentication', () => {
  // 20,000 entities in 260 KB, just under the body limit.
  const entities = Array.from({ length: 20_000 }, () => ({ type: 'a' }));

  it('refuses 20,000 entities with 401 before validating them when an app id is set', async () => {
    // The key endpoint is never asked: the request has no token, or one that is not a JWT.
    const authenticated = testApp({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000aa',
      BotOpenIdMetadata: 'http://127.0.0.1:9/.well-known/openidconfiguration',
    });
    await new Promise<void>((resolve) => authenticated.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${authenticated.server.address().port}`;
    try {
      const body = { ...activity({ entities }), from: undefined };
      expect((await postMessage(base, body)).status).toBe(401);
      expect((await postMessage(base, body, { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => authenticated.server.close(() => resolve()));
    }
  }, 60_000);

  it('refuses an array longer than 256 items before the schema is checked, naming the field', async () => {
    const res = await postMessage(baseUrl(), { ...activity({ entities }), from: undefined });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toBe('invalid activity: field "entities": at most 256 items');
  });
});

// ——— The local Direct Line ———

interface Session {
  token: string;
  conversationId: string;
}

async function newSession(base = baseUrl()): Promise<Session> {
  const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as Session;
}

const directLine = (base: string, path: string, token: string, init: RequestInit = {}) =>
  fetch(`${base}/v3/directline${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

const postActivity = (session: Session, body: string | object, base = baseUrl()) =>
  directLine(base, `/conversations/${session.conversationId}/activities`, session.token, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function kept(session: Session, base = baseUrl()) {
  const res = await directLine(base, `/conversations/${session.conversationId}/activities`, session.token);
  expect(res.status).toBe(200);
  return (await res.json()) as { activities: Record<string, unknown>[]; watermark: string };
}

/** A LocalDirectLine of its own, with a clock the test moves, on its own restify server. */
async function standalone(options: Partial<LocalDirectLineOptions> & { now: () => number }) {
  const local = new LocalDirectLine({
    relay: async () => [{ type: 'message', text: 'ok', from: { id: 'b' } }],
    ...options,
  });
  const server = restify.createServer();
  server.pre(restify.plugins.bodyReader({ maxBodySize: 256 * 1024 }));
  local.register(server, (req) => (req.body ? JSON.parse(String(req.body)) : undefined));
  server.server.on('upgrade', (req, socket, head) => local.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const start = async (): Promise<Session> => {
    const { conversationId, token } = await local.startConversation();
    return { conversationId, token };
  };
  const close = () =>
    new Promise<void>((resolve) => {
      local.close();
      server.close(() => resolve());
    });
  return { local, base, start, close };
}

function openStream(base: string, session: Session, token = session.token) {
  const socket = new WebSocket(
    `${base.replace('http', 'ws')}/v3/directline/conversations/${session.conversationId}/stream?t=${token}`,
  );
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const opened = new Promise<number>((resolve) => {
    socket.on('open', () => resolve(101));
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => resolve(0));
  });
  return { socket, opened, closed };
}

describe('10. Direct Line activities are validated as on /api/messages', () => {
  it('refuses a body nested 120,000 deep, an object locale, invoke and conversationUpdate, and the conversation goes on', async () => {
    const session = await newSession();
    const deep = `{"type":"message","text":"hi","channelData":${'['.repeat(120_000)}${']'.repeat(120_000)}}`;
    for (const [body, error] of [
      [deep, /more than 64 deep/],
      [{ type: 'message', text: 'hi', locale: { en: 'US' } }, /field "locale"/],
      [{ type: 'invoke', name: 'adaptiveCard/action' }, /type must be one of/],
      [{ type: 'conversationUpdate', membersAdded: [{ id: 'x' }] }, /type must be one of/],
      [{ type: 'message', text: 'hi', entities: Array(300).fill({ type: 'x' }) }, /at most 256 items/],
      ['[1,2,3]', /must be an activity/],
    ] as const) {
      const res = await postActivity(session, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(error);
    }
    expect((await kept(session)).activities).toHaveLength(1); // the welcome
    expect((await postActivity(session, { type: 'message', text: 'what is NATO' })).status).toBe(200);
    expect(JSON.stringify((await kept(session)).activities)).toContain('North Atlantic Treaty Organization');
  });
});

describe('1. what a Direct Line conversation keeps', () => {
  it('keeps only what Web Chat shows of a posted message, and nothing of an event', async () => {
    const session = await newSession();
    const junk = 'x'.repeat(50_000);
    await postActivity(session, {
      type: 'message',
      text: 'how long is the border?',
      channelData: { clientActivityID: 'client-1', junk },
      value: { junk },
      attachments: [{ contentType: 'text/plain', content: junk }],
      from: { id: 'spoofed', name: 'Person' },
    });
    await postActivity(session, { type: 'event', name: 'webchat/join', value: { junk } });
    const { activities } = await kept(session);
    expect(JSON.stringify(activities)).not.toContain('xxxxxxxx');
    const echo = activities.find((a) => a.text === 'how long is the border?')!;
    expect(echo).toMatchObject({
      type: 'message',
      channelData: { clientActivityID: 'client-1' },
      from: { name: 'Person', role: 'user' },
    });
    expect(Object.keys(echo).sort()).toEqual(
      ['channelData', 'conversation', 'from', 'id', 'locale', 'text', 'timestamp', 'type'].sort(),
    );
    expect(activities.some((a) => a.type === 'event')).toBe(false);
  });

  it('keeps at most its byte budget per conversation and in all, dropping the oldest first', async () => {
    const now = Date.now();
    const { local, base, start, close } = await standalone({
      now: () => now,
      limits: { keptBytesPerConversation: 8 * 1024, keptBytesTotal: 20 * 1024 },
    });
    try {
      const sessions = [await start(), await start(), await start()];
      const text = 'y'.repeat(1000);
      for (const session of sessions)
        for (let i = 0; i < 12; i++)
          expect((await postActivity(session, { type: 'message', text }, base)).status).toBe(200);
      expect(local.usage.keptBytes).toBeLessThanOrEqual(20 * 1024);
      const last = await kept(sessions[2]!, base);
      expect(JSON.stringify(last.activities).length).toBeLessThanOrEqual(8 * 1024);
      // The watermark still counts every activity: the welcome's reply, then 12 echoes and 12 replies.
      expect(last.watermark).toBe('25');
      expect((await kept(sessions[0]!, base)).activities.length).toBeLessThan(25);
    } finally {
      await close();
    }
  });
});

describe('3. when there are too many conversations', () => {
  it('forgets the least recently used one instead of refusing new ones', async () => {
    const now = Date.now();
    const { base, start, close } = await standalone({ now: () => now, limits: { maxConversations: 3 } });
    try {
      const [first, second, third] = [await start(), await start(), await start()];
      expect((await directLine(base, `/conversations/${first.conversationId}`, first.token)).status).toBe(200);
      const fourth = await start(); // the second is the least recently used now
      expect((await directLine(base, `/conversations/${second.conversationId}`, second.token)).status).toBe(403);
      for (const session of [first, third, fourth])
        expect((await directLine(base, `/conversations/${session.conversationId}`, session.token)).status).toBe(200);
    } finally {
      await close();
    }
  });
});

describe('11. stream URL and token refresh', () => {
  it('builds the stream URL from the server’s own address, not the Host header', async () => {
    const session = await newSession();
    const port = new URL(baseUrl()).port;
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v3/directline/conversations',
          headers: { host: 'evil.example', authorization: `Bearer ${session.token}`, 'x-forwarded-proto': 'https' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const { streamUrl } = JSON.parse(body) as { streamUrl: string };
    expect(streamUrl.startsWith(`ws://127.0.0.1:${port}/v3/directline/conversations/`)).toBe(true);
    expect(streamUrl).not.toContain('evil.example');
  });

  it('builds it from PUBLIC_URL when set', async () => {
    const { base, start, close } = await standalone({ now: Date.now, publicUrl: 'https://chat.example.ca/' });
    try {
      const session = await start();
      const res = await directLine(base, '/conversations', session.token, { method: 'POST' });
      expect(((await res.json()) as { streamUrl: string }).streamUrl).toMatch(
        /^wss:\/\/chat\.example\.ca\/v3\/directline\/conversations\/[^/]+\/stream\?t=/,
      );
    } finally {
      await close();
    }
  });

  it('gives a new token on refresh; the old one works for a minute’s grace, then not at all', async () => {
    let now = Date.now();
    const { base, start, close } = await standalone({ now: () => now });
    try {
      const session = await start();
      const refreshed = await directLine(base, '/tokens/refresh', session.token, { method: 'POST' });
      const { token } = (await refreshed.json()) as { token: string };
      expect(token).not.toBe(session.token);
      const path = `/conversations/${session.conversationId}`;
      expect((await directLine(base, path, session.token)).status).toBe(200);
      expect((await directLine(base, '/tokens/refresh', session.token, { method: 'POST' })).status).toBe(403);
      now += 61_000;
      expect((await directLine(base, path, session.token)).status).toBe(403);
      expect((await directLine(base, path, token)).status).toBe(200);
    } finally {
      await close();
    }
  });
});

describe('2 and 9. stream sockets', () => {
  it('accepts two per conversation, closes one that sends data or a frame over 4 KB', async () => {
    const session = await newSession();
    const streams = [openStream(baseUrl(), session), openStream(baseUrl(), session), openStream(baseUrl(), session)];
    expect(await Promise.all(streams.map((s) => s.opened))).toEqual([101, 101, 429]);
    streams[0]!.socket.send('hello');
    expect((await streams[0]!.closed).code).toBe(1008);
    streams[1]!.socket.send(Buffer.alloc(64 * 1024), { fin: false });
    expect((await streams[1]!.closed).code).toBe(1009);
    // Room again: the two were closed.
    const again = openStream(baseUrl(), session);
    expect(await again.opened).toBe(101);
    again.socket.close();
  });

  it('closes a stream when its conversation’s token expires', async () => {
    let now = Date.now();
    const { local, base, start, close } = await standalone({ now: () => now });
    try {
      const session = await start();
      const stream = openStream(base, session);
      expect(await stream.opened).toBe(101);
      now += 29 * 60 * 1000;
      local.sweep();
      expect(stream.socket.readyState).toBe(WebSocket.OPEN);
      now += 2 * 60 * 1000;
      local.sweep();
      expect(await stream.closed).toEqual({ code: 1008, reason: 'token expired' });
    } finally {
      await close();
    }
  });
});

describe('12. the Direct Line’s conversation state in open mode', () => {
  it('is reachable through the Direct Line only, not through /api/messages on channel webchat', async () => {
    const session = await newSession();
    await postActivity(session, { type: 'message', text: 'what is norad' });
    const sameId = await postMessage(
      baseUrl(),
      activity({ channelId: 'webchat', conversation: { id: session.conversationId }, text: 'when was it created?' }),
    );
    expect(sameId.status).toBe(200);
    expect(sameId.text).not.toContain('1957');
    const itsKey = await postMessage(
      baseUrl(),
      activity({ channelId: 'webchat', conversation: { id: `local-directline:${session.conversationId}` } }),
    );
    expect(itsKey.status).toBe(400);
    // Through the Direct Line, the follow-up still has its context.
    await postActivity(session, { type: 'message', text: 'when was it created?' });
    expect(JSON.stringify((await kept(session)).activities)).toContain('1957');
  });
});

describe('7. memory storage', () => {
  it('keeps at most its number of conversations, forgetting the least recently used', async () => {
    const storage = new BoundedMemoryStorage(3);
    for (const key of ['a', 'b', 'c']) await storage.write({ [key]: { turns: 1 } });
    await storage.read(['a']);
    await storage.write({ d: { turns: 1 } });
    expect(Object.keys(await storage.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'c', 'd']);
    expect(storage.size).toBe(3);
  });
});

describe('10. tokens never reach the logs', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { logger: createLogger('info', stream), text: () => lines.join('') };
  }

  it('redacts authorization headers and tokens in what is logged, and logs requests without their query', () => {
    const { logger, text } = capture();
    logger.warn(
      {
        req: {
          method: 'GET',
          url: '/v3/directline/conversations/c/stream?t=query-token',
          headers: { authorization: 'Bearer header-token' },
        },
        token: 'field-token',
        headers: { authorization: 'Bearer other-token' },
      },
      'something',
    );
    expect(text()).toContain('/v3/directline/conversations/c/stream');
    expect(text()).not.toMatch(/query-token|header-token|field-token|other-token/);
  });

  it('gives restify our logger: a response it cannot format is logged without the request’s token', async () => {
    const { logger, text } = capture();
    const server = createHttpServer({
      adapter: {} as never,
      bot: {} as never,
      health: () => ({}),
      logger,
    });
    server.get('/circular', (_req, res, next) => {
      const body: Record<string, unknown> = {};
      body.self = body;
      res.json(body);
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${server.address().port}/circular?t=query-token`, {
        headers: { authorization: 'Bearer header-token' },
      });
      expect(res.status).toBe(500);
      expect(text()).toMatch(/"component":"restify".*"path":"\/circular"/);
      expect(text()).not.toMatch(/query-token|header-token/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
