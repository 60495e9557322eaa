// Starts an app's real HTTP server on an ephemeral loopback port for the tests of one file.
import type restify from 'restify';
import { afterAll, beforeAll } from 'vitest';

/** Returns a function giving the base URL once the server listens. */
export function listenDuringTests(server: restify.Server): () => string {
  let base = '';
  beforeAll(async () => {
    // Longer than any pause in a test file (a second app training its model blocks the event loop for
    // seconds): past Node's default 5 s the server closes an idle connection just as fetch reuses it (ECONNRESET).
    server.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return () => base;
}
