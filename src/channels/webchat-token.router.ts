import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { HashId, Logger } from '../logger.js';
import { randomId, type TokenService } from './directline.tokens.js';
import type { RateDecision } from './rate-limit.js';
import { clientKey, type PublicAddressOptions } from './request-info.js';
import { resumeConversation, type ResumeDeps } from './webchat-resume.js';

/** Where the web page gets its Direct Line token. */
export const WEBCHAT_TOKEN_PATH = '/api/webchat/token';

/** Dependencies of the web chat token endpoint. */
export interface WebchatTokenDeps {
  tokens: TokenService;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  address: PublicAddressOptions;
  /** Rate limit of new tokens, per client key (an IPv4 address or IPv6 /64, see `clientKey`). */
  tokenLimit: (clientKey: string) => RateDecision;
  /**
   * Key that signs the visitor ids the page keeps (CONTRACT §2); default a random key of this
   * process, so a visitor is then known again only until a restart.
   */
  visitorKey?: string;
  /** Where the conversations a page may resume are, and whose they are. */
  resume: ResumeDeps;
}

/** A user id and its HMAC, as the page stores it: `<userId>.<signature>`. */
function visitorSigner(key: string | undefined): {
  sign(userId: string): string;
  userOf(signed: unknown): string | undefined;
} {
  const secret = key ? createHmac('sha256', key).update('webchat visitor').digest() : randomBytes(32);
  const mac = (userId: string) => createHmac('sha256', secret).update(`visitor:${userId}`).digest('base64url');
  return {
    sign: (userId) => `${userId}.${mac(userId)}`,
    userOf(signed) {
      if (typeof signed !== 'string' || signed.length > 200) return undefined;
      const dot = signed.lastIndexOf('.');
      const userId = signed.slice(0, dot);
      if (dot < 1 || !/^dl_[A-Za-z0-9_-]{10,64}$/.test(userId)) return undefined;
      const given = Buffer.from(signed.slice(dot + 1));
      const expected = Buffer.from(mac(userId));
      return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
    },
  };
}

/**
 * `POST /api/webchat/token`: a short-lived token bound to one new conversation, like Direct
 * Line's `tokens/generate` but without a secret in the page. The user is the returning visitor
 * when the body carries a valid `{ "visitor": "<signed id>" }` (CONTRACT §2), else a new anonymous
 * one. Answers `{ token, conversationId, userId, visitor, expires_in }`; the page keeps `visitor`.
 *
 * With `"conversationId"` (and the `"watermark"` the page has reached) the token is for that
 * conversation instead, when the visitor owns it: a page takes its conversation up again after a
 * restart or an expired token (see `resumeConversation`). Otherwise 4xx `{ error, reason }`.
 */
export function registerWebchatToken(server: Server, deps: WebchatTokenDeps): void {
  const visitors = visitorSigner(deps.visitorKey);
  server.post(WEBCHAT_TOKEN_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const client = clientKey(req, deps.address);
    const rate = deps.tokenLimit(client);
    if (!rate.allowed) {
      deps.logger.info({ client: deps.hashId(client) }, 'web chat token rate limit reached');
      res.header('Retry-After', String(rate.retryAfterSeconds));
      res.send(429, { error: 'too many requests', reason: `try again in ${rate.retryAfterSeconds} s` });
      return;
    }
    const body: unknown = req.body;
    const asked: { visitor?: unknown; conversationId?: unknown; watermark?: unknown } =
      body && typeof body === 'object' ? body : {};
    const returning = visitors.userOf(asked.visitor);
    let conversationId = randomId();
    let userId = returning ?? randomId('dl_');
    if (asked.conversationId !== undefined) {
      const resumed = await resumeConversation(deps.resume, {
        conversationId: asked.conversationId,
        watermark: asked.watermark,
        userId: returning,
        client,
        tokenExpiresAt: Date.now() + deps.tokens.ttlSeconds * 1000,
      });
      if (!resumed.ok) {
        deps.logger.info({ client: deps.hashId(client), status: resumed.status }, 'web chat conversation not resumed');
        if (resumed.retryAfterSeconds !== undefined) res.header('Retry-After', String(resumed.retryAfterSeconds));
        res.send(resumed.status, { error: resumed.error, reason: resumed.reason });
        return;
      }
      ({ conversationId, userId } = resumed);
    }
    const token = deps.tokens.issue('conversation', conversationId, userId);
    res.send(200, {
      token,
      conversationId,
      userId,
      visitor: visitors.sign(userId),
      expires_in: deps.tokens.ttlSeconds,
    });
  });
}
