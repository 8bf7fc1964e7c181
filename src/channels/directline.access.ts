import type { Request, Response } from 'restify';
import type { HashId, Logger } from '../logger.js';
import { conversationIdOf, fail, failEnded } from './directline.api.js';
import type { ConversationInfo, DirectLineStorage } from './directline.storage.js';
import { bearerToken, type TokenClaims, type TokenService } from './directline.tokens.js';

/** What the Direct Line routes check a request against. */
export interface DirectLineAccessDeps {
  tokens: TokenService;
  /** Where conversations live: this process's memory, or PostgreSQL shared by every instance. */
  conversations: DirectLineStorage;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
}

/** A conversation a request may use, and the claims of the token that allows it. */
export interface Granted {
  claims: TokenClaims;
  conv: ConversationInfo;
}

/** Checks a request's token; each method answers the request itself when it refuses. */
export interface DirectLineAccess {
  /** The token's claims when it may use `conversationId` (or any of its own, when undefined). */
  authorize(req: Request, res: Response, route: string, conversationId?: string): TokenClaims | undefined;
  /** The conversation a request names, after authorisation; sends 404 when it is gone (403 when ended). */
  conversationOf(req: Request, res: Response, route: string): Promise<Granted | undefined>;
}

/** Creates the token checks of the Direct Line routes; `route` names the route in the log lines of a refusal. */
export function createDirectLineAccess(deps: DirectLineAccessDeps): DirectLineAccess {
  const { tokens, conversations, logger } = deps;

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

  return {
    authorize,
    async conversationOf(req, res, route) {
      const id = conversationIdOf(req);
      const claims = authorize(req, res, route, id);
      if (!claims) return undefined;
      const conv = await conversations.get(id, claims.exp * 1000);
      if (!conv) {
        if (await conversations.isEnded(id)) failEnded(res);
        else fail(res, 404, 'NotFound', 'conversation not found or expired; start a new one');
        return undefined;
      }
      return { claims, conv };
    },
  };
}
