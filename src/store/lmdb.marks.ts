import type { Databases } from './lmdb.schema.js';

/**
 * A turn mark as `turnMarkId` makes it: `turn:`, the conversation's digest, `.`, the activity's.
 * The marks of one conversation are kept together, in one entry: a conversation leaves a mark per
 * activity for a day, and one entry of 13 bytes a mark holds in the file (and in the memory that
 * maps it) about a quarter of what an entry per mark did.
 */
const TURN_MARK = /^turn:([\w-]{16})\.([\w-]{12})$/;
/** Bytes of one mark in a conversation's entry: the activity digest, then its expiry (seconds, uint32). */
const MEMBER = 9;
const MARK_BYTES = MEMBER + 4;
/**
 * Marks kept per conversation (3.3 KB at most): a channel retries an activity within minutes, long
 * before a conversation has moved on by this many activities (a triage is about 22).
 */
export const MARKS_PER_CONVERSATION = 256;

type Where = { kind: 'flat'; key: string } | { kind: 'grouped'; key: string; member: Buffer };

function where(id: string): Where {
  const m = TURN_MARK.exec(id);
  return m
    ? { kind: 'grouped', key: `t.${m[1]!}`, member: Buffer.from(m[2]!, 'base64url') }
    : { kind: 'flat', key: id };
}

/** A conversation's packed marks (oldest first), or an empty buffer. */
function bytesOf(value: unknown): Buffer {
  return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.alloc(0);
}

/** Whether the mark at `at` in `marks` is `member` (compared in place: a turn's commit reads them all). */
function isMember(marks: Buffer, at: number, member: Buffer): boolean {
  for (let i = 0; i < MEMBER; i++) if (marks[at + i] !== member[i]) return false;
  return true;
}

/** Expiry to the second, rounded up, so a mark never expires before it was asked to. */
const seconds = (ms: number): number =>
  Number.isFinite(ms) ? Math.min(0xffffffff, Math.max(0, Math.ceil(ms / 1000))) : 0;

/** When the mark of a message id expires (epoch ms), if it has one. */
export function messageMark(db: Databases, id: string): number | undefined {
  const w = where(id);
  if (w.kind === 'flat') {
    const v = db.messageIds.get(w.key);
    return typeof v === 'number' ? v : undefined;
  }
  const marks = bytesOf(db.messageIds.get(w.key));
  for (let at = 0; at + MARK_BYTES <= marks.length; at += MARK_BYTES)
    if (isMember(marks, at, w.member)) return marks.readUInt32BE(at + MEMBER) * 1000;
  return undefined;
}

/**
 * Marks a message id until `expiresAt` (inside a write transaction), replacing an earlier mark;
 * a conversation's entry drops marks expired by `at` and keeps the latest {@link MARKS_PER_CONVERSATION}.
 */
export function markMessageId(db: Databases, id: string, at: number, expiresAt: number): void {
  const w = where(id);
  if (w.kind === 'flat') {
    void db.messageIds.put(w.key, expiresAt);
    return;
  }
  const marks = bytesOf(db.messageIds.get(w.key));
  const out = Buffer.allocUnsafe(marks.length + MARK_BYTES);
  let length = 0;
  for (let from = 0; from + MARK_BYTES <= marks.length; from += MARK_BYTES) {
    if (marks.readUInt32BE(from + MEMBER) * 1000 <= at || isMember(marks, from, w.member)) continue;
    marks.copy(out, length, from, from + MARK_BYTES);
    length += MARK_BYTES;
  }
  w.member.copy(out, length);
  out.writeUInt32BE(seconds(expiresAt), length + MEMBER);
  length += MARK_BYTES;
  void db.messageIds.put(w.key, out.subarray(Math.max(0, length - MARKS_PER_CONVERSATION * MARK_BYTES), length));
}

/** Whether an entry of the marks table has expired by `cutoff` (epoch ms): all its marks, for a conversation. */
export function expiredBy(value: unknown, cutoff: number): boolean {
  if (typeof value === 'number') return value <= cutoff;
  const marks = bytesOf(value);
  for (let at = 0; at + MARK_BYTES <= marks.length; at += MARK_BYTES)
    if (marks.readUInt32BE(at + MEMBER) * 1000 > cutoff) return false;
  return true;
}
