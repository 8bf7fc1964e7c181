import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import {
  ETagConflictError,
  type ConversationDoc,
  type RecordKind,
  type Store,
  type StoredConversation,
  type UserProfile,
  type UserRecord,
} from './store.js';

/** Key of one record: ordered by user, then by append sequence. */
type RecordKey = [userKey: string, seq: number];

/** Records have seq >= 1, so `[userKey, 0]` .. `[userKey, MAX_SEQ]` spans exactly one user. */
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** Options of {@link createLmdbStore}. */
export interface LmdbStoreOptions {
  /** Directory holding the database files; created if missing. */
  path: string;
}

/**
 * Opens (or creates) an LMDB-backed {@link Store} in `opts.path`.
 *
 * One environment holds four named databases: `conversations` (key → snapshot and eTag),
 * `user-conversations` (userKey → conversation keys, the index `deleteUser` relies on),
 * `users` (key → profile) and `records` (`[userKey, seq]` → record).
 * Every write is durable once its promise resolves.
 */
export async function createLmdbStore(opts: LmdbStoreOptions): Promise<Store> {
  mkdirSync(opts.path, { recursive: true });
  const env = open({ path: join(opts.path, 'store.mdb') });
  const conversations = env.openDB<StoredConversation, string>({ name: 'conversations' });
  const userConversations = env.openDB<string, string>({
    name: 'user-conversations',
    dupSort: true,
    encoding: 'ordered-binary',
  });
  const users = env.openDB<UserProfile, string>({ name: 'users' });
  const records = env.openDB<UserRecord, RecordKey>({ name: 'records' });

  /*
   * Read-modify-write steps run in `transactionSync`, not the async `transaction()`:
   * the async variant needs N-API thread-safe callbacks, which never fire on some hosts
   * (the promise hangs), and it does not roll back when the callback throws. A sync write
   * transaction is exclusive and commits (durably) before it returns, so a check and the
   * write that depends on it cannot interleave with another writer, in- or out-of-process.
   * Every write goes through here, even plain puts: a queued async `put` can commit after a
   * later sync transaction, so an unawaited `saveUser` could outlive the next `deleteUser`.
   */
  const write = <T>(action: () => T): T => env.transactionSync(action);

  const lastSeq = (userKey: string): number => {
    const range = records.getKeys({ start: [userKey, MAX_SEQ], end: [userKey, 0], reverse: true, limit: 1 });
    for (const key of range) return key[1];
    return 0;
  };

  const recordsOf = (userKey: string): UserRecord[] =>
    Array.from(records.getRange({ start: [userKey, 0], end: [userKey, MAX_SEQ] }), ({ value }) => value);

  return {
    async getConversation(conversationKey) {
      return conversations.get(conversationKey);
    },

    async saveConversation(conversationKey: string, doc: ConversationDoc, expectedETag: string | undefined) {
      const eTag = randomUUID();
      const saved = write(() => {
        const current = conversations.get(conversationKey);
        if (current?.eTag !== expectedETag) return false;
        if (current && current.doc.userKey !== doc.userKey) {
          userConversations.removeSync(current.doc.userKey, conversationKey);
        }
        conversations.putSync(conversationKey, { doc, eTag });
        userConversations.putSync(doc.userKey, conversationKey);
        return true;
      });
      if (!saved) throw new ETagConflictError(conversationKey);
      return eTag;
    },

    async listConversations(userKey) {
      return Array.from(userConversations.getValues(userKey));
    },

    async getUser(userKey) {
      return users.get(userKey);
    },

    async saveUser(userKey, profile) {
      write(() => users.putSync(userKey, profile));
    },

    async appendRecord(userKey, input) {
      const at = input.at ?? new Date().toISOString();
      return write(() => {
        const record: UserRecord = { kind: input.kind, at, seq: lastSeq(userKey) + 1, data: input.data };
        records.putSync([userKey, record.seq], record);
        return structuredClone(record);
      });
    },

    async listRecords(userKey: string, kind?: RecordKind) {
      const all = recordsOf(userKey);
      return kind ? all.filter((r) => r.kind === kind) : all;
    },

    async deleteUser(userKey) {
      write(() => {
        for (const conversationKey of Array.from(userConversations.getValues(userKey))) {
          conversations.removeSync(conversationKey);
        }
        userConversations.removeSync(userKey);
        users.removeSync(userKey);
        const keys = Array.from(records.getKeys({ start: [userKey, 0], end: [userKey, MAX_SEQ] }));
        for (const key of keys) records.removeSync(key);
      });
    },

    async close() {
      await env.close();
    },
  };
}
