// Turn events in Azure Blob Storage (STORAGE=blob), shared by every instance of the bot: append blobs
// in their own container, one per instance per hour, named by the hour and the instance,
//
//   2026/11/24/15/<host>-<random>.jsonl      (UTC; one JSON line per event)
//
// so that no two processes ever write the same blob (a restarted process takes a new name), a period
// is read by listing its days' prefixes, and expired events are deleted a whole blob at a time, oldest
// first, by listing from the start of the container until the first blob still kept.
//
// A turn only queues its event: the queue is written every second as one Append Block per hour's blob
// (so a blob holds at most 3,600 of Azure's 50,000 blocks), in the background, each storage call
// cancelled on the client side after STORAGE_TIMEOUT_MS like every other. When storage cannot be
// reached, events wait in the queue (at most 10,000; beyond, the oldest are dropped and the count
// logged) and go with the next write; on SIGTERM the queue is written before the process exits. Each
// append names the position it expects to write at, so an append that timed out on our side but was
// made is never made twice.
import type { TokenCredential } from '@azure/identity';
import type { ContainerClient } from '@azure/storage-blob';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { containerClient } from '../blobStorage.js';
import type { BlobEventsConfig } from '../config.js';
import { errorSummary, type Logger } from '../logger.js';
import { day, eventsInPeriod, hour as hourMs, retentionCutoff, type EventLog, type Period } from './eventLogTypes.js';
import type { TurnEvent } from './events.js';
import { jsonLinesIn } from './jsonLines.js';

export interface BlobEventLogOptions {
  logger?: Logger | undefined;
  /** This process's part of the blob names; default: the host name and a random suffix. */
  instance?: string;
  /** How often the queue is written (ms). */
  writeEveryMs?: number;
  /** Instead of DefaultAzureCredential (tests). */
  credential?: TokenCredential;
}

const mostQueued = 10_000;
/** An Append Block holds at most 4 MiB on older service versions: ours stay well under. */
const largestBlock = 1024 * 1024;
/** Reading a blob for the page or a report may take longer than a turn's storage call. */
const readTimeoutMs = 15_000;
const parallelDownloads = 8;
/** Blob texts kept to answer the page again without downloading them (a past hour's blob no longer changes). */
const cachedBytes = 32 * 1024 * 1024;

const pad = (n: number) => String(n).padStart(2, '0');

/** The blob prefix of an hour (or, cut to 11 characters, of its day): "2026/11/24/15/". */
function hourPrefix(time: Date): string {
  return `${time.getUTCFullYear()}/${pad(time.getUTCMonth() + 1)}/${pad(time.getUTCDate())}/${pad(time.getUTCHours())}/`;
}

/** The start of the hour a blob holds, from its name; undefined for a name of another shape. */
function hourOf(name: string): number | undefined {
  const match = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\//.exec(name);
  return match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!) : undefined;
}

function defaultInstance(): string {
  const host = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 40);
  return `${host || 'bot'}-${randomBytes(4).toString('hex')}`;
}

