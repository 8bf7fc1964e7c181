import { randomUUID } from 'node:crypto';
import { activityDay, isIdleSince } from './activity.js';
import { openPostgres, type PostgresOptions } from './postgres.db.js';
import {
  appendRecords,
  commitForgetIn,
  commitTurnIn,
  lockUser,
  markMessageId,
  putConversation,
  removeUser,
  toRecord,
} from './postgres.turn.js';
import {
  ETagConflictError,
  type ConversationDoc,
  type RecordKind,
  type Reminder,
  type Store,
  type UserProfile,
} from './store.js';

interface ReminderRow {
  id: string;
  user_key: string;
  conversation_key: string;
  due_at: Date;
  reference: unknown;
  created_at: Date;
  claimed_at: Date | null;
  attempts: number;
}

const toReminder = (r: ReminderRow): Reminder => ({
  id: r.id,
  userKey: r.user_key,
  conversationKey: r.conversation_key,
  dueAt: r.due_at.toISOString(),
  reference: r.reference ?? undefined,
  createdAt: r.created_at.toISOString(),
  ...(r.claimed_at && { claimedAt: r.claimed_at.toISOString() }),
  attempts: r.attempts,
});

/**
 * Runs the writes of one user in call order within this process (each after the previous one
 * settled), as LMDB's single write queue does: an unawaited `saveUser` can't outlive a later
 * `deleteUser` by landing on another connection first. Across instances the user's row lock
 * orders them.
 */
function createUserQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(userKey: string, op: () => Promise<T>): Promise<T> => {
    const previous = tails.get(userKey);
    const run = previous ? previous.then(op) : op();
    const tail = run.catch(() => undefined);
    tails.set(userKey, tail);
    void tail.then(() => tails.get(userKey) === tail && tails.delete(userKey));
    return run;
  };
}

/**
 * Opens a {@link Store} on PostgreSQL (`pg`), for several bot instances on one database.
 *
 * Tables (postgres.migrations.ts, applied at open under an advisory lock): `conversations` with
 * a `version` from a sequence as the eTag, `user_profiles`, append-only `user_records`,
 * `reminders` (claimed with `FOR UPDATE SKIP LOCKED`, so instances never send one twice),
 * `user_activity` (retention day and generation; the row each write of a user locks first) and
 * `message_ids` (channel retries and activities handled, with their expiry). A turn's commit and
 * `deleteUser` are each one transaction. Failures reject with a `StoreQueryError` naming only the
 * error code; a transaction that fails writes nothing.
 */
