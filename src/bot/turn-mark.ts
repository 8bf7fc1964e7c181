import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** How long an activity stays marked as handled: channels retry within minutes, and a day is ample. */
export const TURN_MARK_MS = 24 * 60 * 60 * 1000;

/**
 * The store's message id for an activity (CONTRACT §1: channel, conversation and activity id),
 * hashed so that no raw id stays behind in the store once the conversation is gone, and so that
 * every key has the same short length. Undefined when the activity has no id.
 */
export function turnMarkId(activity: Partial<Activity>): string | undefined {
  const id = activity.id;
  const conversation = activity.conversation?.id;
  if (!id || !conversation || !activity.channelId) return undefined;
  const digest = createHash('sha256').update(`${activity.channelId}\n${conversation}\n${id}`).digest('base64url');
  return `turn:${digest}`;
}
