import { z } from 'zod';
import { fastAcceptor } from './fast-accept.js';

/**
 * Longest id accepted (activity, conversation, user, bot). Teams' longest, a personal chat's
 * conversation id, is about 150 characters; 256 UTF-16 units stay under 1 KB of UTF-8, so a
 * store key built from channel and id keeps well inside LMDB's 1,978-byte key limit.
 */
export const MAX_ID_CHARS = 256;
/** Longest message text on /api/messages (Teams' own limit is about 28 KB of HTML; patients write a few lines). */
export const MAX_TEXT_CHARS = 4000;

const id = z.string().min(1).max(MAX_ID_CHARS);
const shortText = z.string().max(256);

const account = z
  .object({
    id,
    name: shortText.optional(),
    role: z.string().max(32).optional(),
    aadObjectId: z.string().max(64).optional(),
  })
  .passthrough();

/**
 * The activity `/api/messages` accepts (CONTRACT §1): every field the bot or botbuilder reads has
 * its type and a bound, so nothing malformed reaches the adapter. Body-wide bounds (depth, string
 * length, well-formed Unicode) are checked before this, by the body reader. Unknown fields pass.
 */
export const IncomingActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: id.optional(),
    channelId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
    serviceUrl: z
      .string()
      .max(2048)
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
    from: account,
    recipient: account,
    conversation: z
      .object({
        id,
        name: shortText.optional(),
        isGroup: z.boolean().optional(),
        conversationType: z.string().max(64).optional(),
        tenantId: z.string().max(64).optional(),
      })
      .passthrough(),
    text: z.string().max(MAX_TEXT_CHARS, `longer than ${MAX_TEXT_CHARS} characters`).optional(),
    locale: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
    deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
    replyToId: id.optional(),
    name: shortText.optional(),
    action: z.string().max(64).optional(),
    textFormat: z.string().max(32).optional(),
    timestamp: z.string().max(64).optional(),
    localTimestamp: z.string().max(64).optional(),
    value: z.unknown().optional(),
    channelData: z.record(z.unknown()).optional(),
    entities: z
      .array(z.object({ type: z.string().max(128) }).passthrough())
      .max(32)
      .optional(),
    attachments: z
      .array(z.object({ contentType: z.string().max(256) }).passthrough())
      .max(16)
      .optional(),
    membersAdded: z.array(account).max(64).optional(),
    membersRemoved: z.array(account).max(64).optional(),
  })
  .passthrough();

/** The result of checking an incoming activity: fine, or a short reason for a 400. */
export type ActivityCheck = { ok: true } | { ok: false; reason: string };

/** The schema's own checks without zod's per-parse garbage, for the activities it accepts (every turn's). */
const acceptsFast = fastAcceptor(IncomingActivitySchema);

/** Checks a parsed body against {@link IncomingActivitySchema}; the reason names fields, never values. */
export function checkIncomingActivity(body: unknown): ActivityCheck {
  if (acceptsFast?.(body)) return { ok: true };
  const parsed = IncomingActivitySchema.safeParse(body);
  if (parsed.success) return { ok: true };
  const reason = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason };
}
