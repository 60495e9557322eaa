// The web page with the Web Chat widget, the one-line embed script, and the token endpoint. Locally
// the page talks to the server's own Direct Line stand-in; with DIRECT_LINE_SECRET set, the token
// endpoint exchanges the secret with Azure's Direct Line service server-side and the page talks to
// Azure — the secret never reaches the browser.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type restify from 'restify';
import type { Logger } from '../logger.js';
import { DirectLineError, type LocalDirectLine } from './directLine.js';
import type { RateLimiter } from './rateLimit.js';
import { serveFiles, type StaticFile } from './staticFiles.js';
import { vendorFolder, type VendorName } from './vendor.js';

export interface WebChatOptions {
  publicDir: string;
  /** The built copies of other packages' browser files (dist/vendor); node_modules when there is none. */
  vendorDir: string;
  directLine: LocalDirectLine;
  /** Set in production: the page gets Azure Direct Line tokens. */
  directLineSecret?: string | undefined;
  directLineEndpoint: string;
  /** Who may frame the page (the embed script uses an iframe): CSP frame-ancestors. */
  embedOrigins: string;
  /** With an app id and no Direct Line secret, the local stand-in cannot reach the bot. */
  localDirectLineAvailable: boolean;
  /** The server's one rate limiter: each token is a new conversation, charged to the client that asks. */
  limiter?: RateLimiter;
  logger?: Logger;
}

const pages = ['index.html', 'app.js', 'embed.js', 'styles.css', 'page-strings.json'];

export function registerWebChat(
  server: restify.Server,
  options: WebChatOptions,
  readJson: (req: restify.Request) => unknown,
): void {
  const vendor = (name: VendorName) => vendorFolder(name, options.vendorDir);
  const files = new Map<string, StaticFile>([
    ['/', { path: join(options.publicDir, 'index.html') }],
    ['/webchat/webchat.js', { path: join(vendor('webchat'), 'webchat.js') }],
    ...pages.map((name) => [`/${name}`, { path: join(options.publicDir, name) }] as const),
    ...designSystemFiles(vendor),
  ]);
  files.set('/embed.js', {
    path: join(options.publicDir, 'embed.js'),
    transform: withLauncherStrings(options.publicDir),
  });
  const securityHeaders = pageSecurityHeaders(options);
  serveFiles(server, files, securityHeaders);

  server.get('/favicon.ico', (_req, res, next) => {
    res.writeHead(204, securityHeaders);
    res.end();
    next();
  });

  server.post('/api/directline/token', tokenRoute(options, readJson));
}

/**
 * Web Chat injects its styles at run time, and so do the design system's components for their loading
 * state (hence 'unsafe-inline' for styles only). Everything else comes from this origin: the components'
 * modules and chunks (script-src 'self'), their fonts (font-src 'self'); and Azure's Direct Line when used.
 */
function pageSecurityHeaders(options: WebChatOptions): Record<string, string> {
  const directLineOrigins = options.directLineSecret
    ? `${new URL(options.directLineEndpoint).origin} wss://${new URL(options.directLineEndpoint).host}`
    : '';
  return {
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
}

/** A token for a new conversation (each charged to the client that asks): Azure's, or the local stand-in's. */
function tokenRoute(options: WebChatOptions, readJson: (req: restify.Request) => unknown): restify.RequestHandler {
  return (req, res, next) => {
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
  };
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

/**
 * The Government of Canada design system, served under /gcds/ from our own copy (no CDN): the web
 * components (gcds.esm.js loads its chunks from beside itself), their stylesheet with the design
 * tokens, the fonts, and the tokens as a JavaScript module for Web Chat's style options. The
 * packages' stylesheets point at Google Fonts and the design system's CDN, or hold a placeholder
 * path: they are rewritten to the copies served here.
 */
function designSystemFiles(vendor: (name: VendorName) => string): [string, StaticFile][] {
  const componentsDir = vendor('gcds-components');
  const fontsDir = vendor('gcds-fonts');
  const fontFamilies = ['noto-sans', 'lato', 'icons'];
  const files: [string, StaticFile][] = readdirSync(componentsDir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => [`/gcds/${name}`, { path: join(componentsDir, name) }]);
  files.push([
    '/gcds/gcds.css',
    {
      path: join(componentsDir, 'gcds.css'),
      transform: (css) =>
        servedHere(
          'gcds.css',
          css
            .replace(/@import url\("https:\/\/fonts\.googleapis\.com\/[^"]*"\);/g, '')
            .replace(/https:\/\/cdn\.design-system\.canada\.ca\/@gcds-core\/fonts@[^/]+\/(fonts\/)?/g, '/gcds/fonts/'),
        ),
    },
  ]);
  for (const family of fontFamilies)
    for (const name of readdirSync(join(fontsDir, family)).filter((n) => /\.(woff2?|ttf)$/.test(n)))
      files.push([`/gcds/fonts/${family}/${name}`, { path: join(fontsDir, family, name) }]);
  // The text fonts' @font-face rules, with the packages' placeholder paths pointed at the files above.
  files.push([
    '/gcds/fonts.css',
    {
      path: join(fontsDir, 'noto-sans', 'gcds-noto-sans.css'),
      transform: (notoSans) =>
        servedHere(
          "the fonts' stylesheets",
          [
            notoSans,
            readFileSync(join(fontsDir, 'lato', 'gcds-lato.css'), 'utf8').replaceAll(
              'path/to/file',
              '/gcds/fonts/lato',
            ),
          ]
            .join('\n')
            .replaceAll('path/to/file', '/gcds/fonts/noto-sans'),
        ),
    },
  ]);
  files.push(['/gcds/tokens.js', { path: join(vendor('gcds-tokens'), 'tokens.js') }]);
  return files;
}

/** A rewritten stylesheet, provided nothing in it still points elsewhere (a package that changed shape). */
function servedHere(name: string, css: string): string {
  const elsewhere = /https?:\/\/[^")\s]+|path\/to\/file/.exec(css);
  if (elsewhere)
    throw new Error(`the design system's ${name} still points at ${elsewhere[0]}: update src/server/webChatPage.ts`);
  return css;
}

/** The launcher's labels, from page-strings.json, written into embed.js (the host page cannot fetch them). */
function withLauncherStrings(publicDir: string): (script: string) => string {
  return (script) => {
    const strings = JSON.parse(readFileSync(join(publicDir, 'page-strings.json'), 'utf8')) as Record<
      string,
      { launcher?: unknown }
    >;
    const marker = '/* launcher strings */ {}';
    if (!script.includes(marker)) throw new Error(`public/embed.js: the marker ${marker} is missing`);
    const launcher = Object.fromEntries(Object.entries(strings).map(([language, s]) => [language, s.launcher]));
    return script.replace(marker, JSON.stringify(launcher));
  };
}
