// The error both storages throw when optimistic concurrency loses (see storage.ts), in a module of its
// own so that the storages and the conversation store can all import it.

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
