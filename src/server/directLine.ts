// A local stand-in for the Direct Line 3.0 service, just the part Web Chat uses: tokens, starting a
// conversation, posting an activity and receiving activities by polling (with a watermark) or by a
// WebSocket stream. Each message is relayed to the bot in-process with deliveryMode "expectReplies",
// so `npm start` gives a working widget with no Azure resources. Conversations are isolated: a token
// opens one conversation only; tokens are random and expire.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type restify from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';

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

interface Conversation {
  id: string;
  token: string;
  expires: number;
  userId: string;
  locale: string;
  activities: DirectLineActivity[];
  sockets: Set<WebSocket>;
}

const tokenLifetimeSeconds = 30 * 60;
const basePath = '/v3/directline';
const maxConversations = 10_000;
const maxActivitiesPerConversation = 500;
const botAccount = { id: 'canada-us-relations-bot', name: 'Canada–US Relations', role: 'bot' };

export class LocalDirectLine {
  private readonly conversations = new Map<string, Conversation>();
  private readonly byToken = new Map<string, Conversation>();
  private readonly sockets = new WebSocketServer({ noServer: true });

  constructor(
    private readonly relay: Relay,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new conversation with its token; the bot greets the user as Web Chat would have it. */
  async startConversation(
    options: { locale?: string } = {},
  ): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }> {
    this.forgetExpired();
    if (this.conversations.size >= maxConversations) throw new DirectLineError(429, 'too many conversations');
    const conversation: Conversation = {
      id: randomUUID(),
      token: randomBytes(32).toString('base64url'),
      expires: this.now() + tokenLifetimeSeconds * 1000,
      userId: `dl_${randomBytes(12).toString('hex')}`,
      locale: options.locale ?? 'en-US',
      activities: [],
      sockets: new Set(),
    };
    this.conversations.set(conversation.id, conversation);
    this.byToken.set(conversation.token, conversation);
    // Web Chat shows the welcome before the first message only if the bot hears of the user now.
    await this.deliver(
      conversation,
      {
        type: 'conversationUpdate',
        from: { id: conversation.userId, role: 'user' },
        membersAdded: [botAccount, { id: conversation.userId, role: 'user' }],
        locale: conversation.locale,
      },
      false,
    );
    return {
      conversationId: conversation.id,
      token: conversation.token,
      expires_in: tokenLifetimeSeconds,
      userId: conversation.userId,
    };
  }

  register(server: restify.Server, readJson: (req: restify.Request) => unknown): void {
    const handle =
      (fn: (req: restify.Request) => Promise<{ status: number; body: unknown }>): restify.RequestHandler =>
      (req, res, next) => {
        fn(req)
          .then(({ status, body }) => {
            res.status(status);
            res.json(body);
          })
          .catch((error: unknown) => {
            const status = error instanceof DirectLineError ? error.status : 500;
            res.status(status);
            res.json({
              error: {
                code: status === 500 ? 'ServiceError' : 'BadArgument',
                message: error instanceof DirectLineError ? error.message : 'internal error',
              },
            });
          })
          .finally(() => next());
      };

    server.post(
      `${basePath}/tokens/refresh`,
      handle(async (req) => {
        const conversation = this.authorize(req);
        conversation.expires = this.now() + tokenLifetimeSeconds * 1000;
        return {
          status: 200,
          body: { conversationId: conversation.id, token: conversation.token, expires_in: tokenLifetimeSeconds },
        };
      }),
    );
    server.post(
      `${basePath}/conversations`,
      handle(async (req) => ({ status: 201, body: this.describe(this.authorize(req), req) })),
    );
    server.get(
      `${basePath}/conversations/:conversationId`,
      // Reconnecting (a dropped socket, or a page of the host site resuming the conversation): the
      // stream replays the activities after the watermark given, all of them without one.
      handle(async (req) => ({
        status: 200,
        body: this.describe(this.authorize(req, req.params.conversationId), req, watermarkOf(req.url)),
      })),
    );
    server.get(
      `${basePath}/conversations/:conversationId/activities`,
      handle(async (req) => {
        const conversation = this.authorize(req, req.params.conversationId);
        const watermark = watermarkOf(req.url);
        return {
          status: 200,
          body: {
            activities: conversation.activities.slice(watermark),
            watermark: String(conversation.activities.length),
          },
        };
      }),
    );
    server.post(
      `${basePath}/conversations/:conversationId/activities`,
      handle(async (req) => {
        const conversation = this.authorize(req, req.params.conversationId);
        const activity = readJson(req) as Partial<DirectLineActivity> | undefined;
        if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string')
          throw new DirectLineError(400, 'the body must be an activity with a type');
        if (activity.text !== undefined && typeof activity.text !== 'string')
          throw new DirectLineError(400, 'text must be a string');
        const id = await this.deliver(
          conversation,
          {
            ...activity,
            type: activity.type,
            from: { id: conversation.userId, name: activity.from?.name, role: 'user' },
          },
          true,
        );
        return { status: 200, body: { id } };
      }),
    );
  }

