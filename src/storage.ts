// Builds the conversation storage the configuration asks for, with a cheap reachability probe for
// /readyz: in memory (one process, forgotten on restart) or Azure Blob Storage (survives restarts and
// is shared by several instances of the bot).
//
// Both keep botbuilder's Storage contract, made complete for optimistic concurrency: an item written
// with the eTag it was read with is written only if nobody wrote it since (else a WriteConflict), '*'
// overwrites, and an item written without an eTag is created only if it does not exist yet, so two
// first turns of a new conversation cannot both win either.
import { MemoryStorage, type Storage, type StoreItem, type StoreItems } from 'botbuilder';
import type { Config } from './config.js';
import { noTelemetry, type Telemetry } from './telemetry/telemetry.js';

export interface StateStorage {
  storage: Storage;
  /** A real round trip to the storage, failing within a couple of seconds when it does not answer. */
  reachable(): Promise<boolean>;
}

/** Someone else wrote the item since it was read (or created it first). */
export class WriteConflict extends Error {
  constructor(key: string) {
    super(`storage: "${key}" was written by another turn since it was read`);
    this.name = 'WriteConflict';
  }
}

/** A write lost to another writer: ours, or botbuilder's own eTag error (BlobsStorage, MemoryStorage). */
export function isWriteConflict(error: unknown): boolean {
  return error instanceof WriteConflict || (error instanceof Error && /due to eTag conflict/.test(error.message));
}

/** @param telemetry reports each blob storage call as a dependency */
export function createStorage(config: Config['storage'], telemetry: Telemetry = noTelemetry): StateStorage {
  if (config.kind === 'memory') {
    const storage = new CreateOnlyMemoryStorage();
    return { storage, reachable: async () => true };
  }
  // The Azure SDK takes ~110 ms to load: a bot on memory storage never loads it, one on blob storage on first use.
  const blobs = import('./blobStorage.js').then(
    ({ ConditionalBlobsStorage }) => new ConditionalBlobsStorage(config, config.container),
  );
  blobs.catch(() => undefined); // a failure reaches each caller that awaits it, never the process as unhandled
  const account = 'accountUrl' in config ? new URL(config.accountUrl).host : 'connection string';
  const storage: Storage = {
    read: (keys) => telemetry.dependency(account, 'read', async () => (await blobs).read(keys)),
    write: (changes) => telemetry.dependency(account, 'write', async () => (await blobs).write(changes)),
    delete: (keys) => telemetry.dependency(account, 'delete', async () => (await blobs).delete(keys)),
  };
  return { storage, reachable: async () => (await blobs).reachable() };
}

class CreateOnlyMemoryStorage extends MemoryStorage {
  override write(changes: StoreItems): Promise<void> {
    const taken = Object.keys(changes).find(
      (key) => !(changes[key] as StoreItem | undefined)?.eTag && this.memory[key] !== undefined,
    );
    return taken === undefined ? super.write(changes) : Promise.reject(new WriteConflict(taken));
  }
}
