import { createLmdbStore } from './lmdb.store.js';
import { createMemoryStore } from './memory.store.js';
import type { Store } from './store.js';

export * from './store.js';
export { createLmdbStore, type LmdbStoreOptions } from './lmdb.store.js';
export { createMemoryStore } from './memory.store.js';

/** Where {@link openStore} keeps data: an LMDB directory on disk, or process memory. */
export type OpenStoreOptions = { dataDir: string } | { memory: true };

/**
 * Opens the store the options ask for: LMDB in `dataDir` (created if missing),
 * or an in-memory store that forgets everything on exit.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if ('dataDir' in opts) return createLmdbStore({ path: opts.dataDir });
  return createMemoryStore();
}
