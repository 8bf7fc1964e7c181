import { randomUUID } from 'node:crypto';
import { activityDay } from './activity.js';
import type { Query } from './postgres.db.js';
import type { ConversationDoc, RecordKind, UserRecord } from './store.js';
import {
  checksOf,
  commitTimes,
  patchProfile,
  recordsAt,
  type CommitRefusal,
  type CommitResult,
  type ForgetCommit,
  type ForgetResult,
  type TurnCommit,
} from './turn.js';

/*
 * The SQL of a user's writes. Every write of a user first locks the user's `user_activity` row
 * (creating it with a new generation when the user has none), so a user's writes, a commit's
 * checks and `deleteUser` serialize across instances, and records get consecutive seqs.
 */

/** The day (YYYY-MM-DD) of the latest of `times`. */
function latestDay(times: readonly (string | undefined)[]): string {
  return times.map((t) => activityDay(t, () => new Date())).reduce((a, b) => (a > b ? a : b));
}

/** Locks the user's row until the transaction ends, moving their activity day forward; returns their generation. */
export async function lockUser(q: Query, userKey: string, day: string): Promise<string> {
  const [row] = await q<{ generation: string }>(
    `INSERT INTO user_activity (user_key, day, generation) VALUES ($1, $2, $3)
     ON CONFLICT (user_key) DO UPDATE SET day = GREATEST(user_activity.day, EXCLUDED.day)
     RETURNING generation`,
    [userKey, day, randomUUID()],
  );
  return row!.generation;
}

/**
 * Removes everything of the user. The activity row goes first: its delete waits for a turn of
 * the user holding the row, and the statements after it see what that turn wrote.
 */
export async function removeUser(q: Query, userKey: string): Promise<void> {
  await q('DELETE FROM user_activity WHERE user_key = $1', [userKey]);
  await q('DELETE FROM conversations WHERE user_key = $1', [userKey]);
  await q('DELETE FROM user_profiles WHERE user_key = $1', [userKey]);
  await q('DELETE FROM user_records WHERE user_key = $1', [userKey]);
  await q('DELETE FROM reminders WHERE user_key = $1', [userKey]);
}

/** A version (eTag) the sequence never gives, for an eTag that is not a number. */
const NO_VERSION = '-1';

/**
 * Writes the snapshot if the stored version is `expectedETag` (`undefined`: none stored);
 * returns the new eTag (digits), or why not: `'conflict'` or `'deleted'`.
 */
export async function putConversation(
  q: Query,
  key: string,
  doc: ConversationDoc,
  expectedETag: string | undefined,
): Promise<string> {
  const values = [key, doc.userKey, JSON.stringify(doc)];
  const rows =
    expectedETag === undefined
      ? await q<{ version: string }>(
          `INSERT INTO conversations (conversation_key, user_key, doc, version) VALUES ($1, $2, $3::jsonb, nextval('conversation_version'))
           ON CONFLICT (conversation_key) DO NOTHING RETURNING version::text`,
          values,
        )
      : await q<{ version: string }>(
          `UPDATE conversations SET user_key = $2, doc = $3::jsonb, version = nextval('conversation_version')
           WHERE conversation_key = $1 AND version = $4 RETURNING version::text`,
          [...values, /^\d{1,18}$/.test(expectedETag) ? expectedETag : NO_VERSION],
        );
  if (rows[0]) return rows[0].version;
  if (expectedETag === undefined) return 'conflict';
  return (await q('SELECT 1 FROM conversations WHERE conversation_key = $1', [key])).length ? 'conflict' : 'deleted';
}

/** Marks a message id until `expiresAt` unless a mark unexpired at `now` is there; true when marked. */
export async function markMessageId(q: Query, id: string, now: Date, expiresAt: Date): Promise<boolean> {
  const rows = await q(
    `INSERT INTO message_ids (id, expires_at) VALUES ($1, $3) ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at
     WHERE message_ids.expires_at <= $2 RETURNING 1`,
    [id, now.toISOString(), expiresAt.toISOString()],
  );
  return rows.length > 0;
}

interface RecordRow {
  seq: string;
  kind: RecordKind;
  at: string;
  data: Record<string, unknown>;
}

/** A stored record as the store returns it. */
export const toRecord = (r: RecordRow): UserRecord => ({ kind: r.kind, at: r.at, seq: Number(r.seq), data: r.data });

