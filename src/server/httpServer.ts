// The HTTP edge: restify routes, body limits and clear errors. Only this module knows restify.
import type { ActivityHandler } from 'botbuilder';
import restify from 'restify';
import type { AssistantAdapter } from '../bot/assistantAdapter.js';
import { createLogger, errorSummary, type Logger } from '../logger.js';
import { noTelemetry, type RequestTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { activityProblem } from './activityShape.js';
import { isLoopbackUrl, type RateLimiter, type Wait } from './rateLimit.js';
import { isLocalDirectLineConversation, type LocalDirectLine } from './directLine.js';
import { registerInsights, type InsightsPageOptions } from './insightsPage.js';
import { registerWebChat, type WebChatOptions } from './webChatPage.js';

export interface HttpServerOptions {
  adapter: AssistantAdapter;
  bot: ActivityHandler;
  health: () => Record<string, unknown>;
  /** Readiness: each named check passes or not (model loaded, storage reachable). */
  readiness?: () => Promise<Record<string, boolean>>;
  maxBodyBytes?: number;
  logger?: Logger;
  /** The one rate limiter of every anonymous route. */
  limiter?: RateLimiter;
  /** A span per request (method, route, status, duration). */
  telemetry?: Telemetry;
  /**
   * Set when the bot runs without an app id (Emulator, local use): then it replies only in the response
   * (deliveryMode "expectReplies"), or, with `loopbackReplies`, also to a loopback serviceUrl (the
   * Emulator's), so an anonymous request cannot make it post to an address of the sender's choosing.
   */
  openMode?: { loopbackReplies: boolean };
  /** The web chat page, its token endpoint and the local Direct Line stand-in. */
  webChat?: Omit<WebChatOptions, 'directLine'> & { directLine: LocalDirectLine };
  /** The insights page for the keepers: only with INSIGHTS_TOKEN set (otherwise its routes do not exist: 404). */
  insights?: InsightsPageOptions;
}

type Handler = (req: restify.Request, res: restify.Response) => Promise<void> | void;

/** Probes for orchestrators, never limited: the only routes not charged to the client's rate. */
const probes = new Set(['/healthz', '/readyz']);

type Traces = WeakMap<restify.Request, RequestTelemetry>;

export function createHttpServer(options: HttpServerOptions): restify.Server {
  const { logger, limiter } = options;
  // restify logs through our logger (which never writes tokens), not a pino of its own.
  const server = restify.createServer({
    name: 'canada-us-relations-assistant',
    handleUncaughtExceptions: false,
    // restify 11 logs with pino; @types/restify still describes restify 8's bunyan.
    log: (logger ?? createLogger('silent')).child({ component: 'restify' }) as unknown as restify.ServerOptions['log'],
  });
  const maxBodySize = options.maxBodyBytes ?? 256 * 1024;
  const traces = traceRequests(server, options.telemetry ?? noTelemetry, logger);
  refuseEarly(server, limiter);
  registerProbes(server, options);
  if (options.webChat) registerWebChatRoutes(server, options.webChat, limiter, maxBodySize);
  if (options.insights) registerInsights(server, options.insights);
  registerMessages(server, options, traces, maxBodySize);
  return server;
}

/** A span per request, and one structured log line: id, method, path (no query: tokens travel there), status, time. */
function traceRequests(server: restify.Server, telemetry: Telemetry, logger: Logger | undefined): Traces {
  const traces: Traces = new WeakMap();
  server.pre((req, _res, next) => {
    traces.set(req, telemetry.request(req.method ?? 'GET'));
    next();
  });
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
  return traces;
}

/**
 * Before anything is done with a request: every request but the probes is charged to its client, and
 * compressed bodies are refused (restify's body reader inflates gzip with no limit on the inflated size,
 * and a corrupt gzip stream threw an unhandled error that ended the process; channels send plain JSON).
 */
function refuseEarly(server: restify.Server, limiter: RateLimiter | undefined): void {
  server.pre((req, res, next) => {
    if (probes.has((req.url ?? '').split('?')[0]!)) return next();
    const wait = limiter?.request(req.socket.remoteAddress);
    if (wait === undefined) return next();
    tooMany(res, wait);
    return next(false);
  });
  server.pre((req, res, next) => {
    if (req.headers['content-encoding'] === undefined) return next();
    json(res, 415, { error: 'content encoding not supported: send the body uncompressed' });
    return next(false);
  });
}

function registerProbes(server: restify.Server, options: HttpServerOptions): void {
  server.get(
    '/healthz',
    guarded((_req, res) => json(res, 200, options.health()), options.logger),
  );
  server.get(
    '/readyz',
    guarded(async (_req, res) => {
      const checks = (await options.readiness?.()) ?? {};
      const ready = Object.values(checks).every(Boolean);
      json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    }, options.logger),
  );
}

/** The web chat page, its token route and the local Direct Line (its REST routes and its streams). */
function registerWebChatRoutes(
  server: restify.Server,
  webChat: NonNullable<HttpServerOptions['webChat']>,
  limiter: RateLimiter | undefined,
  maxBodySize: number,
): void {
  const { directLine } = webChat;
  // Bodies of the Direct Line and token routes: read with the same size limit, parsed leniently.
  const readBody = restify.plugins.bodyReader({ maxBodySize });
  server.pre((req, res, next) => {
    if (req.method === 'POST' && (req.url?.startsWith('/v3/directline/') || req.url === '/api/directline/token')) {
      readBody(req, res, next);
      return;
    }
    next();
  });
  directLine.register(server, parsedBody);
  registerWebChat(server, webChat, parsedBody);
  // Stream upgrades bypass restify's chain: charged to the client here.
  server.server.on('upgrade', (req, socket, head) => {
    const wait = limiter?.request(req.socket.remoteAddress);
    if (wait !== undefined) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${wait}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    directLine.handleUpgrade(req, socket, head);
  });
  server.on('close', () => directLine.close());
}

/** The Bot Framework endpoint: cheapest refusals first, the expensive checks of the body after authentication. */
function registerMessages(
  server: restify.Server,
  options: HttpServerOptions,
  traces: Traces,
  maxBodySize: number,
): void {
  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize }),
    guarded(async (req, res) => {
      const read = readMessage(req, !options.openMode);
      if ('status' in read) return json(res, read.status, { error: read.error });
      const { body, authorization } = read;
      const authentication = await options.adapter.authenticate(body, authorization);
      if (!authentication) return json(res, 401, { error: 'unauthorized' });
      const problem = activityProblem(body) ?? (options.openMode && openModeProblem(body, options.openMode));
      if (problem) return json(res, 400, { error: problem });
      const { conversation } = body as { conversation: { id: string } };
      const wait = options.limiter?.activity(req.socket.remoteAddress, `messages:${conversation.id}`);
      if (wait !== undefined) return tooMany(res, wait);
      const process = () =>
        options.adapter.processAuthenticated(authentication, body, (context) => options.bot.run(context));
      const response = await (traces.get(req)?.within(process) ?? process());
      res.status(response.status);
      if (response.body !== undefined) res.send(response.body);
      res.end();
    }, options.logger),
  );
}

