import { randomInt, randomUUID } from 'node:crypto';
import type { Database, RootDatabase } from 'lmdb';
import { activityDay } from './activity.js';
import type { Databases } from './lmdb.schema.js';
import type { ConversationDoc, StoredConversation } from './store.js';

/** `meta` flag: the activity of users stored before activity was kept has been worked out. */
const ACTIVITY_KEPT = 'activity-v1';
/** `meta` flag: users stored before generations were kept have one. */
const GENERATIONS_KEPT = 'generations-v1';
/** `meta` flag: the expiry index of message marks that earlier versions kept is gone. */
const NO_EXPIRY_INDEX = 'message-expiry-dropped-v1';

/** One-time upgrades of data written by earlier versions; each is a no-op once done. */
export function upgradeStore(env: RootDatabase, db: Databases): void {
  migrateConversations(env, db.conversations);
  backfillActivity(env, db);
  backfillGenerations(env, db);
  dropExpiryIndex(env, db);
}

/**
 * Earlier versions kept an index of message marks by expiry beside them; the sweep now scans the
 * marks, which stay where they are until they expire.
 */
function dropExpiryIndex(env: RootDatabase, db: Databases): void {
  if (db.meta.get(NO_EXPIRY_INDEX)) return;
  const expiryIndex = env.openDB<boolean, [number, string]>({ name: 'message-expiry' });
  env.transactionSync(() => {
    expiryIndex.dropSync();
    void db.meta.put(NO_EXPIRY_INDEX, true);
  });
}

/** A new user generation (see `Store.getUserGeneration`). */
export function newGeneration(): string {
  return randomUUID();
}

/** Every user with data (every user with an activity day) gets a generation. */
function backfillGenerations(env: RootDatabase, db: Databases): void {
  if (db.meta.get(GENERATIONS_KEPT)) return;
  env.transactionSync(() => {
    for (const userKey of db.activity.getKeys())
      if (!db.generations.doesExist(userKey)) void db.generations.put(userKey, newGeneration());
    void db.meta.put(GENERATIONS_KEPT, true);
  });
}

/**
 * A new entry version (the conversation's eTag): random, so a conversation deleted and started
 * again never gets back a version an earlier reader still holds.
 */
export function newVersion(): number {
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
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- rows written by older versions are not guaranteed to have this shape
      if (!target.doesExist(key) && value?.doc) void target.put(key, value.doc, newVersion());
    }
    legacy.clearSync();
  });
}

/**
 * Users stored before the store kept activity get the day of their latest profile, conversation
 * or record write, so the retention sweep finds them too.
 */
function backfillActivity(env: RootDatabase, db: Databases): void {
  if (db.meta.get(ACTIVITY_KEPT)) return;
  env.transactionSync(() => {
    const days = new Map<string, string>();
    const seen = (userKey: string, at: string | undefined) => {
      const day = activityDay(at, () => new Date());
      const last = days.get(userKey) ?? db.activity.get(userKey);
      if (last === undefined || last < day) days.set(userKey, day);
    };
    for (const { value } of db.conversations.getRange()) seen(value.userKey, value.updatedAt);
    for (const { key, value } of db.users.getRange()) seen(key, value.updatedAt);
    for (const { key, value } of db.records.getRange()) seen(key[0], value.at);
    for (const [userKey, day] of days) void db.activity.put(userKey, day);
    void db.meta.put(ACTIVITY_KEPT, true);
  });
}