export async function createPostgresStore(opts: PostgresOptions): Promise<Store> {
  const db = await openPostgres(opts);
  const ofUser = createUserQueue();
  const now = () => new Date();
  // pg's pool refuses a second end(): a second close waits for the first.
  let closing: Promise<void> | undefined;

  return {
    commitTurn: (turn) =>
      ofUser(turn.doc.userKey, () =>
        db.transaction(
          (q) => commitTurnIn(q, turn),
          (r) => r.ok,
        ),
      ),

    commitForget: (turn) =>
      ofUser(turn.userKey, () =>
        db.transaction(
          (q) => commitForgetIn(q, turn),
          (r) => r.ok,
        ),
      ),

    ping: async () => {
      await db.query('SELECT 1');
    },

    getUserGeneration: async (userKey) =>
      (await db.query<{ generation: string }>('SELECT generation FROM user_activity WHERE user_key = $1', [userKey]))[0]
        ?.generation,

    getConversation: async (conversationKey) => {
      const [row] = await db.query<{ doc: ConversationDoc; version: string }>(
        'SELECT doc, version::text FROM conversations WHERE conversation_key = $1',
        [conversationKey],
      );
      return row && { doc: row.doc, eTag: row.version };
    },

    isCurrent: async (conversationKey, eTag) =>
      /^\d{1,18}$/.test(eTag) &&
      (
        await db.query('SELECT 1 FROM conversations WHERE conversation_key = $1 AND version = $2', [
          conversationKey,
          eTag,
        ])
      ).length > 0,

    saveConversation: async (conversationKey: string, doc: ConversationDoc, expectedETag: string | undefined) => {
      const saved = await ofUser(doc.userKey, () =>
        db.transaction(
          async (q) => {
            await lockUser(q, doc.userKey, activityDay(doc.updatedAt, now));
            return putConversation(q, conversationKey, doc, expectedETag);
          },
          (r) => r !== 'conflict' && r !== 'deleted',
        ),
      );
      if (saved === 'conflict' || saved === 'deleted') throw new ETagConflictError(conversationKey);
      return saved;
    },

    listConversations: async (userKey) =>
      (
        await db.query<{ key: string }>('SELECT conversation_key AS key FROM conversations WHERE user_key = $1', [
          userKey,
        ])
      ).map((r) => r.key),

    getUser: async (userKey) =>
      (await db.query<{ profile: UserProfile }>('SELECT profile FROM user_profiles WHERE user_key = $1', [userKey]))[0]
        ?.profile,

    saveUser: (userKey, profile) =>
      ofUser(userKey, () =>
        db.transaction(async (q) => {
          await lockUser(q, userKey, activityDay(profile.updatedAt, now));
          await q(
            `INSERT INTO user_profiles (user_key, profile) VALUES ($1, $2::jsonb)
             ON CONFLICT (user_key) DO UPDATE SET profile = EXCLUDED.profile`,
            [userKey, JSON.stringify(profile)],
          );
        }),
      ),

    appendRecord: (userKey, input) => {
      const record = { kind: input.kind, data: input.data, at: input.at ?? now().toISOString() };
      return ofUser(userKey, () =>
        db.transaction(async (q) => {
          await lockUser(q, userKey, activityDay(record.at, now));
          const [appended] = await appendRecords(q, userKey, [record]);
          return appended!;
        }),
      );
    },

    listRecords: async (userKey: string, kind?: RecordKind) =>
      (
        await db.query<Parameters<typeof toRecord>[0]>(
          'SELECT seq::text, kind, at, data FROM user_records WHERE user_key = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY user_records.seq',
          [userKey, kind ?? null],
        )
      ).map(toRecord),

    addReminder: (input) =>
      ofUser(input.userKey, async () => {
        const [row] = await db.query<ReminderRow>(
          `INSERT INTO reminders (id, user_key, conversation_key, due_at, reference, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING *`,
          [
            randomUUID(),
            input.userKey,
            input.conversationKey,
            input.dueAt,
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify(undefined) is undefined, whatever its type says
            JSON.stringify(input.reference) ?? null,
            now().toISOString(),
          ],
        );
        return toReminder(row!);
      }),

    claimDueReminders: async (at, limit) =>
      (
        await db.query<ReminderRow>(
          `WITH due AS (
             SELECT id FROM reminders WHERE claimed_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
           )
           UPDATE reminders r SET claimed_at = $1, attempts = r.attempts + 1 FROM due WHERE r.id = due.id RETURNING r.*`,
          [at.toISOString(), limit],
        )
      )
        .map(toReminder)
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt)),

    releaseReminder: async (reminder, retryAt) => {
      await db.query('UPDATE reminders SET claimed_at = NULL, due_at = $2 WHERE id = $1', [reminder.id, retryAt]);
    },

    listReminders: async (userKey) =>
      (
        await db.query<ReminderRow>('SELECT * FROM reminders WHERE user_key = $1 ORDER BY created_at, id', [userKey])
      ).map(toReminder),

    deleteUser: (userKey) => ofUser(userKey, () => db.transaction((q) => removeUser(q, userKey))),

    listIdleUsers: async (idleBefore, limit) =>
      (
        await db.query<{ user_key: string }>(
          'SELECT user_key FROM user_activity WHERE day < $1 ORDER BY day, user_key LIMIT $2',
          [idleBefore.toISOString().slice(0, 10), limit],
        )
      ).map((r) => r.user_key),

    deleteIdleUser: (userKey, idleBefore) =>
      ofUser(userKey, () =>
        db.transaction(async (q) => {
          const [row] = await q<{ day: string }>('SELECT day FROM user_activity WHERE user_key = $1 FOR UPDATE', [
            userKey,
          ]);
          if (!row || !isIdleSince(row.day, idleBefore)) return false;
          await removeUser(q, userKey);
          return true;
        }),
      ),

    claimMessageId: (id, at, expiresAt) => markMessageId(db.query, id, at, expiresAt),

    hasMessageId: async (id, at) =>
      (await db.query('SELECT 1 FROM message_ids WHERE id = $1 AND expires_at > $2', [id, at.toISOString()])).length >
      0,

    deleteExpiredMessageIds: async (at) =>
      (
        await db.query<{ n: number }>(
          'WITH d AS (DELETE FROM message_ids WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
          [at.toISOString()],
        )
      )[0]!.n,

    close: () => (closing ??= db.close()),
  };
}
