import type { Server } from 'node:http';

/** Socket timeouts of the HTTP server, in milliseconds. */
export interface HttpTimeouts {
  /** Time to receive a request's headers. */
  headersMs: number;
  /** Time to receive a whole request (headers and body). */
  requestMs: number;
  /** How long an idle keep-alive socket stays open between requests. */
  keepAliveMs: number;
}

/**
 * A Bot Framework activity arrives in milliseconds; Node's defaults (300 s for a request) let a
 * client that sends a byte a second hold a socket, and a shutdown, for minutes. A turn itself may
 * take longer than `requestMs` (it is the body that must arrive in time, not the answer).
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 5_000 };

/** Sets the timeouts on a Node HTTP server. */
export function applyTimeouts(server: Server, timeouts: Partial<HttpTimeouts> = {}): void {
  const t = { ...DEFAULT_HTTP_TIMEOUTS, ...timeouts };
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.keepAliveTimeout = t.keepAliveMs;
  // Node checks these every 30 s (restify gives no way to set connectionsCheckingInterval), so the
  // body reader also has its own deadline, and a shutdown closes every socket after its grace.
}
