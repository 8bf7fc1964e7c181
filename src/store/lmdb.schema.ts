import type { Database, RootDatabase } from 'lmdb';
import type { ConversationDoc, Reminder, UserProfile, UserRecord } from './store.js';

/** Key of one record: ordered by user, then by append sequence. */
export type RecordKey = [userKey: string, seq: number];

/** The named databases of the LMDB store. */
export interface Databases {
  /** conversation key → snapshot; the LMDB entry version is the eTag. */
  conversations: Database<ConversationDoc, string>;
  /** userKey → conversation keys (dupSort), the index `deleteUser` relies on. */
  userConversations: Database<string, string>;
  users: Database<UserProfile, string>;
  records: Database<UserRecord, RecordKey>;
  /** [userKey, id] → reminder (`deleteUser` is a range delete). */
  reminders: Database<Reminder, [string, string]>;
  /** [dueAt, userKey, id] of unclaimed reminders, so a scheduler reads only what is due. */
  dueIndex: Database<boolean, [string, string, string]>;
  /** userKey → day (YYYY-MM-DD) of the user's last activity. */
  activity: Database<string, string>;
  /** userKey → generation (random), while the user has data: a turn's commit checks it. */
  generations: Database<string, string>;
  /** message id → when its mark expires (epoch ms); a conversation's turn marks → its packed marks (lmdb.marks.ts). */
  messageIds: Database<number | Uint8Array, string>;
  /** The store's own flags (a compaction owed, one-time upgrades done). */
  meta: Database<boolean, string>;
}

/**
 * Every named database with the LMDB flags it is opened with. A copy of the store (compaction,
 * encryption of a plain store) walks this table, so a database missing here would be lost.
 */
const SCHEMA: Record<
  keyof Databases,
  { name: string; dupSort?: true; useVersions?: true; encoding?: 'ordered-binary' }
> = {
  conversations: { name: 'conversation-docs', useVersions: true },
  userConversations: { name: 'user-conversations', dupSort: true, encoding: 'ordered-binary' },
  users: { name: 'users' },
  records: { name: 'records' },
  reminders: { name: 'reminders' },
  dueIndex: { name: 'reminders-due' },
  activity: { name: 'user-activity' },
  generations: { name: 'user-generations' },
  messageIds: { name: 'message-ids' },
  meta: { name: 'meta' },
};

/** Named databases an environment may hold: the schema, the legacy `conversations`, and room to grow. */
export const MAX_DBS = 20;

/** Opens (creating when missing) every database of the schema in `env`. */
export function openDatabases(env: RootDatabase): Databases {
  const open = <V, K extends string | (string | number)[]>(key: keyof Databases): Database<V, K> =>
    env.openDB<V, K>(SCHEMA[key]);
  return {
    conversations: open('conversations'),
    userConversations: open('userConversations'),
    users: open('users'),
    records: open('records'),
    reminders: open('reminders'),
    dueIndex: open('dueIndex'),
    activity: open('activity'),
    generations: open('generations'),
    messageIds: open('messageIds'),
    meta: open('meta'),
  };
}

/**
 * Copies every live entry of every schema database from `from` into the empty `to`, byte for
 * byte (keys, values, entry versions, msgpack's shared structures), in one transaction of `to`.
 * Only live entries are read, so nothing deleted or overwritten in `from` reaches `to`, neither
 * in a value nor in a key, and `to` is written with its own encryption key (or none).
 */
export function copyDatabases(from: RootDatabase, to: RootDatabase): void {
  const raw = { encoding: 'binary', keyEncoding: 'binary' } as const;
  to.transactionSync(() => {
    for (const { name, dupSort, useVersions } of Object.values(SCHEMA)) {
      const options = { name, ...raw, ...(dupSort && { dupSort }), ...(useVersions && { useVersions }) };
      const source = from.openDB<Buffer, Buffer>(options);
      const target = to.openDB<Buffer, Buffer>(options);
      for (const { key, value, version } of source.getRange({ versions: useVersions === true })) {
        void (version === undefined ? target.put(key, value) : target.put(key, value, version));
      }
    }
  });
}
