// The abuse suite: the bot in its own process, as `npm start` runs it in open mode with the default
// limits, attacked over loopback the way the security review of issue #13 did — Direct Line posts of
// 250 KB, WebSocket streams fed endless fragmented messages, a flood of tokens, a flood of new
// conversations on /api/messages, a body nested 120,000 deep — each attacker from its own loopback
// address (127.0.0.x), while a person (127.0.0.1) chats through the Direct Line as Web Chat does.
// Each attack must be refused (429, 400, closed sockets) and bounded in requests and time; the
// process's resident memory, sampled throughout, must stay under 300 MB; the person must be answered;
// no token may reach the logs; and SIGTERM with the person's stream open must exit 0 at once.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBotProcess, type BotProcess } from '../support/processes.js';

let bot: BotProcess;
const eventsLog = join(mkdtempSync(join(tmpdir(), 'abuse-')), 'events.jsonl');
/** Every token handed out during the suite: none may appear in the logs. */
const tokens: string[] = [];
const memory = { baselineMb: 0, peakMb: 0, samples: 0 };
let sampler: NodeJS.Timeout | undefined;

beforeAll(async () => {
  bot = await startBotProcess({ EVENTS_LOG: eventsLog, LOG_LEVEL: 'info' });
  memory.baselineMb = bot.memory().rssMb;
  sampler = setInterval(() => {
    try {
      memory.peakMb = Math.max(memory.peakMb, bot.memory().rssMb);
      memory.samples++;
    } catch {
      // the process has exited
    }
  }, 50);
}, 90_000);

afterAll(async () => {
  clearInterval(sampler);
  await bot?.stop();
}, 30_000);

// ——— A client bound to a loopback address of its choice ———

