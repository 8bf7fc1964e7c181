import type { Request, Response, Server } from 'restify';
import type { HashId, Logger } from '../logger.js';
import { randomId, type TokenService } from './directline.tokens.js';
import type { RateDecision } from './rate-limit.js';
import { clientKey, type PublicAddressOptions } from './request-info.js';

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
}

/**
 * `POST /api/webchat/token`: a short-lived token bound to one new conversation and a new
 * anonymous user, like Direct Line's `tokens/generate` but without a secret in the page.
 * Answers `{ token, conversationId, userId, expires_in }`.
 */
export function registerWebchatToken(server: Server, deps: WebchatTokenDeps): void {
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
    const conversationId = randomId();
    const userId = randomId('dl_');
    const token = deps.tokens.issue('conversation', conversationId, userId);
    res.send(200, { token, conversationId, userId, expires_in: deps.tokens.ttlSeconds });
  });
}
