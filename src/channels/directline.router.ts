import type { Activity } from '../render/activity.js';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { HashId, Logger } from '../logger.js';
import { parseWatermark } from './directline.conversations.js';
import { WEBCHAT_CHANNEL_ID, type ConversationInfo, type DirectLineStorage } from './directline.storage.js';
import { bearerToken, randomId, type TokenClaims, type TokenService } from './directline.tokens.js';
import type { RateDecision } from './rate-limit.js';
import { clientKey, publicBase, type PublicAddressOptions } from './request-info.js';
import type { ReplySink, TurnRunner } from '../bot/turn-runner.js';
import { RESUME_EVENT } from '../bot/arrival.js';
import { resumeConversation, type ResumeDeps } from './webchat-resume.js';

/** Where the self-hosted Direct Line 3.0 API lives (directline.js `domain` = origin + this). */
export const DIRECTLINE_PATH = '/v3/directline';

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

/** Dependencies of the Direct Line routes. */
export interface DirectLineDeps {
  runTurn: TurnRunner;
  tokens: TokenService;
  /** Where conversations live: this process's memory, or PostgreSQL shared by every instance. */
  conversations: DirectLineStorage;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  address: PublicAddressOptions;
  /** Id the bot has in web chat conversations. */
  botId: string;
  /** Rate limit of posted activities, per conversation. */
  postLimit: (conversationId: string) => RateDecision;
  /**
   * Whose the conversations are, for a reconnect to one this instance no longer holds (the
   * embedded Direct Line forgets on a restart): its token's user takes it up again. Without it,
   * such a reconnect is answered 404.
   */
  resume?: ResumeDeps;
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

/** A Direct Line style error body. (Handlers return nothing: restify would log a returned value, request body included.) */
function fail(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/**
 * Where a turn's replies go: into the transcript, in the order the bot sends them. A conversation
 * that ends while the turn runs (its user was deleted: `forget me`) stores nothing more; the rest
 * of the turn's replies, the confirmation that everything was deleted, go to its open streams only
 * (`finish`), and are never stored.
 */
function createReplySink(conv: string, conversations: DirectLineStorage): { sink: ReplySink; finish(): Promise<void> } {
  let gone = false;
  const finals: Partial<Activity>[] = [];
  return {
    async sink(reply) {
      const activity = { ...reply, timestamp: new Date() };
      if (!gone) {
        const stored = await conversations.append(conv, activity);
        if (stored.ok) return stored.id;
        gone = true;
      }
      const id = `${conv}|${randomId()}`;
      finals.push({ ...activity, id });
      return id;
    },
    finish: () => (finals.length ? conversations.deliverFinal(conv, finals) : Promise.resolve()),
  };
}

/** Registers the Direct Line 3.0 REST API (conversations, activities, token refresh). */
export function registerDirectLine(server: Server, deps: DirectLineDeps): void {
  const { tokens, conversations, logger } = deps;
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** The token's claims when it may use `conversationId` (or any of its own, when undefined). */
  function authorize(req: Request, res: Response, route: string, conversationId?: string): TokenClaims | undefined {
    const check = tokens.verify(bearerToken(req.header('authorization')), 'conversation');
    if (!check.ok) {
      logger.info({ route, code: check.code }, 'direct line request refused');
      fail(res, check.status, check.code, check.reason);
      return undefined;
    }
    if (conversationId !== undefined && check.claims.conv !== conversationId) {
      logger.warn({ route, conv: deps.hashId(conversationId) }, 'direct line token used for another conversation');
      fail(res, 403, 'Forbidden', 'this token belongs to another conversation');
      return undefined;
    }
    return check.claims;
  }

  /** Answers a request whose token belongs to a conversation that ended with its user's data. */
  function ended(res: Response): void {
    fail(res, 403, 'ConversationEnded', 'this conversation has ended; start a new one with a new token');
  }

  /** The conversation a request names, after authorisation; sends 404 when it is gone (403 when ended). */
  async function conversationOf(
    req: Request,
    res: Response,
    route: string,
  ): Promise<{ claims: TokenClaims; conv: ConversationInfo } | undefined> {
    const params = req.params as Record<string, string | undefined> | undefined;
    const id = params?.conversationId ?? '';
    const claims = authorize(req, res, route, id);
    if (!claims) return undefined;
    const conv = await conversations.get(id, claims.exp * 1000);
    if (!conv) {
      if (await conversations.isEnded(id)) ended(res);
      else fail(res, 404, 'NotFound', 'conversation not found or expired; start a new one');
      return undefined;
    }
    return { claims, conv };
  }

  /** The body directline.js expects when it starts or resumes a conversation. */
  function conversationBody(
    req: Request,
    res: Response,
    conv: ConversationInfo,
    token: string,
    exp: number,
    watermark: number,
  ): object | undefined {
    const base = publicBase(req, deps.address);
    if (!base) {
      fail(res, 400, 'BadArgument', 'the Host header is missing or invalid');
      return undefined;
    }
    const stream = tokens.issue('stream', conv.id, conv.userId);
    const streamUrl = `${base.replace(/^http/, 'ws')}${DIRECTLINE_PATH}/conversations/${encodeURIComponent(conv.id)}/stream?watermark=${watermark}&t=${stream}`;
    return { conversationId: conv.id, token, expires_in: exp - nowSeconds(), streamUrl };
  }

  server.post(`${DIRECTLINE_PATH}/conversations`, async (req: Request, res: Response) => {
    const claims = authorize(req, res, 'start');
    if (!claims) return;
    const opened = await conversations.open(claims.conv, claims.user, {
      client: clientKey(req, deps.address),
      tokenExpiresAt: claims.exp * 1000,
    });
    if (!opened.ok && opened.reason === 'ended') {
      ended(res);
      return;
    }
    if (!opened.ok) {
      logger.warn({ route: 'start', reason: opened.reason }, 'direct line conversation refused');
      res.header('Retry-After', String(opened.retryAfterSeconds));
      if (opened.reason === 'full')
        fail(res, 503, 'ServiceUnavailable', 'too many open conversations; try again in a few minutes');
      else fail(res, 429, 'TooManyRequests', 'too many open conversations from this address; try again later');
      return;
    }
    const body = conversationBody(
      req,
      res,
      opened.conversation,
      bearerToken(req.header('authorization'))!,
      claims.exp,
      0,
    );
    if (body) res.send(201, body);
  });

  /**
   * Takes up again, for the user its token was issued to, a conversation this instance no longer
   * holds, when it is theirs (see `resumeConversation`): directline.js reconnects with the token
   * it has after a restart of the server, from the watermark it has reached.
   */
  async function takeUp(req: Request, watermark: number | undefined): Promise<void> {
    const params = req.params as Record<string, string | undefined> | undefined;
    const id = params?.conversationId ?? '';
    const check = tokens.verify(bearerToken(req.header('authorization')), 'conversation');
    if (!deps.resume || watermark === undefined || !check.ok || check.claims.conv !== id) return;
    if ((await conversations.ownerOf(id)) !== undefined) return;
    const resumed = await resumeConversation(deps.resume, {
      conversationId: id,
      watermark,
      userId: check.claims.user,
      client: clientKey(req, deps.address),
      tokenExpiresAt: check.claims.exp * 1000,
    });
    if (resumed.ok) logger.info({ conv: deps.hashId(id) }, 'direct line conversation taken up again');
  }

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const watermark = parseWatermark(new URL(req.url ?? '/', 'http://x').searchParams.get('watermark'));
    await takeUp(req, watermark);
    const found = await conversationOf(req, res, 'reconnect');
    if (!found) return;
    if (watermark === undefined || watermark > found.conv.watermark) {
      fail(res, 400, 'BadArgument', 'invalid watermark');
      return;
    }
    const body = conversationBody(
      req,
      res,
      found.conv,
      bearerToken(req.header('authorization'))!,
      found.claims.exp,
      watermark,
    );
    if (body) res.send(200, body);
  });

