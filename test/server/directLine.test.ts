// The local Direct Line 3.0 stand-in, the token endpoint (local and against a stand-in for Azure's),
// and the page's security headers — over HTTP and WebSocket on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LocalDirectLine } from '../../src/server/directLine.js';
import { testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const baseUrl = listenDuringTests(testApp().server);

interface Session {
  token: string;
  conversationId: string;
  expires_in: number;
  domain?: string;
}

async function newSession(locale = 'en-CA'): Promise<Session> {
  const res = await fetch(`${baseUrl()}/api/directline/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as Session;
}

const directLine = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${baseUrl()}/v3/directline${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

async function activities(session: Session, watermark = 0) {
  const res = await directLine(
    `/conversations/${session.conversationId}/activities?watermark=${watermark}`,
    session.token,
  );
  return (await res.json()) as {
    activities: {
      type: string;
      text?: string;
      summary?: string;
      from: { id: string; role?: string };
      attachments?: unknown[];
    }[];
    watermark: string;
  };
}

describe('local Direct Line', () => {
  it('starts a conversation whose first activity is the welcome', async () => {
    const session = await newSession();
    expect(session.token).toMatch(/^[\w-]{40,}$/);
    expect(session.expires_in).toBe(1800);
    const started = await directLine('/conversations', session.token, { method: 'POST' });
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({
      conversationId: session.conversationId,
      streamUrl: expect.stringMatching(/^ws:\/\/.+\/stream\?t=/),
    });
    const { activities: first, watermark } = await activities(session);
    expect(first[0]!.summary).toMatch(/^Hello!/);
    expect(watermark).toBe('1');
  });

  it('welcomes in French when the page asks in French', async () => {
    const { activities: first } = await activities(await newSession('fr-CA'));
    expect(first[0]!.summary).toMatch(/^Bonjour/);
  });

  it('posts a message, echoes it, and answers it after the watermark', async () => {
    const session = await newSession();
    const posted = await directLine(`/conversations/${session.conversationId}/activities`, session.token, {
      method: 'POST',
      body: JSON.stringify({ type: 'message', text: 'how long is the border', from: { id: 'someone-else' } }),
    });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as { id: string }).id).toContain(session.conversationId);
    const { activities: after } = await activities(session, 1);
    expect(after[0]).toMatchObject({ text: 'how long is the border', from: { role: 'user' } });
    expect(after[0]!.from.id).toMatch(/^dl_/);
    expect(after[1]!.text).toContain('9,000 km');
  });

  it('keeps conversations apart: a token opens its own conversation only', async () => {
    const mine = await newSession();
    const theirs = await newSession();
    expect((await directLine(`/conversations/${theirs.conversationId}/activities`, mine.token)).status).toBe(403);
    expect(
      (
        await directLine(`/conversations/${theirs.conversationId}/activities`, mine.token, {
          method: 'POST',
          body: JSON.stringify({ type: 'message', text: 'hi' }),
        })
      ).status,
    ).toBe(403);
    expect((await directLine(`/conversations/${mine.conversationId}/activities`, 'not-a-token')).status).toBe(403);
    expect((await fetch(`${baseUrl()}/v3/directline/conversations/${mine.conversationId}/activities`)).status).toBe(
      403,
    );
  });

  it('refreshes a token, and rejects a body that is not an activity', async () => {
    const session = await newSession();
    const refreshed = await directLine('/tokens/refresh', session.token, { method: 'POST' });
    expect(await refreshed.json()).toMatchObject({ conversationId: session.conversationId, expires_in: 1800 });
    const bad = await directLine(`/conversations/${session.conversationId}/activities`, session.token, {
      method: 'POST',
      body: '{"text": 5}',
    });
    expect(bad.status).toBe(400);
  });

  it('streams the activities over the WebSocket streamUrl', async () => {
    const session = await newSession();
    const { streamUrl } = (await (await directLine('/conversations', session.token, { method: 'POST' })).json()) as {
      streamUrl: string;
    };
    const socket = new WebSocket(streamUrl);
    const frames: { activities: { text?: string }[] }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString())));
    await new Promise((resolve) => socket.on('open', resolve));
    await directLine(`/conversations/${session.conversationId}/activities`, session.token, {
      method: 'POST',
      body: JSON.stringify({ type: 'message', text: 'what is NATO' }),
    });
    await expect
      .poll(() =>
        frames.flatMap((f) => f.activities).some((a) => a.text?.includes('North Atlantic Treaty Organization')),
      )
      .toBe(true);
    socket.close();
  });

  it('resumes a conversation through the reconnect: the stream replays what came after the watermark', async () => {
    const session = await newSession();
    await directLine(`/conversations/${session.conversationId}/activities`, session.token, {
      method: 'POST',
      body: JSON.stringify({ type: 'message', text: 'what is NATO' }),
    });
    // Welcome, question, answer: a page that had the first one gets the other two, a new page all three.
    const firstFrame = async (watermark: string) => {
      const reconnect = await directLine(
        `/conversations/${session.conversationId}?watermark=${watermark}`,
        session.token,
      );
      expect(reconnect.status).toBe(200);
      const { streamUrl } = (await reconnect.json()) as { streamUrl: string };
      const socket = new WebSocket(streamUrl);
      const frame = await new Promise<{ activities: { text?: string; summary?: string }[]; watermark: string }>(
        (resolve) => socket.on('message', (data) => resolve(JSON.parse((data as Buffer).toString()))),
      );
      socket.close();
      return frame;
    };
    const missed = await firstFrame('1');
    expect(missed.watermark).toBe('3');
    expect(missed.activities.map((a) => a.text ?? a.summary)).toEqual([
      'what is NATO',
      expect.stringContaining('North Atlantic Treaty Organization'),
    ]);
    const everything = await firstFrame('');
    expect(everything.activities).toHaveLength(3);
    expect(everything.activities[0]!.summary).toMatch(/^Hello!/);
  });

  it('refuses a WebSocket without the conversation’s token', async () => {
    const session = await newSession();
    const socket = new WebSocket(
      `${baseUrl().replace('http', 'ws')}/v3/directline/conversations/${session.conversationId}/stream?t=wrong`,
    );
    const error = await new Promise<Error>((resolve) => socket.on('error', resolve));
    expect(error.message).toMatch(/403/);
  });

  it('lets tokens expire', async () => {
    let now = Date.now();
    const local = new LocalDirectLine({ relay: async () => [], now: () => now });
    const { token } = await local.startConversation();
    now += 31 * 60 * 1000;
    const server = (await import('restify')).default.createServer();
    local.register(server, () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${server.address().port}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('token endpoint in production (DIRECT_LINE_SECRET set)', () => {
  let azure: Server;
  let seen: { authorization: string | undefined; body: string }[] = [];
  const secret = 'the-direct-line-secret';
  beforeAll(async () => {
    azure = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body });
        res.writeHead(req.url === '/v3/directline/tokens/generate' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'azure-conversation', token: 'short-lived-token', expires_in: 1800 }));
      });
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => azure.close(() => resolve())));

  it('exchanges the secret server-side and never returns it', async () => {
    seen = [];
    const app = testApp({
      DIRECT_LINE_SECRET: secret,
      DIRECT_LINE_ENDPOINT: `http://127.0.0.1:${(azure.address() as AddressInfo).port}`,
    });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${app.server.address().port}/api/directline/token`, {
        method: 'POST',
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ token: 'short-lived-token', conversationId: 'azure-conversation' });
      expect(text).not.toContain(secret);
      expect(seen[0]!.authorization).toBe(`Bearer ${secret}`);
      // The user id goes into the token so that the welcome comes before the first message.
      expect(JSON.parse(seen[0]!.body)).toMatchObject({ user: { id: expect.stringMatching(/^dl_/) } });
      const page = await fetch(`http://127.0.0.1:${app.server.address().port}/`);
      expect(page.headers.get('content-security-policy')).toContain(
        `http://127.0.0.1:${(azure.address() as AddressInfo).port}`,
      );
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  }, 60_000); // builds an app of its own: seconds of training on a busy machine
});

