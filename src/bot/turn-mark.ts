import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** How long an activity stays marked as handled: channels retry within minutes, and a day is ample. */
export const TURN_MARK_MS = 24 * 60 * 60 * 1000;

/**
 * The store's message id for an activity (CONTRACT §1: channel, conversation and activity id):
 * `turn:`, a digest of the conversation (96 bits), `.`, a digest of the activity (72 bits), so that
 * no raw id stays behind in the store once the conversation is gone, and a store can keep the marks
 * of one conversation together (lmdb.marks.ts). Undefined when the activity has no id.
 */
export function turnMarkId(activity: Partial<Activity>): string | undefined {
  return turnMarkIds(activity)?.id;
}

/**
 * The activity's mark id and the one versions before the marks were grouped gave it (`turn:` and the
 * whole digest): a store checks both, so an activity a channel retries across an upgrade counts once.
 * The earlier id can go once every store has been upgraded for longer than {@link TURN_MARK_MS}.
 */
export function turnMarkIds(activity: Partial<Activity>): { id: string; legacy: string } | undefined {
  const id = activity.id;
  const conversation = activity.conversation?.id;
  if (!id || !conversation || !activity.channelId) return undefined;
  const digest = (text: string, chars: number): string =>
    createHash('sha256').update(text).digest('base64url').slice(0, chars);
  const where = `${activity.channelId}\n${conversation}`;
  return {
    id: `turn:${digest(where, 16)}.${digest(`${where}\n${id}`, 12)}`,
    legacy: `turn:${digest(`${where}\n${id}`, 43)}`,
  };
}
