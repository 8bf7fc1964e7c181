import { randomUUID } from 'node:crypto';
import { getLastVersion } from 'lmdb';
import { activityDay } from './activity.js';
import { markMessageId, messageMark } from './lmdb.marks.js';
import type { Databases } from './lmdb.schema.js';
import { newGeneration } from './lmdb.upgrades.js';
import type { Reminder, UserRecord } from './store.js';
import {
  checksOf,
  commitTimes,
  patchProfile,
  recordsAt,
  type CommitRefusal,
  type CommitResult,
  type ForgetCommit,
  type TurnCommit,
} from './turn.js';

/** Records have seq >= 1, so `[userKey, 0]` .. `[userKey, MAX_SEQ]` spans exactly one user. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** The seq of the user's last record (0 when none). */
export function lastSeq(db: Databases, userKey: string): number {
  for (const key of db.records.getKeys({ start: [userKey, MAX_SEQ], end: [userKey, 0], reverse: true, limit: 1 }))
    return key[1];
  return 0;
}

/** Moves the user's activity day forward to the day of `at` (never back); a user with data has a generation. */
export function touch(db: Databases, userKey: string, at: string | undefined): void {
  const day = activityDay(at, () => new Date());
  const last = db.activity.get(userKey);
  if (last === undefined || last < day) void db.activity.put(userKey, day);
  if (!db.generations.doesExist(userKey)) void db.generations.put(userKey, newGeneration());
}

/** Stores a new reminder and its due entry (inside a write transaction). */
export function putReminder(
  db: Databases,
  input: Pick<Reminder, 'userKey' | 'conversationKey' | 'dueAt' | 'reference'>,
  createdAt: string,
): Reminder {
  const reminder: Reminder = { ...input, id: randomUUID(), createdAt, attempts: 0 };
  void db.reminders.put([input.userKey, reminder.id], reminder);
  void db.dueIndex.put([input.dueAt, input.userKey, reminder.id], true);
  return reminder;
}

/** Why the turn may not be written, checked inside the transaction before anything is written. */
export function refuseIn(db: Databases, turn: ForgetCommit): CommitRefusal | undefined {
  const marked = (id: string | undefined): boolean =>
    id !== undefined && (messageMark(db, id) ?? 0) > turn.at.getTime();
  if (turn.dedup && (marked(turn.dedup.id) || marked(turn.dedup.alsoKnownAs)))
    return { ok: false, reason: 'duplicate' };
  const generation = db.generations.get(turn.userKey);
  if (turn.userGeneration !== undefined && generation !== turn.userGeneration) return { ok: false, reason: 'deleted' };
  // The entry is found without decoding it (lmdb keeps the version of the entry read last): decoding a whole
  // snapshot only to compare its eTag was most of a commit's garbage.
  const stored = db.conversations.doesExist(turn.conversationKey);
  if (turn.expectedETag === undefined) return stored ? { ok: false, reason: 'conflict' } : undefined;
  if (!stored) return { ok: false, reason: 'deleted' };
  return String(getLastVersion()) === turn.expectedETag ? undefined : { ok: false, reason: 'conflict' };
}

/**
 * Writes a turn inside one write transaction, its snapshot with entry version `version`. Every
 * check comes before the first write, and nothing after it throws: lmdb does not roll back a
 * transaction callback that throws.
 */
export function commitTurnIn(db: Databases, turn: TurnCommit, version: number): CommitResult {
  const refused = refuseIn(db, checksOf(turn));
  if (refused) return refused;
  const { userKey } = turn.doc;
  const at = turn.at.toISOString();
  void db.conversations.put(turn.conversationKey, turn.doc, version);
  void db.userConversations.put(userKey, turn.conversationKey);
  // Most turns append no record: the user's last seq is looked up only for those that do.
  let seq = turn.records?.length ? lastSeq(db, userKey) : 0;
  const records = recordsAt(turn).map((r): UserRecord => {
    const record = { ...r, seq: ++seq };
    void db.records.put([userKey, seq], record);
    return structuredClone(record);
  });
  if (turn.profile) void db.users.put(userKey, patchProfile(db.users.get(userKey), turn.profile, at));
  for (const r of turn.reminders ?? []) putReminder(db, { userKey, conversationKey: turn.conversationKey, ...r }, at);
  if (turn.dedup) markMessageId(db, turn.dedup.id, turn.at.getTime(), turn.dedup.expiresAt.getTime());
  // A turn's document and commit carry the same time: touching the day twice would read it twice for nothing.
  for (const time of new Set(commitTimes(turn))) touch(db, userKey, time);
  return { ok: true, eTag: String(version), records };
}
