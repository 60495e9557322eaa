// Azure Blob Storage for conversation state (see storage.ts, which loads this module only when the
// configuration asks for blob storage).
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StoreItem, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey.js';
import type { BlobAccount } from './config.js';
import { WriteConflict } from './storage.js';

/**
 * The Azure SDK's default retries take 16 s to give up on a storage that refuses connections: a turn
 * would hang that long. Two tries, 3 s each, fail fast enough for a polite answer.
 */
const pipeline: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 3000, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
};
const probeTimeoutMs = 2000;

/**
 * BlobsStorage reads and updates (with If-Match when the item carries an eTag), plus what it lacks:
 * creation with If-None-Match, and a container created on first use again after a failure
 * (BlobsStorage keeps its first creation attempt, failed or not, for good).
 */
export class ConditionalBlobsStorage extends BlobsStorage {
  private readonly container: ContainerClient;
  private created?: Promise<void>;

  /**
   * @param account an account URL, reached with a Microsoft Entra token (in Azure, the managed identity's:
   *   DefaultAzureCredential), or a connection string (Azurite)
   * @param credential instead of DefaultAzureCredential (tests)
   */
  constructor(account: BlobAccount, containerName: string, credential?: TokenCredential) {
    if ('connectionString' in account) {
      super(account.connectionString, containerName, { storagePipelineOptions: pipeline });
      this.container = new ContainerClient(account.connectionString, containerName, pipeline);
    } else {
      const containerUrl = new URL(encodeURIComponent(containerName), account.accountUrl.replace(/\/?$/, '/')).href;
      const token =
        credential ?? new DefaultAzureCredential({ managedIdentityClientId: account.managedIdentityClientId });
      super('', containerName, { storagePipelineOptions: pipeline }, containerUrl, token);
      this.container = new ContainerClient(containerUrl, token, pipeline);
    }
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
