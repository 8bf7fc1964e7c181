import type { Activity } from '../render/activity.js';
import { z } from 'zod';
import { RESUME_EVENT } from '../bot/arrival.js';
import { WEBCHAT_CHANNEL_ID } from './directline.storage.js';

/** The event a web chat page posts when a chat opens (the Bot Framework samples' welcome pattern). */
const JOIN_EVENT = 'webchat/join';
/** The event a web chat page posts when it has taken its conversation up again after a lost connection. */
const WEBCHAT_RESUME_EVENT = 'webchat/resume';

/** Longest message text accepted from web chat. */
const MAX_TEXT_CHARS = 2000;
/** Largest activity accepted from web chat once parsed (the transcript keeps it). */
const MAX_ACTIVITY_BYTES = 16 * 1024;

/** The parts of an activity a web chat client may set; everything else is set by the server. */
const IncomingActivity = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(MAX_TEXT_CHARS).optional(),
  value: z.unknown().optional(),
  name: z.string().max(100).optional(),
  locale: z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'not a BCP-47 locale')
    .optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  channelData: z.record(z.unknown()).optional(),
  entities: z
    .array(z.object({ type: z.string().max(100) }).passthrough())
    .max(10)
    .optional(),
  attachments: z.array(z.unknown()).max(0, 'attachments are not supported').optional(),
});

/** An activity as a web chat client posted it, once checked. */
export type IncomingActivity = z.infer<typeof IncomingActivity>;

/** Answer of {@link parseIncoming}: the activity, or the status and message of a `BadArgument` error. */
export type IncomingCheck =
  { ok: true; activity: IncomingActivity } | { ok: false; status: 400 | 413; message: string };

/** Checks a posted body against what a web chat client may send, and its size once parsed. */
export function parseIncoming(body: unknown): IncomingCheck {
  const parsed = IncomingActivity.safeParse(body);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return { ok: false, status: 400, message: `invalid activity: ${reason}` };
  }
  if (JSON.stringify(parsed.data).length > MAX_ACTIVITY_BYTES)
    return { ok: false, status: 413, message: `activity larger than ${MAX_ACTIVITY_BYTES} bytes` };
  return { ok: true, activity: parsed.data };
}

/**
 * Web Chat's Adaptive Cards leave an empty input out of an Action.Submit (a multi-select with
 * nothing ticked sends `{ question }` alone), where Teams sends `answer: ""`. Putting the empty
 * answer back lets the bot read "none of these" the same way on both.
 */
function withEmptyCardInputs(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  return typeof v.question === 'string' && !('answer' in v) ? { ...v, answer: '' } : value;
}

/** Where a posted activity goes: the conversation, its user and the bot, and the service URL replies go to. */
export interface Addressed {
  conversationId: string;
  userId: string;
  botId: string;
  serviceUrl: string;
}

/** The activity the bot gets for one a web chat client posted: what the client set, and the server's fields. */
export function botActivity(incoming: IncomingActivity, to: Addressed): Partial<Activity> {
  const { attachments: _none, value, ...fields } = incoming;
  // Web Chat's join event is how a page says a chat has opened: the bot sees it as the user
  // joining (CONTRACT §1), and greets once. Its resume event, after a lost connection, is the
  // user coming back: the bot puts the pending question again.
  const joining = fields.type === 'event' && fields.name === JOIN_EVENT;
  const resuming = fields.type === 'event' && fields.name === WEBCHAT_RESUME_EVENT;
  return {
    ...fields,
    ...(joining && { type: 'conversationUpdate', name: undefined, membersAdded: [{ id: to.userId, name: '' }] }),
    ...(resuming && { name: RESUME_EVENT }),
    ...(value !== undefined && !joining && !resuming && { value: withEmptyCardInputs(value) }),
    channelId: WEBCHAT_CHANNEL_ID,
    serviceUrl: to.serviceUrl,
    from: { id: to.userId, name: '', role: 'user' },
    recipient: { id: to.botId, name: 'Bot', role: 'bot' },
    conversation: { id: to.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    timestamp: new Date(),
  };
}