describe('the page', () => {
  it('is served with its security headers and a language attribute', async () => {
    const res = await fetch(`${baseUrl()}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toMatch(/<html lang="en">/);
  });

  it('serves the design system from node_modules, pointed at its own copies of the fonts (no CDN)', async () => {
    const page = await (await fetch(`${baseUrl()}/`)).text();
    for (const path of ['/gcds/gcds.css', '/gcds/fonts.css', '/gcds/gcds.esm.js']) expect(page).toContain(path);
    const loader = await fetch(`${baseUrl()}/gcds/gcds.esm.js`);
    expect(loader.headers.get('content-type')).toContain('javascript');
    // The components' chunks, imported relative to the loader.
    const chunks = [...(await loader.text()).matchAll(/from"\.\/(p-[\w-]+\.js)"/g)].map((m) => m[1]);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect((await fetch(`${baseUrl()}/gcds/${chunk}`)).status).toBe(200);
    expect((await fetch(`${baseUrl()}/gcds/tokens.js`)).status).toBe(200);
    for (const path of ['/gcds/gcds.css', '/gcds/fonts.css']) {
      const css = await (await fetch(`${baseUrl()}${path}`)).text();
      expect(css, path).not.toMatch(/https?:\/\/|path\/to\/file/);
      const fonts = [...css.matchAll(/url\("?([^")]+)"?\)/g)].map((m) => m[1]!);
      expect(fonts.length, path).toBeGreaterThan(0);
      for (const font of fonts) {
        const res = await fetch(`${baseUrl()}${font}`);
        expect(res.status, font).toBe(200);
        expect(res.headers.get('content-type'), font).toMatch(/^font\//);
      }
    }
  });

  it('lets the browser keep what it has downloaded until it changes (ETag)', async () => {
    const first = await fetch(`${baseUrl()}/webchat/webchat.js`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${baseUrl()}/webchat/webchat.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('writes the launcher’s labels from page-strings.json into embed.js', async () => {
    const script = await (await fetch(`${baseUrl()}/embed.js`)).text();
    expect(script).not.toContain('/* launcher strings */');
    expect(script).toContain('"close":"Close the chat"');
    expect(script).toContain('"close":"Fermer le clavardage"');
  });

  it('serves Web Chat from node_modules and the one-line embed script', async () => {
    const bundle = await fetch(`${baseUrl()}/webchat/webchat.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${baseUrl()}/embed.js`)).status).toBe(200);
  });
});
