// The HTTP edge: restify routes, body limits and clear errors. Only this module knows restify.
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { activityProblem } from './activityShape.js';

export interface HttpServerOptions {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  health: () => Record<string, unknown>;
  maxBodyBytes?: number;
}

type Handler = (req: restify.Request, res: restify.Response) => Promise<void> | void;

export function createHttpServer(options: HttpServerOptions): restify.Server {
  const server = restify.createServer({ name: 'canada-us-relations-assistant', handleUncaughtExceptions: false });
  const maxBodySize = options.maxBodyBytes ?? 256 * 1024;

  server.get('/healthz', guarded((_req, res) => json(res, 200, options.health())));

  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize }),
    guarded(async (req, res) => {
      if (!/^application\/(.+\+)?json\b/i.test(req.header('content-type') ?? '')) return json(res, 415, { error: 'content type must be application/json' });
      let body: unknown;
      try {
        body = JSON.parse(rawBody(req));
      } catch {
        return json(res, 400, { error: 'malformed JSON' });
      }
      const problem = activityProblem(body);
      if (problem) return json(res, 400, { error: problem });
      req.body = body;
      await options.adapter.process(req, res, (context) => options.bot.run(context));
    }),
  );

  return server;
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
function guarded(handler: Handler): restify.RequestHandler {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        console.error(`request failed: ${(error as Error).name}: ${(error as Error).message}`);
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
      })
      .finally(() => next());
  };
}
