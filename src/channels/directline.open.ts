import type { Config } from '../config.js';
import type { StoreQueryError } from '../store/postgres.errors.js';
import type { ForgetCommit, Store } from '../store/store.js';
import { createMemoryDirectLineStorage } from './directline.memory.js';
import type { DirectLineStorage } from './directline.storage.js';

/** What {@link openDirectLineStorage} tells the operator about: a lost connection, a stream that could not be updated. */
export interface DirectLineLogger {
  warn(obj: object, msg: string): void;
}

/** The connections of an instance's Direct Line pool (the Store's pool is DATABASE_POOL_SIZE more). */
const POOL_SIZE = 4;

/**
 * The Direct Line storage the configuration asks for: PostgreSQL when DATABASE_URL is set, so
 * that every instance serves every conversation; else this process's memory.
 */
export async function openDirectLineStorage(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'WEBCHAT_TOKEN_TTL_SECONDS'>,
  logger: DirectLineLogger,
): Promise<DirectLineStorage> {
  if (config.DATABASE_URL === undefined) {
    return createMemoryDirectLineStorage({ endedForMs: config.WEBCHAT_TOKEN_TTL_SECONDS * 1000 });
  }
  // Loaded only when configured, like the PostgreSQL store (store/index.ts).
  const { createPostgresDirectLineStorage } = await import('../store/postgres.directline.js');
  return createPostgresDirectLineStorage({
    url: config.DATABASE_URL,
    poolSize: POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    onError: (err: StoreQueryError) =>
      logger.warn({ err: { name: err.name, code: err.code } }, 'direct line storage: a PostgreSQL operation failed'),
  });
}

/**
 * The store with every deletion of a user (`commitForget` for `forget me`, `deleteUser`, the
 * retention sweep's `deleteIdleUser`) ending the user's Direct Line conversations too, once the
 * user's data is gone. On PostgreSQL the deleting transaction has already ended them (a
 * trigger); this ends them in memory.
 */
export function endingDirectLineWithUser(store: Store, directLine: DirectLineStorage): Store {
  return {
    ...store,
    async commitForget(turn: ForgetCommit) {
      const result = await store.commitForget(turn);
      if (result.ok) await directLine.endUser(turn.userKey);
      return result;
    },
    async deleteUser(userKey: string) {
      await store.deleteUser(userKey);
      await directLine.endUser(userKey);
    },
    async deleteIdleUser(userKey: string, idleBefore: Date) {
      const deleted = await store.deleteIdleUser(userKey, idleBefore);
      if (deleted) await directLine.endUser(userKey);
      return deleted;
    },
  };
}