/** Appends records after the user's last seq (the user's row is locked); returns them in order. */
export async function appendRecords(
  q: Query,
  userKey: string,
  records: readonly { kind: RecordKind; data: Record<string, unknown>; at: string }[],
): Promise<UserRecord[]> {
  const rows = await q<RecordRow>(
    `INSERT INTO user_records (user_key, seq, kind, at, data)
     SELECT $1, base.last + e.ord, e.value->>'kind', e.value->>'at', e.value->'data'
     FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, ord),
          (SELECT COALESCE(max(seq), 0) AS last FROM user_records WHERE user_key = $1) AS base
     RETURNING seq::text, kind, at, data`,
    [userKey, JSON.stringify(records)],
  );
  return rows.map(toRecord).sort((a, b) => a.seq - b.seq);
}

/**
 * The checks every commit makes first: marks the activity (a duplicate if already marked), locks
 * the user's row and compares their generation. The caller rolls back unless the commit is `ok`.
 */
async function refuseIn(q: Query, turn: ForgetCommit, day: string): Promise<CommitRefusal | undefined> {
  if (turn.dedup) {
    const { id, alsoKnownAs, expiresAt } = turn.dedup;
    // Instances of the earlier version, sharing this database while an upgrade rolls out, know the
    // activity by its earlier id: it is checked and written too.
    if (alsoKnownAs !== undefined && !(await markMessageId(q, alsoKnownAs, turn.at, expiresAt)))
      return { ok: false, reason: 'duplicate' };
    if (!(await markMessageId(q, id, turn.at, expiresAt))) return { ok: false, reason: 'duplicate' };
  }
  const generation = await lockUser(q, turn.userKey, day);
  if (turn.userGeneration !== undefined && generation !== turn.userGeneration) return { ok: false, reason: 'deleted' };
  return undefined;
}

/** Deletes the user inside a transaction when the checks pass; the caller commits only when `ok`. */
export async function commitForgetIn(q: Query, turn: ForgetCommit): Promise<ForgetResult> {
  const refused = await refuseIn(q, turn, turn.at.toISOString().slice(0, 10));
  if (refused) return refused;
  const [row] = await q<{ version: string }>(
    'SELECT version::text FROM conversations WHERE conversation_key = $1 FOR UPDATE',
    [turn.conversationKey],
  );
  if (row?.version !== turn.expectedETag) return { ok: false, reason: row ? 'conflict' : 'deleted' };
  await removeUser(q, turn.userKey);
  return { ok: true };
}

/** Writes a turn inside a transaction; every check before the writes it guards. The caller commits only when `ok`. */
export async function commitTurnIn(q: Query, turn: TurnCommit): Promise<CommitResult> {
  const { userKey } = turn.doc;
  const at = turn.at.toISOString();
  const refused = await refuseIn(q, checksOf(turn), latestDay(commitTimes(turn)));
  if (refused) return refused;
  const eTag = await putConversation(q, turn.conversationKey, turn.doc, turn.expectedETag);
  if (eTag === 'conflict' || eTag === 'deleted') return { ok: false, reason: eTag };
  if (turn.profile) {
    const patch = patchProfile({ createdAt: at, updatedAt: at }, turn.profile, at);
    const { createdAt: _kept, ...update } = patch;
    await q(
      `INSERT INTO user_profiles (user_key, profile) VALUES ($1, $2::jsonb)
       ON CONFLICT (user_key) DO UPDATE SET profile = user_profiles.profile || $3::jsonb`,
      [userKey, JSON.stringify(patch), JSON.stringify(update)],
    );
  }
  const reminders = (turn.reminders ?? []).map((r) => ({ id: randomUUID(), dueAt: r.dueAt, reference: r.reference }));
  if (reminders.length) {
    await q(
      `INSERT INTO reminders (id, user_key, conversation_key, due_at, reference, created_at)
       SELECT (r->>'id')::uuid, $1, $2, (r->>'dueAt')::timestamptz, r->'reference', $3 FROM jsonb_array_elements($4::jsonb) AS r`,
      [userKey, turn.conversationKey, at, JSON.stringify(reminders)],
    );
  }
  const records = recordsAt(turn);
  return { ok: true, eTag, records: records.length ? await appendRecords(q, userKey, records) : [] };
}
