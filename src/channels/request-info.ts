import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

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
 * The client's address. Behind a trusted proxy it is the last hop the proxy added to
 * X-Forwarded-For (the one the proxy saw); earlier entries can be forged by the client.
 */
function clientAddress(req: IncomingMessage, opts: PublicAddressOptions): string {
  if (opts.trustProxy) {
    const hops = (header(req, 'x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tail included); undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined;
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * What rate limits and the per-client conversation bound count a client by: an IPv4 address as
 * is (written IPv4-mapped, `::ffff:a.b.c.d`, too), an IPv6 address by its /64 prefix, since one
 * host or site is given a whole /64 and can use any of its 2^64 addresses. A port some proxies
 * append is dropped; anything that is not an address is kept as given (at most 64 characters).
 */
export function addressKey(address: string): string {
  const trimmed = address.trim();
  const unwrapped =
    /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(trimmed)?.[1] ?? trimmed;
  if (isIPv4(unwrapped)) return unwrapped;
  const groups = ipv6Groups(unwrapped);
  if (!groups) return unwrapped.slice(0, 64);
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff)
    return `${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The key of the client of a request (see `addressKey`). */
export function clientKey(req: IncomingMessage, opts: PublicAddressOptions): string {
  return addressKey(clientAddress(req, opts));
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
