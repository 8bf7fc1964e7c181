import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import {
  ETagConflictError,
  type ConversationDoc,
  type RecordKind,
  type Store,
  type StoredConversation,
  type UserProfile,
  type UserRecord,
  type Reminder,
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
 * One environment holds named databases: `conversation-docs` (key → snapshot, with an LMDB entry
 * version as its eTag), `user-conversations` (userKey → conversation keys, the index `deleteUser`
 * relies on; it may still name a conversation another user has since taken over, so readers check
 * the owner),
 * `users` (key → profile) and `records` (`[userKey, seq]` → record).
 * Every write is durable once its promise resolves.
 */
export async function createLmdbStore(opts: LmdbStoreOptions): Promise<Store> {
  mkdirSync(opts.path, { recursive: true });
  const env = open({ path: join(opts.path, 'store.mdb') });
  const conversations = env.openDB<ConversationDoc, string>({ name: 'conversation-docs', useVersions: true });
  const userConversations = env.openDB<string, string>({
    name: 'user-conversations',
    dupSort: true,
    encoding: 'ordered-binary',
  });
  const users = env.openDB<UserProfile, string>({ name: 'users' });
  const records = env.openDB<UserRecord, RecordKey>({ name: 'records' });
  // Reminders by [userKey, id] (deleteUser is a range delete), and the unclaimed ones by
  // [dueAt, userKey, id] so a scheduler reads only what is due.
  const reminders = env.openDB<Reminder, [string, string]>({ name: 'reminders' });
  const dueIndex = env.openDB<boolean, [string, string, string]>({ name: 'reminders-due' });

  /*
   * Writes run as async write transactions, except a conversation save (a conditional put, below):
   * LMDB applies both kinds in one queue in call order (so an unawaited saveUser can't outlive a
   * later deleteUser), a check and the write that depends on it can't interleave with another
   * writer, and concurrent turns' commits are batched and flushed off the event loop. A callback
   * must not throw: it returns a result instead, because a throwing callback is not rolled back.
   */
  const write = <T>(action: () => T): Promise<T> => env.transaction(action);

  migrateConversations(env, conversations);

  /** Conversation keys of a user whose stored snapshot still names that user as the owner. */
  const ownedConversations = (userKey: string): string[] =>
    Array.from(userConversations.getValues(userKey)).filter((key) => conversations.get(key)?.userKey === userKey);

  const lastSeq = (userKey: string): number => {
    const range = records.getKeys({ start: [userKey, MAX_SEQ], end: [userKey, 0], reverse: true, limit: 1 });
    for (const key of range) return key[1];
    return 0;
  };

  const recordsOf = (userKey: string): UserRecord[] =>
    Array.from(records.getRange({ start: [userKey, 0], end: [userKey, MAX_SEQ] }), ({ value }) => value);

  return {
    async getConversation(conversationKey) {
      const entry = conversations.getEntry(conversationKey);
      return entry && { doc: entry.value, eTag: String(entry.version) };
    },

    async isCurrent(conversationKey, eTag) {
      const version = Number(eTag);
      return Number.isSafeInteger(version) && conversations.doesExist(conversationKey, version);
    },

    /*
     * A conditional put (LMDB checks the version inside its write transaction, on its own thread),
     * not a transaction callback: a turn's save never waits for the event loop to run a callback
     * inside the writer's lock. The owner index is written under the same condition; a pair left
     * by a former owner is filtered out when read.
     */
    async saveConversation(conversationKey: string, doc: ConversationDoc, expectedETag: string | undefined) {
      const version = newVersion();
      const writeBoth = () => {
        void conversations.put(conversationKey, doc, version);
        void userConversations.put(doc.userKey, conversationKey);
      };
      const expected = expectedETag === undefined ? undefined : Number(expectedETag);
      if (expected !== undefined && !Number.isSafeInteger(expected)) throw new ETagConflictError(conversationKey);
      const saved = await (expected === undefined
        ? conversations.ifNoExists(conversationKey, writeBoth)
        : conversations.ifVersion(conversationKey, expected, writeBoth));
      if (!saved) throw new ETagConflictError(conversationKey);
      return String(version);
    },

    async listConversations(userKey) {
      return ownedConversations(userKey);
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
        for (const conversationKey of ownedConversations(userKey)) conversations.remove(conversationKey);
        userConversations.remove(userKey);
        users.remove(userKey);
        const keys = Array.from(records.getKeys({ start: [userKey, 0], end: [userKey, MAX_SEQ] }));
        for (const key of keys) records.remove(key);
        for (const { key, value } of Array.from(reminders.getRange({ start: [userKey, ''], end: [userKey, '\uffff'] }))) {
          if (!value.claimedAt) dueIndex.remove([value.dueAt, userKey, key[1]]);
          reminders.remove(key);
        }
      });
    },

    async addReminder(input) {
      const reminder: Reminder = { ...input, id: randomUUID(), createdAt: new Date().toISOString(), attempts: 0 };
      await write(() => {
        reminders.put([input.userKey, reminder.id], reminder);
        dueIndex.put([input.dueAt, input.userKey, reminder.id], true);
      });
      return reminder;
    },

    async claimDueReminders(now, limit) {
      const claimedAt = now.toISOString();
      return write(() => {
        const claimed: Reminder[] = [];
        for (const key of Array.from(dueIndex.getKeys({ end: [claimedAt, '\uffff', '\uffff'], limit }))) {
          const r = reminders.get([key[1], key[2]]);
          dueIndex.remove(key);
          if (!r || r.claimedAt) continue;
          const next = { ...r, claimedAt, attempts: r.attempts + 1 };
          reminders.put([key[1], key[2]], next);
          claimed.push(next);
        }
        return claimed;
      });
    },

    async releaseReminder(reminder, retryAt) {
      await write(() => {
        const r = reminders.get([reminder.userKey, reminder.id]);
        if (!r) return;
        const { claimedAt: _claimed, ...rest } = r;
        reminders.put([reminder.userKey, reminder.id], { ...rest, dueAt: retryAt });
        dueIndex.put([retryAt, reminder.userKey, reminder.id], true);
      });
    },

    async listReminders(userKey) {
      return Array.from(reminders.getRange({ start: [userKey, ''], end: [userKey, '\uffff'] }), ({ value }) => value);
    },

    async close() {
      await env.close();
    },
  };
}

/**
 * A new entry version (the conversation's eTag): random, so a conversation deleted and started
 * again never gets back a version an earlier reader still holds.
 */
function newVersion(): number {
  return randomInt(1, 2 ** 48);
}

/**
 * Stores written before conversations carried LMDB versions kept `{ doc, eTag }` in `conversations`;
 * those move, once, to the versioned database (a conversation in progress goes on after an upgrade).
 */
function migrateConversations(env: RootDatabase, target: Database<ConversationDoc, string>): void {
  const legacy = env.openDB<StoredConversation, string>({ name: 'conversations' });
  if (legacy.getCount() === 0) return;
  env.transactionSync(() => {
    for (const { key, value } of legacy.getRange()) {
      if (!target.doesExist(key) && value?.doc) void target.put(key, value.doc, newVersion());
    }
    legacy.clearSync();
  });
}