export class BlobEventLog implements EventLog {
  private readonly container: ContainerClient;
  private readonly instance: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger | undefined;
  private queue: TurnEvent[] = [];
  private writing: Promise<void> | undefined;
  private containerReady: Promise<unknown> | undefined;
  /** Our blobs and the length each has reached (where the next append goes). */
  private readonly lengths = new Map<string, number>();
  private readonly cache = new Map<string, { etag: string; text: string }>();
  private cacheSize = 0;
  private failing = false;
  private dropped = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly config: BlobEventsConfig,
    options: BlobEventLogOptions = {},
  ) {
    this.container = containerClient(config, config.container, options.credential);
    this.instance = options.instance ?? defaultInstance();
    this.timeoutMs = config.timeoutMs;
    this.logger = options.logger;
    this.timer = setInterval(() => void this.write(), options.writeEveryMs ?? 1000);
    this.timer.unref();
  }

  get where(): string {
    return `blob container ${this.config.container}`;
  }

  record(event: TurnEvent): void {
    this.queue.push(event);
    this.dropOldest();
  }

  /** Beyond `mostQueued` events waiting, the oldest are dropped (and counted, to be logged). */
  private dropOldest(): void {
    if (this.queue.length > mostQueued) {
      this.dropped += this.queue.length - mostQueued;
      this.queue.splice(0, this.queue.length - mostQueued);
    }
  }

  /** Writes the queue now (one write at a time; a call during a write waits for it and writes again). */
  async write(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.queue.length) return;
    this.writing = this.writeQueue().finally(() => (this.writing = undefined));
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // Until the queue is written, or a write fails (storage unreachable: nothing more to do).
    for (let before = Infinity; this.queue.length && this.queue.length < before;) {
      before = this.queue.length;
      await this.write();
      if (this.failing) break;
    }
  }

  private async writeQueue(): Promise<void> {
    const taken = this.queue;
    this.queue = [];
    const { unwritten, failure } = await this.appendAll(taken);
    // What was not written goes first, before what was recorded meanwhile.
    if (unwritten.length) this.queue = [...unwritten, ...this.queue];
    this.dropOldest();
    this.logWrite(failure);
  }

  /**
   * Appends the events to their hours' blobs, a block at a time, and stops at the first failure: storage
   * is likely unreachable, and every further append would wait for its time limit. Returns the events
   * not written and the failure.
   */
  private async appendAll(events: TurnEvent[]): Promise<{ unwritten: TurnEvent[]; failure?: unknown }> {
    const blocks = [...this.byBlob(events)].flatMap(([name, ofBlob]) =>
      chunks(ofBlob).map((chunk) => ({ name, ...chunk })),
    );
    for (const [i, block] of blocks.entries()) {
      try {
        await this.append(block.name, block.text);
      } catch (failure) {
        return { unwritten: blocks.slice(i).flatMap((unwritten) => unwritten.events), failure };
      }
    }
    return { unwritten: [] };
  }

  /** The events by the blob of their hour. */
  private byBlob(events: TurnEvent[]): Map<string, TurnEvent[]> {
    const byBlob = new Map<string, TurnEvent[]>();
    for (const event of events) {
      const name = `${hourPrefix(new Date(event.time))}${this.instance}.jsonl`;
      const list = byBlob.get(name) ?? [];
      list.push(event);
      byBlob.set(name, list);
    }
    return byBlob;
  }

  /**
   * Storage failing is logged once when it starts and once when it ends, not at every write (once a
   * second); events dropped are logged at each write that dropped some.
   */
  private logWrite(failure: unknown): void {
    const failed = failure !== undefined;
    if (failed && !this.failing)
      this.logger?.warn(
        { error: errorSummary(failure), queued: this.queue.length },
        'turn events not written yet: storage unavailable',
      );
    if (!failed && this.failing) this.logger?.info({ queued: this.queue.length }, 'turn events written again');
    this.failing = failed;
    if (this.dropped) {
      this.logger?.warn({ dropped: this.dropped }, 'turn events dropped: storage unavailable too long');
      this.dropped = 0;
    }
  }

  /** Appends at the position the blob should have reached: an append already made is not made again. */
  private async append(name: string, text: string): Promise<void> {
    const blob = this.container.getAppendBlobClient(name);
    const bytes = Buffer.from(text);
    let position = this.lengths.get(name);
    if (position === undefined) {
      await (this.containerReady ??= this.container
        .createIfNotExists({ abortSignal: AbortSignal.timeout(this.timeoutMs) })
        .catch((error: unknown) => {
          this.containerReady = undefined;
          throw error;
        }));
      await blob.createIfNotExists({
        abortSignal: AbortSignal.timeout(this.timeoutMs),
        blobHTTPHeaders: { blobContentType: 'application/x-ndjson; charset=utf-8' },
      });
      position = (await blob.getProperties({ abortSignal: AbortSignal.timeout(this.timeoutMs) })).contentLength ?? 0;
      this.lengths.set(name, position);
    }
    try {
      await blob.appendBlock(bytes, bytes.length, {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
        conditions: { appendPosition: position },
      });
      this.lengths.set(name, position + bytes.length);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) this.lengths.delete(name); // deleted since (or the container): created again next time
      if (status !== 412) throw error;
      // Not at the position expected: an earlier append we gave up on was made after all, or not.
      const length =
        (await blob.getProperties({ abortSignal: AbortSignal.timeout(this.timeoutMs) })).contentLength ?? 0;
      this.lengths.set(name, length);
      if (length !== position + bytes.length) throw error;
    }
  }

  async *events(period: Period): AsyncIterable<TurnEvent> {
    const blobs = await this.blobsOf(period);
    // Downloaded a few at a time, yielded as each arrives.
    for (let i = 0; i < blobs.length; i += parallelDownloads) {
      const texts = await Promise.all(blobs.slice(i, i + parallelDownloads).map((blob) => this.text(blob)));
      for (const text of texts) yield* eventsInPeriod(jsonLinesIn(text), period);
    }
  }

  /** The blobs of the hours the period overlaps, listed by the days' prefixes. */
  private async blobsOf({ from, to }: Period): Promise<{ name: string; etag: string }[]> {
    const blobs: { name: string; etag: string }[] = [];
    for (let dayStart = Math.floor(from.getTime() / day) * day; dayStart < to.getTime(); dayStart += day) {
      const prefix = hourPrefix(new Date(dayStart)).slice(0, 11);
      for await (const blob of this.list(prefix)) {
        const hour = hourOf(blob.name);
        if (hour !== undefined && hour < to.getTime() && hour + hourMs > from.getTime()) blobs.push(blob);
      }
    }
    return blobs;
  }

  async deleteExpired(now = new Date()): Promise<number> {
    const cutoff = retentionCutoff(now, this.config.retentionDays).getTime();
    let deleted = 0;
    // Names sort by hour: list from the start until the first blob whose hour is still kept.
    for await (const blob of this.list('')) {
      const hour = hourOf(blob.name);
      if (hour === undefined) continue;
      if (hour + hourMs > cutoff) break;
      await this.container
        .deleteBlob(blob.name, { abortSignal: AbortSignal.timeout(this.timeoutMs) })
        .catch((error) => {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        });
      this.forget(blob.name);
      deleted++;
    }
    return deleted;
  }

  /** The blobs under a prefix, a page at a time, each page's request with its own time limit. */
  private async *list(prefix: string): AsyncIterable<{ name: string; etag: string }> {
    let continuationToken: string | undefined;
    do {
      const abortSignal = AbortSignal.timeout(readTimeoutMs);
      let page;
      try {
        page = (
          await this.container
            .listBlobsFlat({ prefix, abortSignal })
            .byPage({ ...(continuationToken ? { continuationToken } : {}), maxPageSize: 1000 })
            .next()
        ).value;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return; // no container yet: no events
        throw error;
      }
      if (!page) return;
      for (const blob of page.segment.blobItems) yield { name: blob.name, etag: blob.properties.etag ?? '' };
      continuationToken = page.continuationToken || undefined;
    } while (continuationToken);
  }

  /** A blob's text, from the cache while its etag is unchanged. */
  private async text({ name, etag }: { name: string; etag: string }): Promise<string> {
    const cached = this.cache.get(name);
    if (cached && cached.etag === etag) {
      this.cache.delete(name); // most recently used last
      this.cache.set(name, cached);
      return cached.text;
    }
    let buffer: Buffer;
    try {
      buffer = await this.container
        .getBlobClient(name)
        .downloadToBuffer(0, undefined, { abortSignal: AbortSignal.timeout(readTimeoutMs) });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return ''; // deleted since it was listed
      throw error;
    }
    const text = buffer.toString('utf8');
    this.forget(name);
    if (text.length < cachedBytes / 4) {
      this.cache.set(name, { etag, text });
      this.cacheSize += text.length;
      for (const [oldest, entry] of this.cache) {
        if (this.cacheSize <= cachedBytes) break;
        this.cache.delete(oldest);
        this.cacheSize -= entry.text.length;
      }
    }
    return text;
  }

  private forget(name: string): void {
    const cached = this.cache.get(name);
    if (!cached) return;
    this.cache.delete(name);
    this.cacheSize -= cached.text.length;
  }
}

/** A blob's turn events within the period; lines that are not one (cut short, say) are skipped. */
/** The events as JSON lines, in blocks of at most `largestBlock` bytes. */
function chunks(events: TurnEvent[]): { events: TurnEvent[]; text: string }[] {
  const found: { events: TurnEvent[]; text: string }[] = [];
  let current: { events: TurnEvent[]; text: string } = { events: [], text: '' };
  let bytes = 0;
  for (const event of events) {
    const line = `${JSON.stringify(event)}\n`;
    const lineBytes = Buffer.byteLength(line);
    if (current.events.length && bytes + lineBytes > largestBlock) {
      found.push(current);
      current = { events: [], text: '' };
      bytes = 0;
    }
    current.events.push(event);
    current.text += line;
    bytes += lineBytes;
  }
  if (current.events.length) found.push(current);
  return found;
}
