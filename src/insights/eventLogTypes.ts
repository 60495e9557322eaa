// What every event log is (the interface the JSON-lines and Blob logs implement, and what the page and
// the reports read), with the period and the retention rule they share. In a module of its own so that
// eventLog.ts, which chooses and builds a log, and the logs it builds need not import each other.
import { isTurnEvent, type TurnEvent } from './events.js';

/** From `from` (included) to `to` (excluded). */
export interface Period {
  from: Date;
  to: Date;
}

export interface EventLog {
  /** Where the events are, for a report's heading. */
  readonly where: string;
  /** Queues the event to be written; returns at once and never throws. */
  record(event: TurnEvent): void;
  /** The events of a period, in no particular order. */
  events(period: Period): AsyncIterable<TurnEvent>;
  /** Deletes the events older than the retention; returns how many (or how many files or blobs) went. */
  deleteExpired(now?: Date): Promise<number>;
  /** Writes what is queued and stops. */
  close(): Promise<void>;
}

export const hour = 3_600_000;
export const day = 24 * hour;

/** The moment before which events are expired. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * day);
}

/** The entries that are turn events of the period (from included, to excluded); anything else is skipped. */
export function* eventsInPeriod(entries: Iterable<unknown>, { from, to }: Period): Iterable<TurnEvent> {
  const start = from.getTime();
  const end = to.getTime();
  for (const entry of entries) {
    if (!isTurnEvent(entry)) continue;
    const time = Date.parse(entry.time);
    if (time >= start && time < end) yield entry;
  }
}
