// A local stand-in for the Direct Line 3.0 service, just the part Web Chat uses: tokens, starting a
// conversation, posting an activity and receiving activities by polling (with a watermark) or by a
// WebSocket stream. Each message is relayed to the bot in-process with deliveryMode "expectReplies",
// so `npm start` gives a working widget with no Azure resources.
//
// Anyone who can load the page can use it, so everything it keeps is bounded: conversations are
// isolated (a token opens one conversation only; tokens are random, expire, and change on refresh),
// posted activities are validated as on /api/messages and rate-limited, only the fields Web Chat shows
// are kept, within a byte budget per conversation and in all, the least recently used conversation is
// forgotten when there are too many, and stream sockets are few, receive-only, pinged, and closed when
// their conversation's token expires or the server stops.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type restify from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectLineLimits } from '../config.js';
import { activityProblem } from './activityShape.js';
import type { RateLimiter } from './rateLimit.js';

export interface DirectLineActivity {
  type: string;
  id?: string;
  timestamp?: string;
  from: { id: string; name?: string; role?: string };
  text?: string;
  locale?: string;
  [key: string]: unknown;
}

/** Sends one activity to the bot and returns its replies. */
export type Relay = (activity: DirectLineActivity & { conversation: { id: string } }) => Promise<DirectLineActivity[]>;

export interface LocalDirectLineOptions {
  relay: Relay;
  limits?: Partial<DirectLineLimits>;
  /** The server's one rate limiter: activities posted are charged to their conversation. */
  limiter?: RateLimiter;
  /** The address people reach the server at (https://…); empty: the address each request arrived on. */
  publicUrl?: string;
  now?: () => number;
  /** How often stream sockets are pinged and expired tokens' sockets closed. */
  heartbeatMs?: number;
}

interface Conversation {
  id: string;
  token: string;
  expires: number;
  /** The token before the last refresh, still accepted for a short grace so that requests in flight succeed. */
  previous?: { token: string; until: number };
  userId: string;
  locale: string;
  /** The activities kept for clients that poll or reconnect, as JSON; `first` is the watermark of kept[0]. */
  kept: string[];
  keptBytes: number;
  first: number;
  /** Activities appended so far: the watermark after the last one. */
  count: number;
  sockets: Set<WebSocket>;
}

const tokenLifetimeSeconds = 30 * 60;
/** A refreshed token's predecessor works this much longer (Web Chat may have requests in flight with it). */
const refreshGraceSeconds = 60;
const basePath = '/v3/directline';
/** The stream only sends; a client has nothing to send on it but control frames. */
const maxInboundFrameBytes = 4 * 1024;
const botAccount = { id: 'canada-us-relations-bot', name: 'Canada–US Relations', role: 'bot' };
/** What Web Chat may post: messages, events and typing indicators (never invoke, conversationUpdate…). */
const postableTypes = new Set(['message', 'event', 'typing']);

const defaultDirectLineLimits: DirectLineLimits = {
  maxConversations: 10_000,
  keptBytesPerConversation: 128 * 1024,
  keptBytesTotal: 32 * 1024 * 1024,
  socketsPerConversation: 2,
};

/**
 * The bot sees web chat conversations under ids of their own ("local-directline:<id>"), which
 * /api/messages refuses in open mode: their state is reachable through the Direct Line only.
 */
const keySpace = 'local-directline:';
export function isLocalDirectLineConversation(conversationId: string): boolean {
  return conversationId.startsWith(keySpace);
}

