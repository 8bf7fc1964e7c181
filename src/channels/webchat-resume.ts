import type { Store } from '../store/store.js';
import { parseWatermark } from './directline.conversations.js';
import { WEBCHAT_CHANNEL_ID, webchatUserKey, type DirectLineStorage } from './directline.storage.js';

/** What the token endpoint needs to take a conversation up again. */
export interface ResumeDeps {
  conversations: DirectLineStorage;
  /** The bot's store: whose a conversation is when the Direct Line no longer holds it (the embedded one forgets on a restart). */
  store: Pick<Store, 'getConversation'>;
}

/** What a page asks to resume: the conversation, where it got to, and who asks. */
export interface ResumeRequest {
  conversationId: unknown;
  watermark: unknown;
  /** The visitor's user id, when the page sent a valid signed visitor (CONTRACT §2). */
  userId: string | undefined;
  /** The client's key (see `clientKey`), which the per-client bound counts. */
  client: string;
  /** Expiry of the token to be issued, ms since the epoch. */
  tokenExpiresAt: number;
}

/** Why a conversation can't be resumed, as an HTTP answer of the token endpoint. */
export interface ResumeRefusal {
  ok: false;
  status: 400 | 403 | 404 | 429 | 503;
  error: string;
  reason: string;
  retryAfterSeconds?: number;
}

/** Answer of {@link resumeConversation}: the conversation and its user, or why not. */
export type ResumeResult = { ok: true; conversationId: string; userId: string } | ResumeRefusal;

/** The shape of the ids `randomId` makes (and nothing that could be a path or a key of another kind). */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

const refuse = (status: ResumeRefusal['status'], error: string, reason: string): ResumeRefusal => ({
  ok: false,
  status,
  error,
  reason,
});

/** The user a conversation belongs to: the Direct Line's record of it, else the bot's own (`webchat:<id>`). */
async function ownerOf(deps: ResumeDeps, id: string): Promise<string | undefined> {
  const held = await deps.conversations.ownerOf(id);
  if (held !== undefined) return held;
  const stored = await deps.store.getConversation(`${WEBCHAT_CHANNEL_ID}:${id}`);
  const prefix = webchatUserKey('');
  const userKey = stored?.doc.userKey;
  return userKey?.startsWith(prefix) ? userKey.slice(prefix.length) : undefined;
}

/**
 * Takes a web chat conversation up again for the visitor who owns it (after a restart of the
 * server, or an expired token): only that visitor may (a token for one conversation never opens
 * another), one ended with its user's data stays ended, and one this instance no longer holds
 * is opened again at the watermark the page has reached. The bot's state is kept by
 * conversation id, so the dialog goes on where it was.
 */
export async function resumeConversation(deps: ResumeDeps, req: ResumeRequest): Promise<ResumeResult> {
  const id = req.conversationId;
  if (typeof id !== 'string' || !CONVERSATION_ID.test(id))
    return refuse(400, 'bad request', 'conversationId is not a conversation id of this server');
  const watermark =
    typeof req.watermark === 'number' || typeof req.watermark === 'string'
      ? parseWatermark(String(req.watermark))
      : req.watermark === undefined
        ? 0
        : undefined;
  if (watermark === undefined) return refuse(400, 'bad request', 'watermark is not a watermark');
  if (!req.userId)
    return refuse(403, 'forbidden', 'only the visitor who started a conversation can resume it: send its visitor');
  if (await deps.conversations.isEnded(id))
    return refuse(403, 'conversation ended', 'this conversation has ended; start a new one');
  const owner = await ownerOf(deps, id);
  if (owner === undefined) return refuse(404, 'not found', 'no conversation to resume with this id; start a new one');
  if (owner !== req.userId) return refuse(403, 'forbidden', 'this conversation belongs to another visitor');
  const opened = await deps.conversations.open(id, owner, {
    client: req.client,
    tokenExpiresAt: req.tokenExpiresAt,
    watermark,
  });
  if (opened.ok) return { ok: true, conversationId: id, userId: owner };
  if (opened.reason === 'ended')
    return refuse(403, 'conversation ended', 'this conversation has ended; start a new one');
  const busy =
    opened.reason === 'full'
      ? refuse(503, 'unavailable', 'too many open conversations; try again in a few minutes')
      : refuse(429, 'too many requests', 'too many open conversations from this address; try again later');
  return { ...busy, retryAfterSeconds: opened.retryAfterSeconds };
}
