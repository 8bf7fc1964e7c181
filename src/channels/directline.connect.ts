import type { Request, Response, Server } from 'restify';
import { conversationIdOf, DIRECTLINE_PATH, fail, failEnded, watermarkOf } from './directline.api.js';
import type { DirectLineAccess, DirectLineAccessDeps } from './directline.access.js';
import type { ConversationInfo } from './directline.storage.js';
import { bearerToken } from './directline.tokens.js';
import { clientKey, publicBase, type PublicAddressOptions } from './request-info.js';
import { resumeConversation, type ResumeDeps } from './webchat-resume.js';

/** Dependencies of the routes that start, reconnect to and keep up a conversation. */
export interface DirectLineConnectDeps extends DirectLineAccessDeps {
  address: PublicAddressOptions;
  /**
   * Whose the conversations are, for a reconnect to one this instance no longer holds (the
   * embedded Direct Line forgets on a restart): its token's user takes it up again. Without it,
   * such a reconnect is answered 404.
   */
  resume?: ResumeDeps;
}

/**
 * Registers the routes of a conversation's tokens and streams: start a conversation
 * (`POST /conversations`), reconnect to one (`GET /conversations/:id`), refresh a token.
 */
export function registerDirectLineConnect(server: Server, deps: DirectLineConnectDeps, access: DirectLineAccess): void {
  const { tokens, conversations, logger } = deps;
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** The body directline.js expects when it starts or resumes a conversation, with the request's own token. */
  function conversationBody(
    req: Request,
    res: Response,
    conv: ConversationInfo,
    exp: number,
    watermark: number,
  ): object | undefined {
    const token = bearerToken(req.header('authorization'))!;
    const base = publicBase(req, deps.address);
    if (!base) {
      fail(res, 400, 'BadArgument', 'the Host header is missing or invalid');
      return undefined;
    }
    const stream = tokens.issue('stream', conv.id, conv.userId);
    const streamUrl = `${base.replace(/^http/, 'ws')}${DIRECTLINE_PATH}/conversations/${encodeURIComponent(conv.id)}/stream?watermark=${watermark}&t=${stream}`;
    return { conversationId: conv.id, token, expires_in: exp - nowSeconds(), streamUrl };
  }

  /**
   * Takes up again, for the user its token was issued to, a conversation this instance no longer
   * holds, when it is theirs (see `resumeConversation`): directline.js reconnects with the token
   * it has after a restart of the server, from the watermark it has reached.
   */
  async function takeUp(req: Request, watermark: number | undefined): Promise<void> {
    const id = conversationIdOf(req);
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

  server.post(`${DIRECTLINE_PATH}/conversations`, async (req: Request, res: Response) => {
    const claims = access.authorize(req, res, 'start');
    if (!claims) return;
    const opened = await conversations.open(claims.conv, claims.user, {
      client: clientKey(req, deps.address),
      tokenExpiresAt: claims.exp * 1000,
    });
    if (!opened.ok && opened.reason === 'ended') {
      failEnded(res);
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
    const body = conversationBody(req, res, opened.conversation, claims.exp, 0);
    if (body) res.send(201, body);
  });

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const watermark = watermarkOf(req);
    await takeUp(req, watermark);
    const found = await access.conversationOf(req, res, 'reconnect');
    if (!found) return;
    if (watermark === undefined || watermark > found.conv.watermark) {
      fail(res, 400, 'BadArgument', 'invalid watermark');
      return;
    }
    const body = conversationBody(req, res, found.conv, found.claims.exp, watermark);
    if (body) res.send(200, body);
  });

  server.post(`${DIRECTLINE_PATH}/tokens/refresh`, async (req: Request, res: Response) => {
    const claims = access.authorize(req, res, 'refresh');
    if (!claims) return;
    res.setHeader('Cache-Control', 'no-store');
    if (await conversations.isEnded(claims.conv)) {
      failEnded(res);
      return;
    }
    const token = tokens.issue('conversation', claims.conv, claims.user);
    await conversations.get(claims.conv, (nowSeconds() + tokens.ttlSeconds) * 1000);
    res.send(200, { conversationId: claims.conv, token, expires_in: tokens.ttlSeconds });
  });
}
