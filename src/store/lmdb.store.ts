import { isIdleSince } from './activity.js';
import { openLmdbEnvironment } from './lmdb.environment.js';
import type { Databases, RecordKey } from './lmdb.schema.js';
import { expiredBy, markMessageId, messageMark } from './lmdb.marks.js';
import { commitTurnIn, lastSeq, MAX_SEQ, putReminder, refuseIn, touch } from './lmdb.turn.js';
import { newVersion, upgradeStore } from './lmdb.upgrades.js';
import {
  ETagConflictError,
  type ConversationDoc,
  type RecordKind,
  type Reminder,
  type Store,
  type UserRecord,
} from './store.js';

/** Deletes close together (a retention sweep, several `forget me`s) share one rewrite. */
const DEFAULT_REWRITE_DELAY_MS = 10_000;
/** Marks read per page of the daily sweep, and removed per write transaction. */
const EXPIRY_BATCH = 1_000;

/** Options of {@link createLmdbStore}. */
export interface LmdbStoreOptions {
  /** Directory holding the database files; created if missing. */
  path: string;
  /** STORE_ENCRYPTION_KEY (≥ 32 characters); without it the file is not encrypted. */
  encryptionKey?: string;
  /** How long after a delete the file is rewritten (default 10 s). */
  rewriteDelayMs?: number;
  /** Told when a rewrite after a delete failed; it is owed and tried again later. */
  onRewriteError?: (err: Error) => void;
}

/** The LMDB store, with its rewrite exposed for tests and tools. */
export interface LmdbStore extends Store {
  /** Copies the live data into a new file that replaces the old one (see lmdb.environment.ts). */
  compact(): Promise<void>;
}

const now = () => new Date();

/**
 * Opens (or creates) an LMDB-backed {@link Store} in `opts.path`.
 *
 * One environment holds named databases (lmdb.schema.ts): `conversation-docs` (key → snapshot,
 * with an LMDB entry version as its eTag), `user-conversations` (userKey → conversation keys, the
 * index `deleteUser` relies on; it may still name a conversation another user has since taken
 * over, so readers check the owner), `users`, `records` (`[userKey, seq]` → record), reminders,
 * the users' activity days and remembered message ids. Every write is durable once its promise
 * resolves.
 *
 * **At rest.** With `encryptionKey` every page is encrypted (lmdb's ChaCha8, with a 32-byte key
 * derived from the secret); a wrong or missing key stops the start with a clear error, and a plain
 * store is encrypted, once, when a key is first set (lmdb.files.ts). LMDB keeps deleted data in
 * freed pages, so after `deleteUser` (and the retention sweep) the file is rewritten with only the
 * live entries, values and keys alike: nothing of a deleted user is left in the files, with or
 * without a key (lmdb.environment.ts).
 */