export class LocalDirectLine {
  /** In least recently used order: the first is the one forgotten when there are too many. */
  private readonly conversations = new Map<string, Conversation>();
  private readonly byToken = new Map<string, Conversation>();
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: maxInboundFrameBytes });
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly limits: DirectLineLimits;
  private readonly relay: Relay;
  private readonly now: () => number;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private keptBytesTotal = 0;

  constructor(private readonly options: LocalDirectLineOptions) {
    this.relay = options.relay;
    this.now = options.now ?? Date.now;
    this.limits = { ...defaultDirectLineLimits, ...options.limits };
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs ?? 30_000).unref();
  }

  /** A new conversation with its token; the bot greets the user as Web Chat would have it. */
  async startConversation(
    options: { locale?: string } = {},
  ): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }> {
    // Full: the least recently used conversation goes (an idle one), rather than refusing new ones.
    while (this.conversations.size >= this.limits.maxConversations) {
      const oldest = this.conversations.values().next().value as Conversation;
      this.forget(oldest, 1001, 'conversation ended: the server needed the room');
    }
    const conversation: Conversation = {
      id: randomUUID(),
      token: newToken(),
      expires: this.now() + tokenLifetimeSeconds * 1000,
      userId: `dl_${randomBytes(12).toString('hex')}`,
      locale: options.locale ?? 'en-US',
      kept: [],
      keptBytes: 0,
      first: 0,
      count: 0,
      sockets: new Set(),
    };
    this.conversations.set(conversation.id, conversation);
    this.byToken.set(conversation.token, conversation);
    // Web Chat shows the welcome before the first message only if the bot hears of the user now.
    await this.deliver(conversation, {
      type: 'conversationUpdate',
      from: { id: conversation.userId, role: 'user' },
      membersAdded: [botAccount, { id: conversation.userId, role: 'user' }],
      locale: conversation.locale,
    });
    return {
      conversationId: conversation.id,
      token: conversation.token,
      expires_in: tokenLifetimeSeconds,
      userId: conversation.userId,
    };
  }

  register(server: restify.Server, readJson: (req: restify.Request) => unknown): void {
    const conversationPath = `${basePath}/conversations/:conversationId`;
    server.post(
      `${basePath}/tokens/refresh`,
      jsonRoute((req) => ({ status: 200, body: this.refreshToken(req) })),
    );
    server.post(
      `${basePath}/conversations`,
      jsonRoute((req) => ({ status: 201, body: this.describe(this.authorize(req), req) })),
    );
    server.get(
      conversationPath,
      // Reconnecting (a dropped socket, or a page of the host site resuming the conversation): the
      // stream replays the activities after the watermark given, all of them without one.
      jsonRoute((req) => ({
        status: 200,
        body: this.describe(this.authorize(req, req.params.conversationId), req, watermarkOf(req.url)),
      })),
    );
    server.get(
      `${conversationPath}/activities`,
      jsonRoute((req) => {
        const conversation = this.authorize(req, req.params.conversationId);
        return { status: 200, body: new RawJson(frame(conversation, watermarkOf(req.url))) };
      }),
    );
    server.post(
      `${conversationPath}/activities`,
      jsonRoute(async (req) => ({ status: 200, body: { id: await this.postActivity(req, readJson) } })),
    );
  }

  /** A new token for the conversation; the old one keeps working for a short grace, then not at all. */
  private refreshToken(req: restify.Request): { conversationId: string; token: string; expires_in: number } {
    const conversation = this.authorize(req, undefined, { currentTokenOnly: true });
    if (conversation.previous) this.byToken.delete(conversation.previous.token);
    conversation.previous = {
      token: conversation.token,
      until: Math.min(conversation.expires, this.now() + refreshGraceSeconds * 1000),
    };
    conversation.token = newToken();
    conversation.expires = this.now() + tokenLifetimeSeconds * 1000;
    this.byToken.set(conversation.token, conversation);
    return { conversationId: conversation.id, token: conversation.token, expires_in: tokenLifetimeSeconds };
  }

  /** An activity Web Chat posts: rate-limited per conversation, of a type it may post; its id. */
  private async postActivity(req: restify.Request, readJson: (req: restify.Request) => unknown): Promise<string> {
    const conversation = this.authorize(req, req.params.conversationId);
    const wait = this.options.limiter?.activity(req.socket.remoteAddress, `directline:${conversation.id}`);
    if (wait !== undefined) throw new DirectLineError(429, 'too many activities; please slow down', wait);
    const posted = readJson(req);
    if (!posted || typeof posted !== 'object' || Array.isArray(posted))
      throw new DirectLineError(400, 'the body must be an activity (a JSON object)');
    const { type } = posted as { type?: unknown };
    if (typeof type !== 'string' || !postableTypes.has(type))
      throw new DirectLineError(400, `the activity's type must be one of: ${[...postableTypes].join(', ')}`);
    return this.deliver(conversation, posted);
  }

  /** Accepts WebSocket upgrades for conversations' streams; other upgrades are refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '', 'http://localhost');
    const match = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/.exec(url.pathname);
    const conversation = match ? this.conversations.get(match[1]!) : undefined;
    if (!conversation || !this.accepts(conversation, url.searchParams.get('t') ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (conversation.sockets.size >= this.limits.socketsPerConversation) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.touch(conversation);
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      conversation.sockets.add(ws);
      this.alive.set(ws, true);
      ws.on('pong', () => this.alive.set(ws, true));
      // Receive-only: anything a client sends (beyond pings) ends the stream.
      ws.on('message', () => ws.close(1008, 'this stream only sends'));
      // A frame over maxPayload (1009) or a malformed one: ws closes the socket itself and reports it here.
      ws.on('error', () => undefined);
      ws.on('close', () => conversation.sockets.delete(ws));
      // Reconnecting with a watermark: the activities after it; without one, all of them.
      const watermark = watermarkOf(req.url);
      if (conversation.count > watermark && conversation.kept.length) ws.send(frame(conversation, watermark));
    });
  }

  /** Pings the stream sockets (dropping those that did not answer the last ping) and forgets expired conversations. */
  sweep(): void {
    const now = this.now();
    for (const conversation of [...this.conversations.values()]) {
      if (conversation.expires < now) {
        this.forget(conversation, 1008, 'token expired');
        continue;
      }
      if (conversation.previous && conversation.previous.until < now) {
        this.byToken.delete(conversation.previous.token);
        delete conversation.previous;
      }
      for (const ws of conversation.sockets) {
        if (!this.alive.get(ws)) {
          ws.terminate();
          continue;
        }
        this.alive.set(ws, false);
        ws.ping();
      }
    }
  }

  /** Closes every stream (the server is stopping): clients are told, and cut off a second later. */
  close(): void {
    // The app closes it, and so does the HTTP server's 'close' event: once is enough.
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const conversation of this.conversations.values())
      for (const ws of conversation.sockets) {
        ws.close(1001, 'server shutting down');
        setTimeout(() => ws.terminate(), 1000).unref();
      }
    this.sockets.close();
  }

  /** Figures for tests and diagnostics. */
  get usage(): { conversations: number; keptBytes: number; sockets: number } {
    let sockets = 0;
    for (const conversation of this.conversations.values()) sockets += conversation.sockets.size;
    return { conversations: this.conversations.size, keptBytes: this.keptBytesTotal, sockets };
  }

  private describe(conversation: Conversation, req: restify.Request, watermark?: number) {
    return {
      conversationId: conversation.id,
      token: conversation.token,
      expires_in: Math.max(0, Math.round((conversation.expires - this.now()) / 1000)),
      streamUrl: `${this.streamBase(req)}${basePath}/conversations/${conversation.id}/stream?t=${conversation.token}${
        watermark ? `&watermark=${watermark}` : ''
      }`,
    };
  }

  /** ws(s)://host[:port] from the configured public address, else the address the request arrived on (never Host). */
  private streamBase(req: restify.Request): string {
    if (this.options.publicUrl) return this.options.publicUrl.replace(/^http/i, 'ws').replace(/\/+$/, '');
    const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/i, '');
    return `ws://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
  }

  private authorize(req: restify.Request, conversationId?: string, { currentTokenOnly = false } = {}): Conversation {
    const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? '';
    const conversation = this.byToken.get(token);
    if (!conversation || !this.accepts(conversation, token, currentTokenOnly))
      throw new DirectLineError(403, 'missing, unknown or expired token');
    if (conversationId !== undefined && conversationId !== conversation.id)
      throw new DirectLineError(403, 'the token is for another conversation');
    this.touch(conversation);
    return conversation;
  }

  private accepts(conversation: Conversation, token: string, currentTokenOnly = false): boolean {
    const now = this.now();
    if (!token || conversation.expires < now) return false;
    if (token === conversation.token) return true;
    return !currentTokenOnly && conversation.previous?.token === token && conversation.previous.until >= now;
  }

  /** Marks a conversation as just used: it moves to the end of the least-recently-used order. */
  private touch(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
    this.conversations.set(conversation.id, conversation);
  }

  private forget(conversation: Conversation, code: number, reason: string): void {
    for (const ws of conversation.sockets) ws.close(code, reason);
    this.conversations.delete(conversation.id);
    this.byToken.delete(conversation.token);
    if (conversation.previous) this.byToken.delete(conversation.previous.token);
    this.keptBytesTotal -= conversation.keptBytes;
  }

  /**
   * Validates an activity as /api/messages would, keeps what Web Chat shows of it (a message is echoed
   * to the user), relays it to the bot and keeps its replies. Returns the activity's id.
   */
  private async deliver(conversation: Conversation, posted: Partial<DirectLineActivity>): Promise<string> {
    const id = `${conversation.id}|${String(conversation.count).padStart(7, '0')}`;
    const timestamp = new Date(this.now()).toISOString();
    const from = {
      id: conversation.userId,
      ...(typeof posted.from?.name === 'string' && posted.from.name.length <= 256 ? { name: posted.from.name } : {}),
      role: 'user',
    };
    const incoming = {
      ...posted,
      type: posted.type!,
      id,
      timestamp,
      from,
      conversation: { id: `${keySpace}${conversation.id}` },
      channelId: 'webchat',
      recipient: { id: botAccount.id, role: 'bot' },
      locale: posted.locale ?? conversation.locale,
      deliveryMode: 'expectReplies',
    };
    const problem = activityProblem(incoming);
    if (problem) throw new DirectLineError(400, problem);
    if (incoming.type === 'message') this.append(conversation, [userEcho(incoming, conversation.id)]);
    const replies = await this.relay(incoming);
    // The conversation may have been forgotten meanwhile (expired, or the least recently used).
    if (this.conversations.get(conversation.id) !== conversation) return id;
    this.append(
      conversation,
      replies
        .filter((reply) => reply.type !== 'trace')
        .map((reply, i) => ({
          ...pick(reply, replyFields),
          id: `${id}.${i}`,
          timestamp: new Date(this.now()).toISOString(),
          from: botAccount,
          conversation: { id: conversation.id },
          replyToId: id,
        })),
    );
    return id;
  }

  /** Keeps the activities (within the budgets) and streams them to the conversation's sockets. */
  private append(conversation: Conversation, activities: object[]): void {
    if (!activities.length) return;
    const texts = activities.map((activity) => JSON.stringify(activity));
    for (const text of texts) {
      const bytes = Buffer.byteLength(text);
      conversation.kept.push(text);
      conversation.keptBytes += bytes;
      this.keptBytesTotal += bytes;
    }
    conversation.count += texts.length;
    const message = frame(conversation, conversation.count - texts.length);
    for (const ws of conversation.sockets) ws.send(message);
    this.dropOldest(conversation, this.limits.keptBytesPerConversation);
    // Over the total: the least recently used conversations lose their history first (they stay open).
    for (const other of this.conversations.values()) {
      if (this.keptBytesTotal <= this.limits.keptBytesTotal) break;
      if (other !== conversation) this.dropOldest(other, 0);
    }
    if (this.keptBytesTotal > this.limits.keptBytesTotal) this.dropOldest(conversation, 0);
  }

  /** Drops a conversation's oldest kept activities until it keeps at most `budget` bytes. */
  private dropOldest(conversation: Conversation, budget: number): void {
    while (conversation.keptBytes > budget && conversation.kept.length) {
      const bytes = Buffer.byteLength(conversation.kept.shift()!);
      conversation.keptBytes -= bytes;
      this.keptBytesTotal -= bytes;
      conversation.first++;
    }
  }
}

/** What Web Chat needs of the user's own message to show it (and match it to what it sent). */
function userEcho(activity: DirectLineActivity, conversationId: string): object {
  const channelData = activity.channelData as Record<string, unknown> | undefined;
  const clientData =
    channelData && typeof channelData === 'object'
      ? Object.fromEntries(
          (['clientActivityID', 'clientTimestamp'] as const).flatMap((key) => {
            const value = channelData[key];
            return typeof value === 'string' && value.length <= 128 ? [[key, value]] : [];
          }),
        )
      : {};
  return {
    ...pick(activity, ['type', 'id', 'timestamp', 'from', 'text', 'textFormat', 'locale']),
    conversation: { id: conversationId },
    ...(Object.keys(clientData).length ? { channelData: clientData } : {}),
  };
}

/** The fields of the bot's replies that Web Chat renders or reads. */
const replyFields = [
  'type',
  'text',
  'speak',
  'textFormat',
  'inputHint',
  'locale',
  'attachments',
  'attachmentLayout',
  'suggestedActions',
  'entities',
  'channelData',
  'value',
  'name',
  'summary',
];

function pick(activity: object, fields: readonly string[]): Record<string, unknown> {
  const source = activity as Record<string, unknown>;
  return Object.fromEntries(
    fields.filter((field) => source[field] !== undefined).map((field) => [field, source[field]]),
  );
}

/** The activities kept after `watermark`, and the watermark to ask from next, as Direct Line's JSON. */
function frame(conversation: Conversation, watermark: number): string {
  const since = conversation.kept.slice(Math.max(0, watermark - conversation.first));
  return `{"activities":[${since.join(',')}],"watermark":"${conversation.count}"}`;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A body already serialized (the kept activities are kept as JSON). */
class RawJson {
  constructor(readonly text: string) {}
}

/** The `watermark` query parameter: how many of the conversation's activities the client has; 0 when absent. */
function watermarkOf(url: string | undefined): number {
  const value = new URL(url ?? '', 'http://localhost').searchParams.get('watermark') ?? '';
  return Math.max(0, Number.parseInt(value, 10) || 0);
}

export class DirectLineError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

type RouteResult = { status: number; body: unknown };

/** A route answering in JSON, its errors as Direct Line's error body (ServiceError, Throttled, BadArgument). */
function jsonRoute(fn: (req: restify.Request) => RouteResult | Promise<RouteResult>): restify.RequestHandler {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => fn(req))
      .then(({ status, body }) => {
        if (body instanceof RawJson) res.sendRaw(status, body.text, { 'content-type': 'application/json' });
        else {
          res.status(status);
          res.json(body);
        }
      })
      .catch((error: unknown) => {
        const known = error instanceof DirectLineError ? error : undefined;
        if (known?.retryAfter) res.header('retry-after', String(known.retryAfter));
        res.status(known?.status ?? 500);
        res.json({ error: { code: errorCode(known?.status ?? 500), message: known?.message ?? 'internal error' } });
      })
      .finally(() => next());
  };
}

function errorCode(status: number): string {
  if (status === 500) return 'ServiceError';
  return status === 429 ? 'Throttled' : 'BadArgument';
}
