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
 * Marks kept per conversation: a channel retries an activity within minutes, long before a
 * conversation has moved on by this many activities.
 */
export const MARKS_PER_CONVERSATION = 64;

type Where = { kind: 'flat'; key: string } | { kind: 'grouped'; key: string; member: Buffer };

function where(id: string): Where {
  const m = TURN_MARK.exec(id);
  return m
    ? { kind: 'grouped', key: `t.${m[1]!}`, member: Buffer.from(m[2]!, 'base64url') }
    : { kind: 'flat', key: id };
}

/** The marks of a conversation entry, as [member, expiry seconds] pairs, oldest first. */
function membersOf(value: unknown): { member: Buffer; expires: number }[] {
  if (!(value instanceof Uint8Array)) return [];
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const out: { member: Buffer; expires: number }[] = [];
  for (let at = 0; at + MARK_BYTES <= buf.length; at += MARK_BYTES)
    out.push({ member: buf.subarray(at, at + MEMBER), expires: buf.readUInt32BE(at + MEMBER) });
  return out;
}

function packed(members: readonly { member: Buffer; expires: number }[]): Buffer {
  const buf = Buffer.alloc(members.length * MARK_BYTES);
  members.forEach((m, i) => {
    m.member.copy(buf, i * MARK_BYTES);
    buf.writeUInt32BE(m.expires, i * MARK_BYTES + MEMBER);
  });
  return buf;
}

/** Expiry to the second, rounded up, so a mark never expires before it was asked to. */
const seconds = (ms: number): number => Math.min(0xffffffff, Math.ceil(ms / 1000));

/** When the mark of a message id expires (epoch ms), if it has one. */
export function messageMark(db: Databases, id: string): number | undefined {
  const w = where(id);
  if (w.kind === 'flat') {
    const v = db.messageIds.get(w.key);
    return typeof v === 'number' ? v : undefined;
  }
  const found = membersOf(db.messageIds.get(w.key)).find((m) => m.member.equals(w.member));
  return found && found.expires * 1000;
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
  const kept = membersOf(db.messageIds.get(w.key)).filter((m) => m.expires * 1000 > at && !m.member.equals(w.member));
  kept.push({ member: w.member, expires: seconds(expiresAt) });
  void db.messageIds.put(w.key, packed(kept.slice(-MARKS_PER_CONVERSATION)));
}

/** Whether an entry of the marks table has expired by `cutoff` (epoch ms): all its marks, for a conversation. */
export function expiredBy(value: unknown, cutoff: number): boolean {
  if (typeof value === 'number') return value <= cutoff;
  return membersOf(value).every((m) => m.expires * 1000 <= cutoff);
}