export async function createLmdbStore(opts: LmdbStoreOptions): Promise<LmdbStore> {
  const lm = await openLmdbEnvironment({
    dir: opts.path,
    ...(opts.encryptionKey !== undefined && { encryptionKey: opts.encryptionKey }),
    rewriteDelayMs: opts.rewriteDelayMs ?? DEFAULT_REWRITE_DELAY_MS,
    onRewriteError: opts.onRewriteError ?? (() => undefined),
    upgrade: upgradeStore,
  });

  /*
   * Writes run as async write transactions, except a conversation save (a conditional put, below):
   * LMDB applies both kinds in one queue in call order (so an unawaited saveUser can't outlive a
   * later deleteUser), a check and the write that depends on it can't interleave with another
   * writer, and concurrent turns' commits are batched and flushed off the event loop. A callback
   * must not throw: it returns a result instead, because a throwing callback is not rolled back.
   * Every op starts through `lm.run`, which holds it while a rewrite swaps the file.
   */
  const write = <T>(action: (db: Databases) => T): Promise<T> =>
    lm.run(async () => {
      const { env, db } = lm.current();
      return env.transaction(() => action(db));
    });
  const read = <T>(action: (db: Databases) => T): Promise<T> => lm.run(async () => action(lm.current().db));
  // A second close (a health check's owner and a test's cleanup both closing) waits for the first.
  let closing: Promise<void> | undefined;

  return {
    commitTurn: (turn) => {
      const version = newVersion();
      return write((db) => commitTurnIn(db, turn, version));
    },

    commitForget: (turn) =>
      write((db) => {
        const refused = refuseIn(db, turn);
        if (refused) return refused;
        if (removeUser(db, turn.userKey)) lm.markDeleted();
        if (turn.dedup) markMessageId(db, turn.dedup.id, turn.at.getTime(), turn.dedup.expiresAt.getTime());
        return { ok: true } as const;
      }),

    // A read of one key: it fails once the store is closed or its file can't be read.
    ping: () => read((db) => void db.meta.get('ping')),

    getUserGeneration: (userKey) => read((db) => db.generations.get(userKey)),

    getConversation: (conversationKey) =>
      read((db) => {
        const entry = db.conversations.getEntry(conversationKey);
        return entry && { doc: entry.value, eTag: String(entry.version) };
      }),

    isCurrent: (conversationKey, eTag) =>
      read((db) => {
        const version = Number(eTag);
        return Number.isSafeInteger(version) && db.conversations.doesExist(conversationKey, version);
      }),

    /*
     * A conditional put (LMDB checks the version inside its write transaction, on its own thread),
     * not a transaction callback: a turn's save never waits for the event loop to run a callback
     * inside the writer's lock. The owner index and the owner's activity are written under the
     * same condition; a pair left by a former owner is filtered out when read.
     */
    saveConversation: (conversationKey: string, doc: ConversationDoc, expectedETag: string | undefined) =>
      lm.run(async () => {
        const { db } = lm.current();
        const version = newVersion();
        const writeAll = () => {
          void db.conversations.put(conversationKey, doc, version);
          void db.userConversations.put(doc.userKey, conversationKey);
          touch(db, doc.userKey, doc.updatedAt);
        };
        const expected = expectedETag === undefined ? undefined : Number(expectedETag);
        if (expected !== undefined && !Number.isSafeInteger(expected)) throw new ETagConflictError(conversationKey);
        const saved = await (expected === undefined
          ? db.conversations.ifNoExists(conversationKey, writeAll)
          : db.conversations.ifVersion(conversationKey, expected, writeAll));
        if (!saved) throw new ETagConflictError(conversationKey);
        return String(version);
      }),

    listConversations: (userKey) => read((db) => ownedConversations(db, userKey)),

    getUser: (userKey) => read((db) => db.users.get(userKey)),

    saveUser: (userKey, profile) =>
      write((db) => {
        void db.users.put(userKey, profile);
        touch(db, userKey, profile.updatedAt);
      }),

    appendRecord: (userKey, input) => {
      const at = input.at ?? now().toISOString();
      return write((db) => {
        const record: UserRecord = { kind: input.kind, at, seq: lastSeq(db, userKey) + 1, data: input.data };
        void db.records.put([userKey, record.seq], record);
        touch(db, userKey, at);
        return structuredClone(record);
      });
    },

    listRecords: (userKey: string, kind?: RecordKind) =>
      read((db) => {
        const all = Array.from(
          db.records.getRange({ start: [userKey, 0], end: [userKey, MAX_SEQ] }),
          ({ value }) => value,
        );
        return kind ? all.filter((r) => r.kind === kind) : all;
      }),

    deleteUser: (userKey) =>
      write((db) => {
        if (removeUser(db, userKey)) lm.markDeleted();
      }),

    listIdleUsers: (idleBefore, limit) =>
      read((db) => {
        const idle: string[] = [];
        for (const { key, value } of db.activity.getRange()) {
          if (idle.length >= limit) break;
          if (isIdleSince(value, idleBefore)) idle.push(key);
        }
        return idle;
      }),

    deleteIdleUser: (userKey, idleBefore) =>
      write((db) => {
        const day = db.activity.get(userKey);
        if (day === undefined || !isIdleSince(day, idleBefore)) return false;
        removeUser(db, userKey);
        lm.markDeleted();
        return true;
      }),

    claimMessageId: (id, at, expiresAt) =>
      write((db) => {
        const expires = messageMark(db, id);
        if (expires !== undefined && expires > at.getTime()) return false;
        markMessageId(db, id, at.getTime(), expiresAt.getTime());
        return true;
      }),

    hasMessageId: (id, at) =>
      read((db) => {
        const expires = messageMark(db, id);
        return expires !== undefined && expires > at.getTime();
      }),

    // A scan of every mark, once a day (the retention sweep): an index by expiry would double what the
    // marks hold for a lookup that runs once a day. The scan reads a page at a time and the removals go
    // in batches, each its own short transaction, so no turn waits long behind it. Counts entries: a
    // conversation's marks are one.
    deleteExpiredMessageIds: async (at) => {
      const cutoff = at.getTime();
      let deleted = 0;
      let after: string | undefined;
      for (;;) {
        const page = await read((db) => {
          const keys: string[] = [];
          let last: string | undefined;
          let seen = 0;
          for (const { key, value } of db.messageIds.getRange(after === undefined ? {} : { start: after })) {
            if (key === after) continue;
            last = key;
            if (expiredBy(value, cutoff)) keys.push(key);
            if (++seen >= EXPIRY_BATCH) break;
          }
          return { keys, last };
        });
        deleted += await write((db) => {
          let n = 0;
          for (const key of page.keys) {
            const value = db.messageIds.get(key);
            if (value === undefined || !expiredBy(value, cutoff)) continue; // marked again since the scan
            void db.messageIds.remove(key);
            n++;
          }
          return n;
        });
        if (page.last === undefined) return deleted;
        after = page.last;
      }
    },

    addReminder: (input) => {
      const createdAt = now().toISOString();
      return write((db) => putReminder(db, input, createdAt));
    },

    claimDueReminders: (at, limit) => {
      const claimedAt = at.toISOString();
      return write((db) => {
        const claimed: Reminder[] = [];
        for (const key of Array.from(db.dueIndex.getKeys({ end: [claimedAt, '\uffff', '\uffff'], limit }))) {
          const r = db.reminders.get([key[1], key[2]]);
          void db.dueIndex.remove(key);
          if (!r || r.claimedAt) continue;
          const next = { ...r, claimedAt, attempts: r.attempts + 1 };
          void db.reminders.put([key[1], key[2]], next);
          claimed.push(next);
        }
        return claimed;
      });
    },

    releaseReminder: (reminder, retryAt) =>
      write((db) => {
        const r = db.reminders.get([reminder.userKey, reminder.id]);
        if (!r) return;
        const { claimedAt: _claimed, ...rest } = r;
        void db.reminders.put([reminder.userKey, reminder.id], { ...rest, dueAt: retryAt });
        void db.dueIndex.put([retryAt, reminder.userKey, reminder.id], true);
      }),

    listReminders: (userKey) => read((db) => Array.from(remindersOf(db, userKey), ({ value }) => value)),

    compact: () => lm.rewrite(),

    close: () => (closing ??= lm.close()),
  };
}

