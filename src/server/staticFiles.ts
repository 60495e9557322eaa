// Files served as they are (or rewritten once, at start-up): the pages, their scripts and styles, and
// other packages' browser files. Each is read once and kept; revalidated on every use (no-cache) but
// not downloaded again while unchanged (an ETag), with the page's security headers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type restify from 'restify';

export interface StaticFile {
  path: string;
  /** Applied once, when the server starts: a rewrite that fails stops the start-up. */
  transform?: (body: string) => string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

const typeOf = (path: string) => contentTypes[extname(path)] ?? 'application/octet-stream';

/** Registers a GET route per file. */
export function serveFiles(
  server: restify.Server,
  files: Map<string, StaticFile>,
  securityHeaders: Record<string, string>,
): void {
  const cache = new Map<string, { body: Buffer; etag: string }>();
  const load = (route: string, file: StaticFile) => {
    const raw = readFileSync(file.path);
    const body = file.transform ? Buffer.from(file.transform(raw.toString('utf8'))) : raw;
    const loaded = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    cache.set(route, loaded);
    return loaded;
  };
  // Rewritten files are prepared now, so that a package that changed shape stops the start-up.
  for (const [route, file] of files) if (file.transform) load(route, file);
  for (const [route, file] of files) {
    server.get(route, (req, res, next) => {
      const cached = cache.get(route) ?? load(route, file);
      // Revalidated on every use (no-cache), but not downloaded again while unchanged: the launcher's
      // frame loads the page and Web Chat's 4 MB bundle again on each page of the host site.
      const headers = { 'cache-control': 'no-cache', etag: cached.etag, ...securityHeaders };
      if (req.headers['if-none-match'] === cached.etag) {
        res.writeHead(304, headers);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': typeOf(file.path), ...headers });
        res.end(cached.body);
      }
      next();
    });
  }
}
