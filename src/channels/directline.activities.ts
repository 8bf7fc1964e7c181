import type { Request, Response, Server } from 'restify';
import type { TurnRunner } from '../bot/turn-runner.js';
import { DIRECTLINE_PATH, fail, watermarkOf } from './directline.api.js';
import type { DirectLineAccess, DirectLineAccessDeps } from './directline.access.js';
import { botActivity, parseIncoming } from './directline.incoming.js';
import { createReplySink } from './directline.replies.js';
import type { RateDecision } from './rate-limit.js';
import { publicBase, type PublicAddressOptions } from './request-info.js';

/** Dependencies of the routes that read and post a conversation's activities. */
export interface DirectLineActivityDeps extends DirectLineAccessDeps {
  runTurn: TurnRunner;
  address: PublicAddressOptions;
  /** Id the bot has in web chat conversations. */
  botId: string;
  /** Rate limit of posted activities, per conversation. */
  postLimit: (conversationId: string) => RateDecision;
}

/**
 * Registers the routes of a conversation's activities: read the transcript from a watermark,
 * post an activity (which runs the bot's turn and stores its replies), and the refusals of
 * uploads and of a stream asked for over plain HTTP.
 */
export function registerDirectLineActivities(
  server: Server,
  deps: DirectLineActivityDeps,
  access: DirectLineAccess,
): void {
  const { conversations, logger } = deps;

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const found = await access.conversationOf(req, res, 'get');
    if (!found) return;
    const watermark = watermarkOf(req);
    const set = watermark === undefined ? undefined : await conversations.since(found.conv.id, watermark);
    if (!set) {
      fail(res, 400, 'BadArgument', 'invalid watermark');
      return;
    }
    res.send(200, set);
  });

  server.post(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const found = await access.conversationOf(req, res, 'post');
    if (!found) return;
    const { claims, conv } = found;
    const parsed = parseIncoming(req.body);
    if (!parsed.ok) {
      fail(res, parsed.status, 'BadArgument', parsed.message);
      return;
    }
    const rate = deps.postLimit(conv.id);
    if (!rate.allowed) {
      res.header('Retry-After', String(rate.retryAfterSeconds));
      fail(res, 429, 'TooManyRequests', 'too many messages; wait a moment');
      return;
    }
    if (parsed.activity.type === 'typing') {
      res.send(200, { id: '' });
      return;
    }
    const base = publicBase(req, deps.address) ?? 'http://localhost';
    const activity = botActivity(parsed.activity, {
      conversationId: conv.id,
      userId: claims.user,
      botId: deps.botId,
      serviceUrl: `${base}${DIRECTLINE_PATH}`,
    });
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
    if (!(await access.conversationOf(req, res, 'upload'))) return;
    fail(res, 400, 'BadArgument', 'file uploads are not supported');
  });

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/stream`, async (_req: Request, res: Response) => {
    fail(res, 426, 'BadArgument', 'connect to the stream URL with a WebSocket');
  });
}
