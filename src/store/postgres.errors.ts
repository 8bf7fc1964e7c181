import { StoreOpenError } from './lmdb.files.js';

/**
 * A PostgreSQL operation failed (the database unreachable, a timeout, a constraint). The message
 * names only the error's code (SQLSTATE or network code): PostgreSQL's own messages and details
 * can quote the values of a row, which would put ids or answers into logs.
 */
export class StoreQueryError extends Error {
  constructor(public readonly code: string) {
    super(`PostgreSQL operation failed (${code})`);
    this.name = 'StoreQueryError';
  }
}

/** The code of a pg, TLS or network error: its SQLSTATE, its errno code, or a word for pg's own timeouts. */
function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code)) return code;
  const message = err instanceof Error ? err.message : '';
  if (/timeout/i.test(message)) return 'TIMEOUT';
  if (/terminated|ended|closed/i.test(message)) return 'CONNECTION_CLOSED';
  if (/ssl|tls|certificate/i.test(message)) return 'TLS';
  return 'UNKNOWN';
}

/** The error as the store throws it, stripped of anything but its code. */
export function toStoreError(err: unknown): StoreQueryError {
  return err instanceof StoreQueryError ? err : new StoreQueryError(errorCode(err));
}

/** Where the store connects, for messages: host, port and database, never the user's password. */
export interface Target {
  host: string;
  port: string;
  database: string;
  user: string;
}

/** Reads the target from DATABASE_URL (a unix socket shows as its directory). */
export function targetOf(url: string): Target {
  const u = new URL(url);
  const host = u.searchParams.get('host') ?? decodeURIComponent(u.hostname);
  return {
    host: host || 'localhost',
    port: u.port || '5432',
    database: decodeURIComponent(u.pathname.slice(1)) || '(default)',
    user: decodeURIComponent(u.username),
  };
}

/** Explains why the store could not be opened at start, in words an operator can act on. */
export function openError(err: unknown, target: Target): StoreOpenError {
  const code = errorCode(err);
  const where = `PostgreSQL at ${target.host}:${target.port}`;
  const fix = 'check DATABASE_URL';
  const reasons: Record<string, string> = {
    ECONNREFUSED: `${where} refused the connection (is it running?); ${fix}`,
    ENOTFOUND: `the host of ${where} was not found; ${fix}`,
    EAI_AGAIN: `the host of ${where} could not be resolved; ${fix}`,
    EHOSTUNREACH: `${where} is unreachable; ${fix} and the network`,
    ENETUNREACH: `${where} is unreachable; ${fix} and the network`,
    ETIMEDOUT: `no answer from ${where}; ${fix} and the network`,
    TIMEOUT: `no answer from ${where} in time; ${fix} and the network`,
    CONNECTION_CLOSED: `${where} closed the connection (TLS required, or too many connections?); ${fix}`,
    ENOENT: `no PostgreSQL socket in ${target.host}; ${fix}`,
    TLS: `TLS with ${where} failed; check sslmode in DATABASE_URL`,
    '28P01': `${where} refused the password of user "${target.user}"; ${fix}`,
    '28000': `${where} does not let user "${target.user}" connect (pg_hba.conf, or TLS required); ${fix}`,
    '3D000': `database "${target.database}" does not exist at ${target.host}:${target.port}; create it or ${fix}`,
    '3F000': `the schema the store should use does not exist in database "${target.database}"; ${fix}`,
    '42501': `user "${target.user}" may not create the store's tables in database "${target.database}"`,
    '53300': `${where} has no connection left (too many clients); lower DATABASE_POOL_SIZE or raise max_connections`,
    '57014': `the store's migration at ${where} timed out waiting (another instance migrating?)`,
  };
  const tls = /^(ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_)/.test(code);
  const other = tls
    ? `TLS with ${where} failed (${code}); check sslmode in DATABASE_URL`
    : `${where} failed (${code}); ${fix}`;
  const reason = reasons[code] ?? other;
  return new StoreOpenError(`can't open the PostgreSQL store: ${reason}`);
}
