// Azure Blob Storage for conversation state (see storage.ts, which loads this module only when the
// configuration asks for blob storage), and the account's containers for the turn events too
// (insights/blobEventLog.ts).
//
// Every call is bounded on the client side: one abort signal per call (read, write, delete, probe)
// cancels its requests after `timeoutMs`. The SDK's own `tryTimeoutInMs` only asks the server to give
// up, so a storage that accepts connections and then never answers (a frozen emulator, a network
// black hole) would hold a turn for minutes. A call that times out fails like an unreachable storage:
// the person gets the polite "I can't reach my memory" and /readyz says not ready.
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey.js';
import { json } from 'node:stream/consumers';
import type { BlobAccount } from './config.js';
import { WriteConflict } from './writeConflict.js';

/**
 * The Azure SDK's default retries take 16 s to give up on a storage that refuses connections: a turn
 * would hang that long. Two tries fail fast enough for a polite answer (the abort signal bounds both).
 */
const pipeline: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 3000, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
};
const probeTimeoutMs = 2000;

/**
 * A container of the account: reached by account URL with a Microsoft Entra token (in Azure, the managed
 * identity's: DefaultAzureCredential, or `credential` in tests), or by connection string (Azurite).
 */
export function containerClient(account: BlobAccount, containerName: string, credential?: TokenCredential) {
  if ('connectionString' in account) return new ContainerClient(account.connectionString, containerName, pipeline);
  const containerUrl = new URL(encodeURIComponent(containerName), account.accountUrl.replace(/\/?$/, '/')).href;
  const { managedIdentityClientId } = account;
  const token = credential ?? new DefaultAzureCredential(managedIdentityClientId ? { managedIdentityClientId } : {});
  return new ContainerClient(containerUrl, token, pipeline);
}

/** No answer from the storage within the time allowed: the call was cancelled. */
class StorageTimeout extends Error {
  constructor(operation: string, ms: number) {
    super(`storage: ${operation} had no answer within ${ms} ms (cancelled)`);
    this.name = 'StorageTimeout';
  }
}

/**
 * botbuilder's Storage on a blob container, with the keys BlobsStorage uses (botbuilder-azure-blobs'
 * sanitizeBlobKey), complete for optimistic concurrency: an update carries If-Match (its eTag), a
 * creation If-None-Match; the container is created on first use, and again after a failure.
 */
export class ConditionalBlobsStorage implements Storage {
  private readonly container: ContainerClient;
  private created: Promise<void> | undefined;

  /**
   * @param account an account URL, reached with a Microsoft Entra token (in Azure, the managed identity's:
   *   DefaultAzureCredential), or a connection string (Azurite)
   * @param credential instead of DefaultAzureCredential (tests)
   */
  constructor(
    account: BlobAccount,
    containerName: string,
    private readonly timeoutMs = 2000,
    credential?: TokenCredential,
  ) {
    this.container = containerClient(account, containerName, credential);
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.bounded('read', async (abortSignal) => {
      await this.ensureContainer(abortSignal);
      const items: StoreItems = {};
      await Promise.all(
        keys.map(async (key) => {
          try {
            const blob = await this.container
              .getBlobClient(sanitizeBlobKey(key))
              .download(0, undefined, { abortSignal });
            if (!blob.readableStreamBody) return;
            // The signal no longer reaches the response once its headers are in: it ends the body here.
            const body = blob.readableStreamBody as NodeJS.ReadableStream & { destroy(error?: Error): void };
            const stop = () => body.destroy(new StorageTimeout('read', this.timeoutMs));
            abortSignal.addEventListener('abort', stop, { once: true });
            try {
              items[key] = { ...((await json(body)) as object), eTag: blob.etag };
            } finally {
              abortSignal.removeEventListener('abort', stop);
            }
          } catch (error) {
            if ((error as { statusCode?: number }).statusCode !== 404) throw error;
          }
        }),
      );
      return items;
    });
  }

  write(changes: StoreItems): Promise<void> {
    return this.bounded('write', async (abortSignal) => {
      await this.ensureContainer(abortSignal);
      await Promise.all(
        (Object.entries(changes) as [string, StoreItem][]).map(async ([key, item]) => {
          const { eTag, ...value } = item;
          const body = JSON.stringify(value);
          const conditions = writeConditions(eTag);
          try {
            await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
              conditions,
              blobHTTPHeaders: { blobContentType: 'application/json' },
              abortSignal,
            });
          } catch (error) {
            const status = (error as { statusCode?: number }).statusCode;
            if (status === 409 || status === 412) throw new WriteConflict(key);
            throw error;
          }
        }),
      );
    });
  }

  delete(keys: string[]): Promise<void> {
    return this.bounded('delete', async (abortSignal) => {
      await this.ensureContainer(abortSignal);
      await Promise.all(
        keys.map((key) => this.container.getBlobClient(sanitizeBlobKey(key)).deleteIfExists({ abortSignal })),
      );
    });
  }

  async reachable(): Promise<boolean> {
    try {
      const abortSignal = AbortSignal.timeout(probeTimeoutMs);
      await this.ensureContainer(abortSignal);
      await this.container.getProperties({ abortSignal });
      return true;
    } catch {
      return false;
    }
  }

  /** Runs a storage call with an abort signal that fires after `timeoutMs`; a cancelled call is a StorageTimeout. */
  private async bounded<T>(operation: string, call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const abortSignal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await call(abortSignal);
    } catch (error) {
      if (abortSignal.aborted && !(error instanceof WriteConflict)) throw new StorageTimeout(operation, this.timeoutMs);
      throw error;
    }
  }

  private ensureContainer(abortSignal: AbortSignal): Promise<void> {
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

/** No eTag: created only if absent; '*': overwritten; else written only if unchanged since it was read. */
function writeConditions(eTag: string | undefined): { ifNoneMatch?: string; ifMatch?: string } {
  if (!eTag) return { ifNoneMatch: '*' };
  return eTag === '*' ? {} : { ifMatch: eTag };
}
