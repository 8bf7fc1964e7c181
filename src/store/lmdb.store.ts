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
   * Every write, even a plain put, runs in an async write transaction: LMDB applies them one at
   * a time in call order (so an unawaited saveUser can't outlive a later deleteUser), a check and
   * the write that depends on it can't interleave with another writer, and concurrent turns'
   * commits are batched and flushed off the event loop. The callback must not throw: it returns
   * a result instead, because a throwing callback is not rolled back.
   */
  const write = <T>(action: () => T): Promise<T> => env.transaction(action);

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
      const saved = await write(() => {
        const current = conversations.get(conversationKey);
        if (current?.eTag !== expectedETag) return false;
        if (current && current.doc.userKey !== doc.userKey) {
          userConversations.remove(current.doc.userKey, conversationKey);
        }
        conversations.put(conversationKey, { doc, eTag });
        userConversations.put(doc.userKey, conversationKey);
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
      await write(() => users.put(userKey, profile));
    },

    async appendRecord(userKey, input) {
      const at = input.at ?? new Date().toISOString();
      return write(() => {
        const record: UserRecord = { kind: input.kind, at, seq: lastSeq(userKey) + 1, data: input.data };
        records.put([userKey, record.seq], record);
        return structuredClone(record);
      });
    },

    async listRecords(userKey: string, kind?: RecordKind) {
      const all = recordsOf(userKey);
      return kind ? all.filter((r) => r.kind === kind) : all;
    },

    async deleteUser(userKey) {
      await write(() => {
        for (const conversationKey of Array.from(userConversations.getValues(userKey))) {
          conversations.remove(conversationKey);
        }
        userConversations.remove(userKey);
        users.remove(userKey);
        const keys = Array.from(records.getKeys({ start: [userKey, 0], end: [userKey, MAX_SEQ] }));
        for (const key of keys) records.remove(key);
      });
    },

    async close() {
      await env.close();
    },
  };
}
