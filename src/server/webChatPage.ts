// The web page with the Web Chat widget, the one-line embed script, and the token endpoint. Locally
// the page talks to the server's own Direct Line stand-in; with DIRECT_LINE_SECRET set, the token
// endpoint exchanges the secret with Azure's Direct Line service server-side and the page talks to
// Azure — the secret never reaches the browser.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type restify from 'restify';
import type { Logger } from '../logger.js';
import { DirectLineError, type LocalDirectLine } from './directLine.js';
import type { RateLimiter } from './rateLimit.js';

export interface WebChatOptions {
  publicDir: string;
  directLine: LocalDirectLine;
  /** Set in production: the page gets Azure Direct Line tokens. */
  directLineSecret?: string;
  directLineEndpoint: string;
  /** Who may frame the page (the embed script uses an iframe): CSP frame-ancestors. */
  embedOrigins: string;
  /** With an app id and no Direct Line secret, the local stand-in cannot reach the bot. */
  localDirectLineAvailable: boolean;
  /** The server's one rate limiter: each token is a new conversation, charged to the client that asks. */
  limiter?: RateLimiter;
  logger?: Logger;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};
const pages = ['index.html', 'app.js', 'embed.js', 'styles.css', 'page-strings.json'];

export function registerWebChat(
  server: restify.Server,
  options: WebChatOptions,
  readJson: (req: restify.Request) => unknown,
): void {
  const require = createRequire(import.meta.url);
  // The package exports no package.json; its CommonJS entry sits in lib/, the browser bundle in dist/.
  const webChatBundle = join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
  const files = new Map<string, { path: string; type: string }>([
    ['/', { path: join(options.publicDir, 'index.html'), type: contentTypes['.html']! }],
    ['/webchat/webchat.js', { path: webChatBundle, type: contentTypes['.js']! }],
    ...pages.map(
      (name) =>
        [
          `/${name}`,
          { path: join(options.publicDir, name), type: contentTypes[name.slice(name.lastIndexOf('.'))]! },
        ] as const,
    ),
  ]);
  const cache = new Map<string, Buffer>();
  const directLineOrigins = options.directLineSecret
    ? `${new URL(options.directLineEndpoint).origin} wss://${new URL(options.directLineEndpoint).host}`
    : '';
  const securityHeaders = {
    // Web Chat injects its styles at run time (hence 'unsafe-inline' for styles only).
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ws: wss: ${directLineOrigins}`.trim(),
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${options.embedOrigins}`,
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };

  for (const [route, file] of files) {
    server.get(route, (_req, res, next) => {
      let body = cache.get(route);
      if (!body) {
        body = readFileSync(file.path);
        cache.set(route, body);
      }
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', ...securityHeaders });
      res.end(body);
      next();
    });
  }

  server.get('/favicon.ico', (_req, res, next) => {
    res.writeHead(204, securityHeaders);
    res.end();
    next();
  });

  server.post('/api/directline/token', (req, res, next) => {
    const body = (readJson(req) ?? {}) as { locale?: unknown };
    const locale =
      typeof body.locale === 'string' && /^[a-z]{2}(-[A-Z]{2})?$/.test(body.locale) ? body.locale : 'en-US';
    const send = (status: number, payload: unknown) => {
      res.status(status);
      res.header('cache-control', 'no-store');
      res.json(payload);
      next();
    };
    const wait = options.limiter?.conversationStart(req.socket.remoteAddress);
    if (wait !== undefined) {
      res.header('retry-after', String(wait));
      return send(429, { error: 'too many conversations started; please wait a moment' });
    }
    (options.directLineSecret
      ? azureToken(options.directLineEndpoint, options.directLineSecret)
      : localToken(options, locale)
    )
      .then((token) => send(200, token))
      .catch((error: unknown) => {
        const status = error instanceof DirectLineError ? error.status : 502;
        options.logger?.error({ error: (error as Error).message }, 'direct line token failed');
        send(status, {
          error: status === 502 ? 'the chat service is not available; please try again' : (error as Error).message,
        });
      });
  });
}

async function localToken(options: WebChatOptions, locale: string) {
  if (!options.localDirectLineAvailable)
    throw new DirectLineError(503, 'this bot needs DIRECT_LINE_SECRET to serve the web chat');
  const started = await options.directLine.startConversation({ locale });
  return { ...started, domain: '/v3/directline' };
}

/** Exchanges the secret for a conversation token, with a user id of ours so the welcome comes first. */
async function azureToken(endpoint: string, secret: string) {
  const userId = `dl_${randomBytes(12).toString('hex')}`;
  const response = await fetch(`${endpoint.replace(/\/$/, '')}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: userId } }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Direct Line answered ${response.status}`);
  const token = (await response.json()) as { token?: string; conversationId?: string; expires_in?: number };
  if (typeof token.token !== 'string') throw new Error('Direct Line answered without a token');
  return { token: token.token, conversationId: token.conversationId, expires_in: token.expires_in, userId };
}