/** The checks that cost nothing: JSON content type, a bearer token when authenticated, a JSON object body. */
function readMessage(
  req: restify.Request,
  authenticatedMode: boolean,
): { body: object; authorization: string } | { status: number; error: string } {
  if (!/^application\/(.+\+)?json\b/i.test(req.header('content-type') ?? ''))
    return { status: 415, error: 'content type must be application/json' };
  const authorization = req.header('authorization') ?? '';
  if (authenticatedMode && !/^Bearer\s+\S+$/i.test(authorization)) return { status: 401, error: 'unauthorized' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody(req));
  } catch {
    return { status: 400, error: 'malformed JSON' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { status: 400, error: 'the body must be a JSON object (a Bot Framework activity)' };
  return { body, authorization };
}

/**
 * Without an app id: replies go back in the response (or, when allowed, to a loopback serviceUrl, the
 * Emulator's), and the local Direct Line's conversations are not reachable from here.
 */
function openModeProblem(
  activity: { deliveryMode?: string; serviceUrl?: string; conversation?: { id?: string } },
  openMode: { loopbackReplies: boolean },
): string | undefined {
  if (isLocalDirectLineConversation(activity.conversation?.id ?? ''))
    return 'field "conversation.id": reserved for the web chat (local Direct Line) conversations';
  if (activity.deliveryMode === 'expectReplies') return undefined;
  if (openMode.loopbackReplies && isLoopbackUrl(activity.serviceUrl)) return undefined;
  return openMode.loopbackReplies
    ? 'field "serviceUrl": without an app id, replies go only to a loopback address (localhost, 127.0.0.1, [::1]), or back in the response with deliveryMode "expectReplies"'
    : 'field "serviceUrl": without an app id, replies go only back in the response: set deliveryMode "expectReplies"';
}

function tooMany(res: restify.Response, wait: NonNullable<Wait>): void {
  res.header('retry-after', String(wait));
  json(res, 429, { error: 'too many requests; please slow down' });
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
        logger?.error({ request: req.id(), error: errorSummary(error) }, 'request failed');
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
      })
      .finally(() => next());
  };
}