/**
 * Conversation keys of a user whose stored snapshot still names that user as the owner. A range
 * over the one key, not `getValues`: lmdb-js's `getValues` on a dupSort database can decode
 * garbage inside a write transaction once a sync transaction has run (ordered-binary BigInt error).
 */
function ownedConversations(db: Databases, userKey: string): string[] {
  return indexedConversations(db, userKey).filter((key) => db.conversations.get(key)?.userKey === userKey);
}

/** Every conversation key the owner index holds for the user, owned still or not. */
function indexedConversations(db: Databases, userKey: string): string[] {
  const pairs = db.userConversations.getRange({ start: userKey, end: `${userKey}\u0000` });
  return Array.from(pairs).flatMap(({ key, value }) => (key === userKey ? [value] : []));
}

function remindersOf(db: Databases, userKey: string) {
  return db.reminders.getRange({ start: [userKey, ''], end: [userKey, '\uffff'] });
}

/** Removes everything of the user (inside a write transaction); true when there was anything. */
function removeUser(db: Databases, userKey: string): boolean {
  const indexed = indexedConversations(db, userKey);
  const conversations = indexed.filter((key) => db.conversations.get(key)?.userKey === userKey);
  const records: RecordKey[] = Array.from(db.records.getKeys({ start: [userKey, 0], end: [userKey, MAX_SEQ] }));
  const reminders = Array.from(remindersOf(db, userKey));
  const found =
    indexed.length > 0 ||
    records.length > 0 ||
    reminders.length > 0 ||
    db.users.doesExist(userKey) ||
    db.activity.doesExist(userKey);
  for (const conversationKey of conversations) void db.conversations.remove(conversationKey);
  void db.userConversations.remove(userKey);
  void db.users.remove(userKey);
  for (const key of records) void db.records.remove(key);
  for (const { key, value } of reminders) {
    if (!value.claimedAt) void db.dueIndex.remove([value.dueAt, userKey, key[1]]);
    void db.reminders.remove(key);
  }
  void db.activity.remove(userKey);
  void db.generations.remove(userKey);
  return found;
}
