import pg from 'pg';
import { migrate } from './postgres.migrations.js';
import { openError, targetOf, toStoreError, type StoreQueryError } from './postgres.errors.js';

/** Runs one statement; rows typed by the caller. */
export type Query = <R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) => Promise<R[]>;

/** Options of {@link openPostgres} (and of the PostgreSQL store). */
export interface PostgresOptions {
  /** DATABASE_URL: `postgres://user:password@host:port/database`, TLS from its `sslmode`. */
  url: string;
  /** Connections at most (DATABASE_POOL_SIZE, default 10). */
  poolSize?: number;
  /** A statement running longer is cancelled (DATABASE_STATEMENT_TIMEOUT_MS, default 5000). */
  statementTimeoutMs?: number;
  /** How long a new connection may take (default 5000). */
  connectTimeoutMs?: number;
  /** A schema to keep the tables in instead of the connection's default (tests use one per file). */
  schema?: string;
  /** Told when an idle connection fails (the database restarted, the network dropped). */
  onError?: (err: StoreQueryError) => void;
}

/** A migrated database behind a pool. */
export interface PostgresDb {
  query: Query;
  /**
   * Runs `work` in one transaction on one connection. It commits when `keep(result)` (default
   * always) and rolls back otherwise; on an error it rolls back and throws a {@link StoreQueryError}.
   */
  transaction<T>(work: (q: Query) => Promise<T>, keep?: (result: T) => boolean): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects to PostgreSQL, brings the schema up to date (postgres.migrations.ts) and opens the
 * pool. Fails with a {@link StoreOpenError} that says what is wrong (unreachable, refused, no such
 * database, TLS) without the URL's password.
 */
export async function openPostgres(opts: PostgresOptions): Promise<PostgresDb> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema))
    throw new Error('schema: lower-case letters, digits and _ only');
  const statementTimeout = opts.statementTimeoutMs ?? 5000;
  const base: pg.ClientConfig = {
    connectionString: opts.url,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    application_name: 'sciatica-bot',
    keepAlive: true,
    ...(opts.schema !== undefined && { options: `-c search_path=${opts.schema}` }),
  };
  const client = new pg.Client(base);
  // An error on this short-lived connection reaches the awaited calls below; without a listener it would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await migrate(client);
  } catch (err) {
    throw openError(err, targetOf(opts.url));
  } finally {
    await client.end().catch(() => undefined);
  }

  const pool = new pg.Pool({
    ...base,
    max: opts.poolSize ?? 10,
    statement_timeout: statementTimeout,
    // A server that stops answering (a network partition) fails the query soon after the statement timeout.
    query_timeout: statementTimeout + 1000,
    // A process stuck inside a transaction must not hold a user's row lock for long.
    idle_in_transaction_session_timeout: Math.max(10_000, 2 * statementTimeout),
  });
  pool.on('error', (err) => opts.onError?.(toStoreError(err)));

  const query: Query = async <R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) => {
    try {
      return (await pool.query<R>(text, values ? [...values] : undefined)).rows;
    } catch (err) {
      throw toStoreError(err);
    }
  };

  return {
    query,
    async transaction(work, keep = () => true) {
      let conn: pg.PoolClient;
      try {
        conn = await pool.connect();
      } catch (err) {
        throw toStoreError(err);
      }
      const q: Query = async <R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) =>
        (await conn.query<R>(text, values ? [...values] : undefined)).rows;
      // A connection lost between two statements is reported on the client, not on a query: the
      // next statement fails instead, so the event only needs a listener (without one, node exits).
      const lost = () => undefined;
      conn.on('error', lost);
      try {
        await conn.query('BEGIN');
        const result = await work(q);
        await conn.query(keep(result) ? 'COMMIT' : 'ROLLBACK');
        conn.off('error', lost);
        conn.release();
        return result;
      } catch (err) {
        // A connection whose transaction can't be rolled back is dropped, never handed to another turn.
        const clean = await conn.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        conn.off('error', lost);
        conn.release(!clean);
        throw toStoreError(err);
      }
    },
    close: () => pool.end(),
  };
}
