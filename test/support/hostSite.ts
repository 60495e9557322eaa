// A department's web site that embeds the assistant with the one-line launcher: two pages in English,
// one in French, served from another origin than the bot's, with a strict Content-Security-Policy that
// allows the bot's origin only where the README says a host site must (script-src and frame-src).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const pages: Record<string, { lang: 'en' | 'fr'; title: string; body: string }> = {
  '/': {
    lang: 'en',
    title: 'Canada and the United States',
    body: 'Canada and the United States share one of the closest relationships in the world.',
  },
  '/trade': {
    lang: 'en',
    title: 'Trade with the United States',
    body: 'The United States is Canada’s largest trading partner.',
  },
  '/fr/': {
    lang: 'fr',
    title: 'Le Canada et les États-Unis',
    body: 'Le Canada et les États-Unis entretiennent l’une des relations les plus étroites au monde.',
  },
};

const stylesheet = `body { margin: 0; font-family: Georgia, serif; line-height: 1.5; color: #222; }
header { background: #333; color: #fff; padding: 1rem 1.5rem; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem; }
nav a { margin-right: 1rem; }`;

const hostSiteAddress = '127.0.0.2';

export function contentSecurityPolicy(botOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${botOrigin}`,
    `frame-src ${botOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Starts the host site on a loopback port; returns its base URL and a way to stop it. */
export async function startHostSite(botOrigin: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/site.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(stylesheet);
      return;
    }
    const page = pages[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(botOrigin),
    });
    res.end(`<!doctype html>
<html lang="${page.lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${page.title}</title>
    <link rel="stylesheet" href="/site.css" />
  </head>
  <body>
    <header><strong>Global Affairs Canada</strong></header>
    <main>
      <h1>${page.title}</h1>
      <p>${page.body}</p>
      <nav aria-label="Pages"><a href="/">Relations</a><a href="/trade">Trade</a><a href="/fr/">Français</a></nav>
    </main>
    <script src="${botOrigin}/embed.js" async></script>
  </body>
</html>`);
  });
  // Another loopback address than the bot's: another site, as a department's site is for the bot's.
  await new Promise<void>((resolve) => server.listen(0, hostSiteAddress, resolve));
  return {
    url: `http://${hostSiteAddress}:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
