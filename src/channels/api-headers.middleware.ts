import type { ServerResponse } from 'node:http';
import type { Next, Request, Response, Server } from 'restify';

/**
 * Headers of every web chat API answer (JSON with tokens and transcripts): never cached, never
 * sniffed into something else, never rendered as a page or framed, no Referer sent onwards.
 * `setHeader` replaces rather than appends, so a route or another middleware may set them too.
 */
function setApiSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
}

/**
 * Sets the API security headers on every response under `prefixes` (the token endpoint and
 * Direct Line), before any route or the CORS check runs, so refusals carry them too.
 */
export function registerApiSecurityHeaders(server: Server, opts: { prefixes: readonly string[] }): void {
  server.pre((req: Request, res: Response, next: Next) => {
    const path = req.path();
    if (opts.prefixes.some((p) => path.startsWith(p))) setApiSecurityHeaders(res);
    next();
  });
}