  server.post(`${DIRECTLINE_PATH}/tokens/refresh`, async (req: Request, res: Response) => {
    const claims = authorize(req, res, 'refresh');
    if (!claims) return;
    res.setHeader('Cache-Control', 'no-store');
    if (await conversations.isEnded(claims.conv)) {
      ended(res);
      return;
    }
    const token = tokens.issue('conversation', claims.conv, claims.user);
    await conversations.get(claims.conv, (nowSeconds() + tokens.ttlSeconds) * 1000);
    res.send(200, { conversationId: claims.conv, token, expires_in: tokens.ttlSeconds });
  });

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const found = await conversationOf(req, res, 'get');
    if (!found) return;
    const watermark = parseWatermark(new URL(req.url ?? '/', 'http://x').searchParams.get('watermark'));
    const set = watermark === undefined ? undefined : await conversations.since(found.conv.id, watermark);
    if (!set) {
      fail(res, 400, 'BadArgument', 'invalid watermark');
      return;
    }
    res.send(200, set);
  });

  server.post(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const found = await conversationOf(req, res, 'post');
    if (!found) return;
    const { claims, conv } = found;
    const parsed = IncomingActivity.safeParse(req.body);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      fail(res, 400, 'BadArgument', `invalid activity: ${reason}`);
      return;
    }
    if (JSON.stringify(parsed.data).length > MAX_ACTIVITY_BYTES) {
      fail(res, 413, 'BadArgument', `activity larger than ${MAX_ACTIVITY_BYTES} bytes`);
      return;
    }
    const rate = deps.postLimit(conv.id);
    if (!rate.allowed) {
      res.header('Retry-After', String(rate.retryAfterSeconds));
      fail(res, 429, 'TooManyRequests', 'too many messages; wait a moment');
      return;
    }
    if (parsed.data.type === 'typing') {
      res.send(200, { id: '' });
      return;
    }
    const base = publicBase(req, deps.address) ?? 'http://localhost';
    const { attachments: _none, value, ...fields } = parsed.data;
    // Web Chat's join event is how a page says a chat has opened: the bot sees it as the user
    // joining (CONTRACT §1), and greets once. Its resume event, after a lost connection, is the
    // user coming back: the bot puts the pending question again.
    const joining = fields.type === 'event' && fields.name === JOIN_EVENT;
    const resuming = fields.type === 'event' && fields.name === WEBCHAT_RESUME_EVENT;
    const activity: Partial<Activity> = {
      ...fields,
      ...(joining && { type: 'conversationUpdate', name: undefined, membersAdded: [{ id: claims.user, name: '' }] }),
      ...(resuming && { name: RESUME_EVENT }),
      ...(value !== undefined && !joining && !resuming && { value: withEmptyCardInputs(value) }),
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: `${base}${DIRECTLINE_PATH}`,
      from: { id: claims.user, name: '', role: 'user' },
      recipient: { id: deps.botId, name: 'Bot', role: 'bot' },
      conversation: { id: conv.id, isGroup: false, conversationType: 'personal', name: '' },
      timestamp: new Date(),
    };
    // The echo goes into the transcript first: Web Chat marks a message as sent when it sees it.
    const echo = await conversations.append(conv.id, activity);
    if (!echo.ok) {
      fail(res, 404, 'NotFound', 'conversation not found or expired; start a new one');
      return;
    }
    const { id } = echo;
    const replies = createReplySink(conv.id, conversations);
    try {
      await deps.runTurn({ ...activity, id }, replies.sink);
      await replies.finish();
    } catch (err) {
      const { name, code } = err as { name?: unknown; code?: unknown };
      logger.warn({ err: { name, code }, conv: deps.hashId(conv.id) }, 'direct line replies not stored');
      fail(res, 503, 'ServiceUnavailable', 'the replies could not be stored; reconnect to see them');
      return;
    }
    res.send(200, { id });
  });

  server.post(`${DIRECTLINE_PATH}/conversations/:conversationId/upload`, async (req: Request, res: Response) => {
    if (!(await conversationOf(req, res, 'upload'))) return;
    fail(res, 400, 'BadArgument', 'file uploads are not supported');
  });

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/stream`, async (_req: Request, res: Response) => {
    fail(res, 426, 'BadArgument', 'connect to the stream URL with a WebSocket');
  });
}
