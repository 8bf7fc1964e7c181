import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token grants: `conversation` the REST API of one conversation, `stream` one WebSocket connect. */
export type TokenKind = 'conversation' | 'stream';

/** The claims of a Direct Line token (a compact HS256 JWT, so directline.js can read `user`). */
export interface TokenClaims {
  kind: TokenKind;
  /** Conversation id the token is bound to. */
  conv: string;
  /** User id of the web chat user (directline.js reads this claim). */
  user: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  iat: number;
}

/** Why a token was refused, as an HTTP status: 401 when absent or forged, 403 when expired or of the wrong kind. */
export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; status: 401 | 403; code: string; reason: string };

/** How long a stream URL may wait before it is connected (Direct Line allows 60 s too). */
const STREAM_TOKEN_SECONDS = 60;

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Issues and checks the tokens of the self-hosted Direct Line. */
export interface TokenService {
  /** Token life in seconds for conversation tokens. */
  readonly ttlSeconds: number;
  issue(kind: TokenKind, conv: string, user: string): string;
  /** Checks signature, expiry and kind; the caller compares `conv` with the conversation asked for. */
  verify(token: string | undefined, kind: TokenKind): TokenCheck;
}

/**
 * Signs and checks Direct Line tokens with HMAC-SHA256. Only our own fixed header is accepted,
 * so no "alg: none" or key-confusion trick applies. Without a configured secret a random one is
 * made per process: tokens then die with a restart, which the page survives by asking for a new one.
 */
export function createTokenService(opts: { secret?: string; ttlSeconds: number; now?: () => number }): TokenService {
  const key = opts.secret ? Buffer.from(opts.secret, 'utf8') : randomBytes(32);
  const nowSeconds = () => Math.floor((opts.now?.() ?? Date.now()) / 1000);
  const sign = (data: string) => createHmac('sha256', key).update(data).digest('base64url');

  return {
    ttlSeconds: opts.ttlSeconds,
    issue(kind, conv, user) {
      const iat = nowSeconds();
      const exp = iat + (kind === 'stream' ? STREAM_TOKEN_SECONDS : opts.ttlSeconds);
      const payload = Buffer.from(JSON.stringify({ kind, conv, user, iat, exp } satisfies TokenClaims)).toString(
        'base64url',
      );
      return `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`)}`;
    },
    verify(token, kind) {
      if (!token)
        return {
          ok: false,
          status: 401,
          code: 'MissingToken',
          reason: 'a Direct Line token is required (Authorization: Bearer <token>)',
        };
      const [header, payload, signature, ...rest] = token.split('.');
      if (header !== HEADER || !payload || !signature || rest.length)
        return {
          ok: false,
          status: 401,
          code: 'BadToken',
          reason: 'the token is not a Direct Line token of this server',
        };
      const expected = Buffer.from(sign(`${header}.${payload}`));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, status: 401, code: 'BadToken', reason: 'the token signature is invalid' };
      let claims: TokenClaims;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      } catch {
        return { ok: false, status: 401, code: 'BadToken', reason: 'the token payload is unreadable' };
      }
      if (claims.kind !== kind)
        return { ok: false, status: 403, code: 'WrongToken', reason: `a ${kind} token is required here` };
      if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds())
        return { ok: false, status: 403, code: 'TokenExpired', reason: 'the token has expired; get a new one' };
      return { ok: true, claims };
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** A random id for conversations and users (URL-safe, 128 bits). */
export function randomId(prefix = ''): string {
  return `${prefix}${randomBytes(16).toString('base64url')}`;
}
