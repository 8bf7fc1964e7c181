import type { IncomingMessage } from 'node:http';
import type { Next, Request, Response, Server } from 'restify';
import { originOf, publicBase, type PublicAddressOptions } from './request-info.js';

/** How a request's Origin header relates to this server. */
export type OriginVerdict = 'none' | 'same' | 'allowed' | 'denied';

/** Decides whether a browser page at the request's Origin may call the web chat endpoints. */
export function originVerdict(
  req: IncomingMessage,
  opts: PublicAddressOptions & { allowedOrigins: readonly string[] },
): OriginVerdict {
  const origin = req.headers.origin;
  if (!origin || Array.isArray(origin)) return 'none';
  if (opts.allowedOrigins.includes(origin)) return 'allowed';
  const base = publicBase(req, opts);
  return base && originOf(base) === origin ? 'same' : 'denied';
}

/**
 * CORS for the web chat endpoints (`prefixes`): the clinic's own origins (WEBCHAT_ALLOWED_ORIGINS)
 * and this server's origin may call them; any other page gets 403 before anything runs, so it
 * can neither start conversations nor use up a patient's rate limit. Preflights answer here.
 */
export function registerCors(
  server: Server,
  opts: PublicAddressOptions & { allowedOrigins: readonly string[]; prefixes: readonly string[] },
): void {
  server.pre((req: Request, res: Response, next: Next) => {
    const path = req.path();
    if (!opts.prefixes.some((p) => path.startsWith(p))) {
      next();
      return;
    }
    res.header('Vary', 'Origin');
    const verdict = originVerdict(req, opts);
    if (verdict === 'denied') {
      res.send(403, { error: 'origin not allowed', reason: "add this page's origin to WEBCHAT_ALLOWED_ORIGINS" });
      next(false);
      return;
    }
    if (verdict === 'allowed') {
      res.header('Access-Control-Allow-Origin', req.headers.origin);
      res.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (req.method === 'OPTIONS') {
      res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent');
      res.header('Access-Control-Max-Age', '600');
      res.send(204);
      next(false);
      return;
    }
    next();
  });
}