const agents = new Map<string, http.Agent>();
interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(
  from: string,
  method: string,
  path: string,
  { body, headers = {} }: { body?: string | Buffer | undefined; headers?: Record<string, string> } = {},
): Promise<Reply> {
  let agent = agents.get(from);
  if (!agent) agents.set(from, (agent = new http.Agent({ keepAlive: true, maxSockets: 8, localAddress: from })));
  const url = new URL(path, bot.url);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${url.search}`,
        agent,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', () => resolve({ status: 0, headers: {}, text }));
      },
    );
    req.on('error', () => resolve({ status: 0, headers: {}, text: '' }));
    req.end(body);
  });
}

/** Runs `count` requests, `concurrency` at a time; returns how many got each status, and how long it took. */
async function flood(count: number, concurrency: number, send: (i: number) => Promise<Reply>) {
  const statuses: Record<number, number> = {};
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const { status } = await send(next++);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return { statuses, seconds: (performance.now() - started) / 1000 };
}

/**
 * The most a token bucket lets through in `seconds`: its burst, then its rate. The limits are per
 * minute, so a flood that lasts longer (the machine is busy) gets a little more through: the bound
 * follows the flood's own duration.
 */
const allowance = (perMinute: number, burst: number, seconds: number) =>
  burst + Math.ceil((perMinute / 60) * seconds) + 1;

interface Session {
  token: string;
  conversationId: string;
}

async function newSession(from: string): Promise<Session | undefined> {
  const res = await request(from, 'POST', '/api/directline/token', { body: '{}' });
  if (res.status !== 200) return undefined;
  const session = JSON.parse(res.text) as Session;
  tokens.push(session.token);
  return session;
}

const bearer = (session: Session) => ({ authorization: `Bearer ${session.token}` });

// ——— The attacks ———

/** Finding 1: 250 KB posts (events and messages) into a few conversations, as fast as they go. */
async function directLinePosts() {
  const from = '127.0.0.2';
  const sessions = (await Promise.all(Array.from({ length: 4 }, () => newSession(from)))).filter(Boolean) as Session[];
  const filler = 'a'.repeat(250_000);
  const bodies = [
    JSON.stringify({ type: 'event', name: 'flood', value: filler }),
    JSON.stringify({ type: 'message', text: filler }),
  ];
  const { statuses, seconds } = await flood(600, 8, (i) => {
    const session = sessions[i % sessions.length]!;
    return request(from, 'POST', `/v3/directline/conversations/${session.conversationId}/activities`, {
      body: bodies[i % 2],
      headers: bearer(session),
    });
  });
  return { sessions: sessions.length, statuses, seconds };
}

/** Finding 2: many sockets on one conversation, each fed an unfinished fragmented message of up to 40 MB. */
async function streamFlood() {
  const from = '127.0.0.3';
  const session = (await newSession(from))!;
  const streamUrl = `${bot.url.replace('http', 'ws')}/v3/directline/conversations/${session.conversationId}/stream?t=${session.token}`;
  const sockets = Array.from({ length: 10 }, () => new WebSocket(streamUrl, { localAddress: from }));
  const outcomes = await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<number>((resolve) => {
          socket.on('open', () => resolve(101));
          socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          socket.on('error', () => resolve(0));
        }),
    ),
  );
  const chunk = Buffer.alloc(1024 * 1024, 7);
  const closes = await Promise.all(
    sockets
      .filter((_socket, i) => outcomes[i] === 101)
      .map(async (socket) => {
        const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
        let sentMb = 0;
        while (socket.readyState === WebSocket.OPEN && sentMb < 40) {
          const ok = await new Promise<boolean>((resolve) =>
            socket.send(chunk, { fin: false, binary: true }, (error) => resolve(!error)),
          );
          if (!ok) break;
          sentMb++;
        }
        // What was sent may still sit in the kernel's socket buffers (tens of MB on loopback) while the
        // server is busy: give it time to read the first frame and close the socket.
        const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(0), 20_000));
        const code = await Promise.race([closed, timeout]);
        if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
        return { code, sentMb };
      }),
  );
  return {
    opened: outcomes.filter((s) => s === 101).length,
    refused: outcomes.filter((s) => s === 429).length,
    closes,
  };
}

/** Finding 3: one client asks for 300 tokens (new conversations). */
async function tokenFlood() {
  const from = '127.0.0.4';
  return flood(300, 8, async () => {
    const res = await request(from, 'POST', '/api/directline/token', { body: '{}' });
    if (res.status === 200) tokens.push((JSON.parse(res.text) as Session).token);
    return res;
  });
}

/** Finding 7: /api/messages from one loopback client, a new conversation and a long declined question each time. */
async function messagesFlood() {
  const from = '127.0.0.5';
  const question = `Who won the hockey game last night ${'and what was the score '.repeat(80)}?`.slice(0, 1900);
  return flood(500, 8, () =>
    request(from, 'POST', '/api/messages', {
      body: JSON.stringify({
        type: 'message',
        text: question,
        channelId: 'emulator',
        conversation: { id: randomUUID() },
        from: { id: 'attacker' },
        recipient: { id: 'bot' },
        deliveryMode: 'expectReplies',
      }),
    }),
  );
}

/** Finding 10: a body nested 120,000 deep, which broke its conversation for good (and logged the token). */
async function deepBody() {
  const from = '127.0.0.6';
  const session = (await newSession(from))!;
  const path = `/v3/directline/conversations/${session.conversationId}/activities`;
  const deep = `{"type":"message","text":"hi","channelData":${'['.repeat(120_000)}${']'.repeat(120_000)}}`;
  const posted = await request(from, 'POST', path, { body: deep, headers: bearer(session) });
  const after = await request(from, 'GET', path, { headers: bearer(session) });
  return { posted: posted.status, after: after.status };
}

/** A person chatting as Web Chat does: a token, the conversation, its stream, a question, the answer on the stream. */
async function webChatConversation(from = '127.0.0.1') {
  const session = (await newSession(from))!;
  const started = await request(from, 'POST', '/v3/directline/conversations', { headers: bearer(session) });
  const { streamUrl } = JSON.parse(started.text) as { streamUrl: string };
  const socket = new WebSocket(streamUrl, { localAddress: from });
  const texts: string[] = [];
  socket.on('message', (data) => {
    for (const activity of (JSON.parse((data as Buffer).toString()) as { activities: { text?: string }[] }).activities)
      texts.push(activity.text ?? '');
  });
  await new Promise((resolve, reject) => {
    socket.on('open', resolve);
    socket.on('error', reject);
  });
  const posted = await request(from, 'POST', `/v3/directline/conversations/${session.conversationId}/activities`, {
    body: JSON.stringify({ type: 'message', text: 'how long is the border?' }),
    headers: bearer(session),
  });
  await expect.poll(() => texts.some((text) => text.includes('9,000 km')), { timeout: 20_000 }).toBe(true);
  return { started: started.status, posted: posted.status, socket };
}

describe('the bot under attack (default limits, open mode)', () => {
  it('refuses every attack, stays under 300 MB and keeps answering a person', async () => {
    const started = performance.now();
    const attacks = Promise.all([directLinePosts(), streamFlood(), tokenFlood(), messagesFlood(), deepBody()]);
    // The person arrives once the attacks are under way.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const person = await webChatConversation();
    const [posts, streams, tokenStatuses, messages, deep] = await attacks;
    person.socket.close();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const figures = { seconds, memory, posts, streams, tokens: tokenStatuses, messages, deep };
    console.log(`abuse: ${JSON.stringify(figures)}`);

    // The person: a conversation, a stream, an answer.
    expect(person).toMatchObject({ started: 201, posted: 200 });

    // 1. Posts: 60 a minute per conversation (bursts of 20), the rest refused with 429; never a 5xx.
    expect(posts.statuses[200] ?? 0).toBeLessThanOrEqual(posts.sessions * allowance(60, 20, posts.seconds));
    expect(posts.statuses[429]).toBeGreaterThan(0);
    expect(Object.keys(posts.statuses).filter((status) => Number(status) >= 500)).toEqual([]);

    // 2. Streams: two per conversation, the rest refused; one sending data is closed at its first frame
    // (1009: too big) instead of buffering it.
    expect(streams.opened).toBe(2);
    expect(streams.refused).toBe(8);
    expect(streams.closes.map((c) => c.code)).toEqual([1009, 1009]);

    // 3. Tokens: 20 conversations a minute per client (bursts of 10), not 300; the person still got one.
    expect(tokenStatuses.statuses[200] ?? 0).toBeLessThanOrEqual(allowance(20, 10, tokenStatuses.seconds));
    expect(tokenStatuses.statuses[429]).toBeGreaterThan(200);

    // 7. Loopback is limited like any other client (600 a minute, bursts of 200); each logged question is short.
    expect(messages.statuses[200] ?? 0).toBeLessThanOrEqual(allowance(600, 200, messages.seconds));
    expect(messages.statuses[429]).toBeGreaterThan(0);
    const declined = readFileSync(eventsLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { question?: string })
      .filter((e) => e.question !== undefined);
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.length).toBeLessThanOrEqual(messages.statuses[200] ?? 0);
    expect(Math.max(...declined.map((e) => e.question!.length))).toBeLessThanOrEqual(500);

    // 10. The deep body is refused and the conversation goes on.
    expect(deep).toEqual({ posted: 400, after: 200 });

    // The process: up, and its resident memory bounded throughout.
    expect(memory.samples).toBeGreaterThan(10);
    expect(memory.peakMb).toBeLessThan(300);
    expect((await request('127.0.0.1', 'GET', '/healthz')).status).toBe(200);
  }, 120_000);

  it('never writes a token to its logs', () => {
    const logs = bot.logs();
    expect(tokens.length).toBeGreaterThan(5);
    for (const token of tokens) expect(logs).not.toContain(token);
    expect(logs).not.toMatch(/bearer /i);
  });

  it('9. stops at once on SIGTERM with a Web Chat stream open: the stream is told, the exit code is 0', async () => {
    const person = await webChatConversation();
    const closed = new Promise<number>((resolve) => person.socket.on('close', (code) => resolve(code)));
    expect(await bot.stop()).toBe(0);
    expect(await closed).toBe(1001);
  }, 30_000);
});
