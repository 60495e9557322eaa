// Structured JSON logs (pino). Message text is never logged unless LOG_LEVEL=debug; conversation ids
// are hashed; secrets are never passed in, and tokens never written even when a library logs a whole
// request (restify logs the request with its headers when it cannot format a response): requests are
// logged as method and path only, and any authorization header, cookie or token is redacted.
import { createHash } from 'node:crypto';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const redacted = [
  'authorization',
  'token',
  '*.authorization',
  '*.token',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-ms-token"]',
];

/** A request in a log line: what was asked, never its headers or query (tokens travel in both). */
function requestSummary(req: { id?: unknown; method?: unknown; url?: unknown } | undefined) {
  if (!req || typeof req !== 'object') return req;
  const id = typeof req.id === 'function' ? (req.id as () => unknown).call(req) : req.id;
  return { id, method: req.method, path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'canada-us-relations-assistant' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { req: requestSummary, err: stdSerializers.err },
      redact: { paths: redacted, censor: '[redacted]' },
    },
    destination,
  );
}

/** A stable, non-reversible handle for a conversation id in logs. */
export function conversationHash(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 12);
}

/** What the logs say of an error: its kind and message (never a stack, never the person's text). */
export function errorSummary(error: unknown): string {
  return `${(error as Error).name}: ${(error as Error).message}`;
}
