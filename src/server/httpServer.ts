// The HTTP edge: restify routes, body limits and clear errors. Only this module knows restify.
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../logger.js';
import { noTelemetry, type RequestTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { activityProblem } from './activityShape.js';
import { isLoopback, isLoopbackUrl, TokenBuckets } from './rateLimit.js';
import type { LocalDirectLine } from './directLine.js';
import { registerWebChat, type WebChatOptions } from './webChatPage.js';

export interface HttpServerOptions {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  health: () => Record<string, unknown>;
  /** Readiness: each named check passes or not (model loaded, storage reachable). */
  readiness?: () => Promise<Record<string, boolean>>;
  maxBodyBytes?: number;
  logger?: Logger;
  /** A span per request (method, route, status, duration). */
  telemetry?: Telemetry;
  rateLimit?: { perClientPerMinute: number; perConversationPerMinute: number; includeLoopback: boolean };
  /**
   * Without an app id the bot runs open (Emulator, local use): then it replies only in the response
   * (deliveryMode "expectReplies") or to a loopback serviceUrl, so an anonymous request cannot make it
   * post to an address of the sender's choosing.
   */
  repliesOnlyToLoopback?: boolean;
  /** The web chat page, its token endpoint and the local Direct Line stand-in. */
  webChat?: Omit<WebChatOptions, 'directLine'> & { directLine: LocalDirectLine };
}

type Handler = (req: restify.Request, res: restify.Response) => Promise<void> | void;

export function createHttpServer(options: HttpServerOptions): restify.Server {
  const server = restify.createServer({ name: 'canada-us-relations-assistant', handleUncaughtExceptions: false });
  const maxBodySize = options.maxBodyBytes ?? 256 * 1024;
  const limiter = options.rateLimit && rateLimiter(options.rateLimit);
  const logger = options.logger;
  const telemetry = options.telemetry ?? noTelemetry;
  const traces = new WeakMap<restify.Request, RequestTelemetry>();
  server.pre((req, _res, next) => {
    traces.set(req, telemetry.request(req.method ?? 'GET'));
    next();
  });
  // One structured line per request: id, method, path (no query: tokens travel there), status, time.
  server.on('after', (req: restify.Request, res: restify.Response) => {
    traces.get(req)?.end(res.statusCode, req.getRoute()?.path?.toString());
    logger?.info(
      {
        request: req.id(),
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Date.now() - req.time(),
      },
      'request',
    );
  });
  // Compressed bodies are refused before anything is read: restify's body reader inflates gzip with
  // no limit on the inflated size, and a corrupt gzip stream threw an unhandled error that ended the
  // process. Channels send plain JSON.
  server.pre((req, res, next) => {
    if (req.headers['content-encoding'] === undefined) return next();
    json(res, 415, { error: 'content encoding not supported: send the body uncompressed' });
    return next(false);
  });

  server.get(
    '/healthz',
    guarded((_req, res) => json(res, 200, options.health()), logger),
  );
  server.get(
    '/readyz',
    guarded(async (_req, res) => {
      const checks = (await options.readiness?.()) ?? {};
      const ready = Object.values(checks).every(Boolean);
      json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    }, logger),
  );

  if (options.webChat) {
    const { directLine } = options.webChat;
    // Bodies of the Direct Line and token routes: read with the same size limit, parsed leniently.
    server.pre((req, _res, next) => {
      if (req.method === 'POST' && (req.url?.startsWith('/v3/directline/') || req.url === '/api/directline/token')) {
        restify.plugins.bodyReader({ maxBodySize })(req, _res, next);
        return;
      }
      next();
    });
    directLine.register(server, parsedBody);
    registerWebChat(server, options.webChat, parsedBody);
    server.server.on('upgrade', (req, socket, head) => directLine.handleUpgrade(req, socket, head));
    server.on('close', () => directLine.close());
  }

  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize }),
    guarded(async (req, res) => {
      if (!/^application\/(.+\+)?json\b/i.test(req.header('content-type') ?? ''))
        return json(res, 415, { error: 'content type must be application/json' });
      let body: unknown;
      try {
        body = JSON.parse(rawBody(req));
      } catch {
        return json(res, 400, { error: 'malformed JSON' });
      }
      const problem = activityProblem(body);
      if (problem) return json(res, 400, { error: problem });
      const { deliveryMode, serviceUrl } = body as { deliveryMode?: string; serviceUrl?: string };
      if (options.repliesOnlyToLoopback && deliveryMode !== 'expectReplies' && !isLoopbackUrl(serviceUrl)) {
        return json(res, 400, {
          error:
            'field "serviceUrl": without an app id, replies go only to a loopback address, or back in the response with deliveryMode "expectReplies"',
        });
      }
      const wait = limiter?.(req, (body as { conversation: { id: string } }).conversation.id);
      if (wait !== undefined) {
        res.header('retry-after', String(wait));
        return json(res, 429, { error: 'too many requests; please slow down' });
      }
      req.body = body;
      const process = () => options.adapter.process(req, res, (context) => options.bot.run(context));
      await (traces.get(req)?.within(process) ?? process());
    }, logger),
  );

  return server;
}

/** Seconds to wait when the client or the conversation is over its rate, else undefined. */
function rateLimiter(
  limits: NonNullable<HttpServerOptions['rateLimit']>,
): (req: restify.Request, conversationId: string) => number | undefined {
  const clients = new TokenBuckets({
    perMinute: limits.perClientPerMinute,
    burst: Math.max(10, Math.ceil(limits.perClientPerMinute / 4)),
  });
  const conversations = new TokenBuckets({
    perMinute: limits.perConversationPerMinute,
    burst: Math.max(5, Math.ceil(limits.perConversationPerMinute / 3)),
  });
  return (req, conversationId) => {
    const address = req.socket.remoteAddress;
    if (!limits.includeLoopback && isLoopback(address)) return undefined;
    return clients.take(address ?? 'unknown') ?? conversations.take(conversationId);
  };
}

/** The request's JSON body, or undefined when it has none or it is not JSON. */
function parsedBody(req: restify.Request): unknown {
  try {
    const raw = rawBody(req);
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

function rawBody(req: restify.Request): string {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return typeof body === 'string' ? body : '';
}

function json(res: restify.Response, status: number, body: unknown): void {
  res.status(status);
  res.json(body);
}

/** No request may crash the process or reach the client as a stack trace. */
function guarded(handler: Handler, logger?: Logger): restify.RequestHandler {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        logger?.error(
          { request: req.id(), error: `${(error as Error).name}: ${(error as Error).message}` },
          'request failed',
        );
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
      })
      .finally(() => next());
  };
}
