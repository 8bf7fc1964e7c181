import path from 'node:path';
import type { Config } from '../config.js';
import { createLmdbStore } from './lmdb.store.js';
import { createMemoryStore } from './memory.store.js';
import type { Store } from './store.js';

// Kept for src/app.ts and test/transcripts/crash.test.ts (edited elsewhere now): import these from their own modules.
export { storeHealth } from './health.js';
export type { Store } from './store.js';

/** What {@link openStore} tells the operator about: a store without encryption, a failed rewrite, a dropped connection. */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Where {@link openStore} keeps data: an LMDB directory on disk (encrypted when `encryptionKey`,
 * STORE_ENCRYPTION_KEY, is set), PostgreSQL (DATABASE_URL), or process memory.
 */
export type OpenStoreOptions =
  | { dataDir: string; encryptionKey?: string | undefined; logger?: StoreLogger }
  | { database: { url: string; poolSize: number; statementTimeoutMs: number }; logger?: StoreLogger }
  | { memory: true };

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else LMDB in DATA_DIR. */
export function storeOptionsFromConfig(
  config: Pick<
    Config,
    'DATA_DIR' | 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'STORE_ENCRYPTION_KEY'
  >,
  logger?: StoreLogger,
): OpenStoreOptions {
  const log = logger ? { logger } : {};
  if (config.DATABASE_URL === undefined)
    return { dataDir: path.resolve(config.DATA_DIR), encryptionKey: config.STORE_ENCRYPTION_KEY, ...log };
  if (config.STORE_ENCRYPTION_KEY !== undefined) {
    logger?.warn(
      { store: 'postgres' },
      'STORE_ENCRYPTION_KEY is for the embedded store only: encrypt PostgreSQL storage on the database side',
    );
  }
  const database = {
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  };
  return { database, ...log };
}

/**
 * Opens the store the options ask for: LMDB in `dataDir` (created if missing), PostgreSQL
 * (migrated to this version's schema), or an in-memory store that forgets everything on exit.
 * Without an encryption key the LMDB store warns once. A store that can't be opened stops the
 * start with a {@link StoreOpenError} saying why (a key that doesn't fit the store on disk; a
 * database unreachable, refusing the credentials or missing), never quoting a password.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if ('memory' in opts) return createMemoryStore();
  const { logger } = opts;
  // The error's name and code only: its message may quote a path, a key or a row.
  const warnError = (msg: string) => (err: Error) =>
    logger?.warn({ err: { name: err.name, code: (err as NodeJS.ErrnoException).code } }, msg);
  if ('database' in opts) {
    // pg and the PostgreSQL store are loaded only when configured: the embedded store's start needs neither.
    const { createPostgresStore } = await import('./postgres.store.js');
    return createPostgresStore({
      ...opts.database,
      onError: warnError('a PostgreSQL connection failed; the pool opens another'),
    });
  }
  const { dataDir, encryptionKey } = opts;
  if (encryptionKey === undefined) {
    logger?.warn({ store: 'lmdb' }, 'STORE_ENCRYPTION_KEY not set: the store in DATA_DIR is not encrypted at rest');
  }
  const onRewriteError = warnError('store rewrite after a delete failed; it is tried again later');
  return createLmdbStore({ path: dataDir, ...(encryptionKey !== undefined && { encryptionKey }), onRewriteError });
}
