// Where turn events are kept, as the configuration says: JSON-lines files on this machine (with
// STORAGE=memory: one process), or append blobs in the storage account every instance shares (with
// STORAGE=blob), or nowhere. Either way, recording an event never waits and never fails a turn, the
// bot deletes events older than the retention (at start-up, then every hour), and the insights page and
// the reports read them back for a period.
import type { EventsConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { hour, type EventLog } from './eventLogTypes.js';
import { JsonLinesEventLog } from './jsonLinesEventLog.js';

// What the rest of the bot imports with createEventLog.
export { day, type EventLog } from './eventLogTypes.js';

const noEventLog: EventLog = {
  where: 'nowhere (no events are kept)',
  record: () => undefined,
  events: async function* () {},
  deleteExpired: async () => 0,
  close: async () => undefined,
};

/** The first deletion of expired events, this long after start-up. */
const firstDeletionMs = 60_000;

export interface EventLogOptions {
  logger?: Logger;
  /**
   * Delete expired events a minute after start-up, then every hour (timers that do not keep the process
   * alive). Not during start-up: the JSON-lines files (up to 30 MB) are read whole, which held up the
   * first answers by a quarter of a second and more.
   */
  deleteExpired?: boolean;
}

/**
 * The configured event log. The Azure SDK is loaded only with STORAGE=blob (as storage.ts does): what is
 * recorded while it loads waits for it, in order.
 */
export function createEventLog(
  config: EventsConfig,
  { logger, deleteExpired = false }: EventLogOptions = {},
): EventLog {
  if (config.kind === 'off') return noEventLog;
  const opened: Promise<EventLog> =
    config.kind === 'file'
      ? Promise.resolve(new JsonLinesEventLog(config.path, config.rotation, config.retentionDays))
      : import('./blobEventLog.js').then(({ BlobEventLog }) => new BlobEventLog(config, { logger }));
  opened.catch(() => undefined); // a failure reaches each caller that awaits it, never the process as unhandled
  let log: EventLog | undefined;
  void opened.then((ready) => (log = ready));
  const removeExpired = () =>
    opened
      .then((ready) => ready.deleteExpired())
      .then(
        (deleted) => {
          if (deleted) logger?.info({ deleted, retentionDays: config.retentionDays }, 'expired events deleted');
        },
        (error: unknown) => logger?.warn({ error: (error as Error).message }, 'expired events not deleted'),
      );
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  if (deleteExpired) {
    first = setTimeout(() => void removeExpired(), firstDeletionMs).unref();
    timer = setInterval(() => void removeExpired(), hour).unref();
  }
  return {
    get where() {
      return log?.where ?? (config.kind === 'file' ? config.path : `blob container ${config.container}`);
    },
    record(event) {
      if (log) log.record(event);
      else
        void opened.then(
          (ready) => ready.record(event),
          () => undefined,
        );
    },
    async *events(period) {
      yield* (await opened).events(period);
    },
    deleteExpired: async (now) => (await opened).deleteExpired(now),
    async close() {
      clearTimeout(first);
      clearInterval(timer);
      await (await opened.catch(() => noEventLog)).close();
    },
  };
}
