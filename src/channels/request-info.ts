import type { IncomingMessage } from 'node:http';

/** What the channel endpoints need to know about where they are reached from. */
export interface PublicAddressOptions {
  /** PUBLIC_URL, when configured: the address clients and Twilio use. */
  publicUrl?: string | undefined;
  /** TRUST_PROXY: believe X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front. */
  trustProxy: boolean;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address for rate limiting. Behind a trusted proxy it is the last hop the proxy
 * added to X-Forwarded-For (the one the proxy saw); earlier entries can be forged by the client.
 */
export function clientAddress(req: IncomingMessage, opts: PublicAddressOptions): string {
  if (opts.trustProxy) {
    const hops = (header(req, 'x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The base URL of this server as clients see it (no trailing slash): PUBLIC_URL when set, else
 * built from the Host header and the scheme (X-Forwarded-Proto behind a trusted proxy).
 * Undefined when the Host header is missing or not a host.
 */
export function publicBase(req: IncomingMessage, opts: PublicAddressOptions): string | undefined {
  if (opts.publicUrl) return opts.publicUrl.replace(/\/+$/, '');
  const host = header(req, 'host');
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return undefined;
  const forwarded = opts.trustProxy ? header(req, 'x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : encrypted ? 'https' : 'http';
  return `${scheme}://${host}`;
}

/** The origin (scheme://host[:port]) of a base URL. */
export function originOf(base: string): string {
  return new URL(base).origin;
}
