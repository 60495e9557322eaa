// Builds the conversation storage the configuration asks for, with a cheap reachability probe for
// /readyz: in memory (one process, forgotten on restart) or Azure Blob Storage (survives restarts and
// is shared by several instances of the bot).
//
// Both keep botbuilder's Storage contract, made complete for optimistic concurrency: an item written
// with the eTag it was read with is written only if nobody wrote it since (else a WriteConflict), '*'
// overwrites, and an item written without an eTag is created only if it does not exist yet, so two
// first turns of a new conversation cannot both win either.
//
// Both are bounded: memory keeps at most a configured number of conversations (the least recently used
// is forgotten first), and every blob call gives up after a configured time (see blobStorage.ts).
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { StorageConfig } from './config.js';
import { noTelemetry, type Telemetry } from './telemetry/telemetry.js';
import { WriteConflict } from './writeConflict.js';

export interface StateStorage {
  storage: Storage;
  /** A real round trip to the storage, failing within a couple of seconds when it does not answer. */
  reachable(): Promise<boolean>;
}

/** @param telemetry reports each blob storage call as a dependency */
export function createStorage(config: StorageConfig, telemetry: Telemetry = noTelemetry): StateStorage {
  if (config.kind === 'memory') {
    const storage = new BoundedMemoryStorage(config.maxConversations ?? 10_000);
    return { storage, reachable: async () => true };
  }
  // The Azure SDK takes ~110 ms to load: a bot on memory storage never loads it, one on blob storage on first use.
  const blobs = import('./blobStorage.js').then(
    ({ ConditionalBlobsStorage }) => new ConditionalBlobsStorage(config, config.container, config.timeoutMs),
  );
  blobs.catch(() => undefined); // a failure reaches each caller that awaits it, never the process as unhandled
  const account = 'accountUrl' in config ? new URL(config.accountUrl).host : 'connection string';
  const storage: Storage = {
    read: (keys) => telemetry.dependency(account, 'read', async () => (await blobs).read(keys)),
    write: (changes) => telemetry.dependency(account, 'write', async () => (await blobs).write(changes)),
    delete: (keys) => telemetry.dependency(account, 'delete', async () => (await blobs).delete(keys)),
  };
  return { storage, reachable: oneAtATime(async () => (await blobs).reachable()) };
}

/** Calls made while one is running share its result: however often /readyz is asked, one probe at a time. */
function oneAtATime<T>(call: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => (running ??= call().finally(() => (running = undefined)));
}

/**
 * botbuilder's MemoryStorage semantics (items kept as JSON, an eTag per write) with creation only when
 * absent, and at most `maxItems` items: the least recently read or written is forgotten first, so an
 * anonymous flood of new conversations cannot grow the heap without bound.
 */
export class BoundedMemoryStorage implements Storage {
  /** In least recently used order. */
  private readonly items = new Map<string, { json: string; eTag: string }>();
  private nextETag = 1;

  constructor(private readonly maxItems: number) {}

  async read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (!item) continue;
      this.touch(key, item);
      found[key] = { ...(JSON.parse(item.json) as object), eTag: item.eTag };
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes) as [string, StoreItem | undefined][];
    for (const [key, change] of entries) {
      const current = this.items.get(key);
      const eTag = change?.eTag;
      // No eTag: only if absent; '*': always; else only if unchanged since it was read.
      if (current && (!eTag || (eTag !== '*' && eTag !== current.eTag))) throw new WriteConflict(key);
    }
    for (const [key, change] of entries) {
      const { eTag: _eTag, ...value } = change ?? {};
      this.touch(key, { json: JSON.stringify(value), eTag: String(this.nextETag++) });
    }
    for (const key of this.items.keys()) {
      if (this.items.size <= this.maxItems) break;
      this.items.delete(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  get size(): number {
    return this.items.size;
  }

  private touch(key: string, item: { json: string; eTag: string }): void {
    this.items.delete(key);
    this.items.set(key, item);
  }
}
