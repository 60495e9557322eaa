// Builds the conversation storage the configuration asks for, with a cheap reachability probe for
// /readyz: in memory (one process, forgotten on restart) or Azure Blob Storage (survives restarts and
// is shared by several instances of the bot).
//
// Both keep botbuilder's Storage contract, made complete for optimistic concurrency: an item written
// with the eTag it was read with is written only if nobody wrote it since (else a WriteConflict), '*'
// overwrites, and an item written without an eTag is created only if it does not exist yet, so two
// first turns of a new conversation cannot both win either.
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { MemoryStorage, type Storage, type StoreItem, type StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey.js';
import type { Config } from './config.js';

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

export function createStorage(config: Config['storage']): StateStorage {
  if (config.kind === 'memory') {
    const storage = new CreateOnlyMemoryStorage();
    return { storage, reachable: async () => true };
  }
  const storage = new ConditionalBlobsStorage(config.connectionString, config.container);
  return { storage, reachable: () => storage.reachable() };
}

class CreateOnlyMemoryStorage extends MemoryStorage {
  override write(changes: StoreItems): Promise<void> {
    const taken = Object.keys(changes).find((key) => !(changes[key] as StoreItem | undefined)?.eTag && this.memory[key] !== undefined);
    return taken === undefined ? super.write(changes) : Promise.reject(new WriteConflict(taken));
  }
}

/**
 * The Azure SDK's default retries take 16 s to give up on a storage that refuses connections: a turn
 * would hang that long. Two tries, 3 s each, fail fast enough for a polite answer.
 */
const pipeline: StoragePipelineOptions = { retryOptions: { maxTries: 2, tryTimeoutInMs: 3000, retryDelayInMs: 100, maxRetryDelayInMs: 500 } };
const probeTimeoutMs = 2000;

/**
 * BlobsStorage reads and updates (with If-Match when the item carries an eTag), plus what it lacks:
 * creation with If-None-Match, and a container created on first use again after a failure
 * (BlobsStorage keeps its first creation attempt, failed or not, for good).
 */
class ConditionalBlobsStorage extends BlobsStorage {
  private readonly container: ContainerClient;
  private created?: Promise<void>;

  constructor(connectionString: string, containerName: string) {
    super(connectionString, containerName, { storagePipelineOptions: pipeline });
    this.container = new ContainerClient(connectionString, containerName, pipeline);
  }

  override async read(keys: string[]): Promise<StoreItems> {
    await this.ensureContainer();
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    await this.ensureContainer();
    const entries = Object.entries(changes) as [string, StoreItem][];
    const updates = Object.fromEntries(entries.filter(([, item]) => item.eTag));
    await Promise.all([
      Object.keys(updates).length ? super.write(updates) : undefined,
      ...entries.filter(([, item]) => !item.eTag).map(([key, item]) => this.create(key, item)),
    ]);
  }

  override async delete(keys: string[]): Promise<void> {
    await this.ensureContainer();
    return super.delete(keys);
  }

  async reachable(): Promise<boolean> {
    try {
      await this.ensureContainer(AbortSignal.timeout(probeTimeoutMs));
      await this.container.getProperties({ abortSignal: AbortSignal.timeout(probeTimeoutMs) });
      return true;
    } catch {
      return false;
    }
  }

  private async create(key: string, item: StoreItem): Promise<void> {
    const { eTag: _eTag, ...value } = item;
    const body = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 409 || status === 412) throw new WriteConflict(key);
      throw error;
    }
  }

  private ensureContainer(abortSignal?: AbortSignal): Promise<void> {
    this.created ??= this.container.createIfNotExists({ abortSignal }).then(
      () => undefined,
      (error: unknown) => {
        this.created = undefined;
        throw error;
      },
    );
    return this.created;
  }
}
