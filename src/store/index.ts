import { createLmdbStore } from './lmdb.store.js';
import { createMemoryStore } from './memory.store.js';
import type { Store } from './store.js';

export * from './store.js';
export { createLmdbStore, type LmdbStore, type LmdbStoreOptions } from './lmdb.store.js';
export { StoreOpenError } from './lmdb.files.js';
export { createMemoryStore } from './memory.store.js';

/** What {@link openStore} tells the operator about: a store without encryption, a failed rewrite. */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Where {@link openStore} keeps data: an LMDB directory on disk (encrypted when `encryptionKey`,
 * STORE_ENCRYPTION_KEY, is set), or process memory.
 */
export type OpenStoreOptions = { dataDir: string; encryptionKey?: string | undefined; logger?: StoreLogger } | { memory: true };

/**
 * Opens the store the options ask for: LMDB in `dataDir` (created if missing),
 * or an in-memory store that forgets everything on exit. Without an encryption key the LMDB
 * store warns once; a key that doesn't fit the store on disk stops the start
 * ({@link StoreOpenError}).
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (!('dataDir' in opts)) return createMemoryStore();
  const { dataDir, encryptionKey, logger } = opts;
  if (encryptionKey === undefined) {
    logger?.warn({ store: 'lmdb' }, 'STORE_ENCRYPTION_KEY not set: the store in DATA_DIR is not encrypted at rest');
  }
  // The error's name and code only: its message may quote a path or a key.
  const onRewriteError = (err: Error) =>
    logger?.warn({ err: { name: err.name, code: (err as NodeJS.ErrnoException).code } }, 'store rewrite after a delete failed; it is tried again later');
  return createLmdbStore({ path: dataDir, ...(encryptionKey !== undefined && { encryptionKey }), onRewriteError });
}
