// Structured JSON logs (pino). Message text is never logged unless LOG_LEVEL=debug; conversation ids
// are hashed; secrets are never passed in.
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'canada-us-relations-assistant' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A stable, non-reversible handle for a conversation id in logs. */
export function conversationHash(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 12);
}
