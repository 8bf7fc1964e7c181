import type { Activity } from 'botbuilder';

/** A group chat or a team's channel: the bot speaks there only when spoken to. */
function isGroup(conversation: Activity['conversation'] | undefined): boolean {
  return (
    conversation?.isGroup === true ||
    (conversation?.conversationType !== undefined && conversation.conversationType !== 'personal')
  );
}

/**
 * The id of the user an activity brings into a one-to-one chat with the bot, when it starts the
 * conversation (CONTRACT §1): a `conversationUpdate` that adds the user (or adds the bot, as Teams
 * and Direct Line do when a chat opens: then the sender is the user), or Teams' `installationUpdate`
 * with `action: "add"`. Undefined for anything else, for groups, and when the user is unknown.
 */
export function arrivingUser(activity: Partial<Activity>): string | undefined {
  const bot = activity.recipient?.id;
  const sender = activity.from?.id && activity.from.id !== bot ? activity.from.id : undefined;
  if (isGroup(activity.conversation)) return undefined;
  if (activity.type === 'installationUpdate') return activity.action === 'add' ? sender : undefined;
  if (activity.type !== 'conversationUpdate') return undefined;
  const added = activity.membersAdded ?? [];
  const user = added.find((m) => m.id && m.id !== bot);
  if (user) return user.id;
  return added.some((m) => m.id === bot) ? sender : undefined;
}

/**
 * The name of the event that brings a user back to a conversation that already exists (the web
 * page sends it once it has taken its conversation up again after a lost connection): the bot
 * puts the pending question again, and changes nothing.
 */
export const RESUME_EVENT = 'resume';

/** The id of the user an activity brings back to a one-to-one conversation ({@link RESUME_EVENT}). */
export function resumingUser(activity: Partial<Activity>): string | undefined {
  if (activity.type !== 'event' || activity.name !== RESUME_EVENT || isGroup(activity.conversation)) return undefined;
  const bot = activity.recipient?.id;
  return activity.from?.id && activity.from.id !== bot ? activity.from.id : undefined;
}