  /** Accepts WebSocket upgrades for conversations' streams; other upgrades are refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '', 'http://localhost');
    const match = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/.exec(url.pathname);
    const conversation = match ? this.conversations.get(match[1]!) : undefined;
    if (!conversation || conversation.token !== url.searchParams.get('t') || conversation.expires < this.now()) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      conversation.sockets.add(ws);
      ws.on('close', () => conversation.sockets.delete(ws));
      const missed = conversation.activities.slice(watermarkOf(req.url));
      if (missed.length)
        ws.send(JSON.stringify({ activities: missed, watermark: String(conversation.activities.length) }));
    });
  }

  close(): void {
    for (const conversation of this.conversations.values()) for (const ws of conversation.sockets) ws.terminate();
    this.sockets.close();
  }

  private describe(conversation: Conversation, req: restify.Request, watermark?: number) {
    const host = req.headers.host ?? 'localhost';
    const scheme = (req.headers['x-forwarded-proto'] as string | undefined)?.startsWith('https') ? 'wss' : 'ws';
    return {
      conversationId: conversation.id,
      token: conversation.token,
      expires_in: Math.max(0, Math.round((conversation.expires - this.now()) / 1000)),
      streamUrl: `${scheme}://${host}${basePath}/conversations/${conversation.id}/stream?t=${conversation.token}${
        watermark ? `&watermark=${watermark}` : ''
      }`,
    };
  }

  private authorize(req: restify.Request, conversationId?: string): Conversation {
    const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const conversation = token ? this.byToken.get(token) : undefined;
    if (!conversation || conversation.expires < this.now())
      throw new DirectLineError(403, 'missing, unknown or expired token');
    if (conversationId !== undefined && conversationId !== conversation.id)
      throw new DirectLineError(403, 'the token is for another conversation');
    return conversation;
  }

  /** Records an activity (shown back to the user when `echo`), relays it to the bot, records the replies. */
  private async deliver(conversation: Conversation, activity: DirectLineActivity, echo: boolean): Promise<string> {
    if (conversation.activities.length >= maxActivitiesPerConversation)
      throw new DirectLineError(429, 'this conversation is too long; please start a new one');
    const id = `${conversation.id}|${String(conversation.activities.length).padStart(7, '0')}`;
    const incoming = {
      ...activity,
      id,
      timestamp: new Date(this.now()).toISOString(),
      conversation: { id: conversation.id },
      channelId: 'webchat',
    };
    if (echo) this.append(conversation, [incoming]);
    const replies = await this.relay({ ...incoming, locale: activity.locale ?? conversation.locale });
    this.append(
      conversation,
      replies
        .filter((r) => r.type !== 'trace')
        .map((r, i) => ({
          ...r,
          id: `${id}.${i}`,
          timestamp: new Date(this.now()).toISOString(),
          from: botAccount,
          conversation: { id: conversation.id },
          replyToId: id,
        })),
    );
    return id;
  }

  private append(conversation: Conversation, activities: DirectLineActivity[]): void {
    if (!activities.length) return;
    conversation.activities.push(...activities);
    const frame = JSON.stringify({ activities, watermark: String(conversation.activities.length) });
    for (const ws of conversation.sockets) ws.send(frame);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const conversation of this.conversations.values()) {
      if (conversation.expires >= now) continue;
      for (const ws of conversation.sockets) ws.terminate();
      this.conversations.delete(conversation.id);
      this.byToken.delete(conversation.token);
    }
  }
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
  ) {
    super(message);
  }
}
