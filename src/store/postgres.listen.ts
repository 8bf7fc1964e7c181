import pg from 'pg';
import { toStoreError, type StoreQueryError } from './postgres.errors.js';

/** Options of {@link listenForNotifications}. */
export interface ListenOptions {
  url: string;
  /** The schema the store's tables are in (tests), as the pool's connections use it. */
  schema?: string | undefined;
  /** The channel to LISTEN on: letters, digits and `_` only. */
  channel: string;
  /** Called with each notification's payload. */
  onNotification(payload: string): void;
  /** Called after the connection was lost and made again: notifications in between were missed. */
  onReconnect(): void;
  /** Told when the connection fails (it is made again, with a growing delay). */
  onError(err: StoreQueryError): void;
}

/** The listening connection; `check()` proves it is still alive (a silent network drop is noticed). */
export interface NotificationListener {
  check(): Promise<void>;
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;
const CHECK_TIMEOUT_MS = 10_000;

/**
 * One connection of this instance that LISTENs on `channel`, made again whenever it is lost.
 * It is not a pool connection: a pooled one would stop listening when it is handed back.
 */
export async function listenForNotifications(opts: ListenOptions): Promise<NotificationListener> {
  if (!/^[a-z0-9_]{1,63}$/.test(opts.channel)) throw new Error('channel: lower-case letters, digits and _ only');
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const c = new pg.Client({
      connectionString: opts.url,
      connectionTimeoutMillis: 5000,
      query_timeout: CHECK_TIMEOUT_MS,
      application_name: 'sciatica-bot/listen',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(opts.schema !== undefined && { options: `-c search_path=${opts.schema}` }),
    });
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('connection closed')));
    c.on('notification', (msg) => {
      if (msg.payload !== undefined) opts.onNotification(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${opts.channel}`);
    } catch (err) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      throw err;
    }
    client = c;
  }

  function lost(c: pg.Client, err: unknown): void {
    if (client !== c || closed) return;
    client = undefined;
    opts.onError(toStoreError(err));
    c.removeAllListeners('end');
    c.end().catch(() => undefined);
    schedule();
  }

  function schedule(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          retryMs = FIRST_RETRY_MS;
          opts.onReconnect();
        },
        (err: unknown) => {
          opts.onError(toStoreError(err));
          retryMs = Math.min(LAST_RETRY_MS, retryMs * 2);
          schedule();
        },
      );
    }, retryMs);
    retry.unref();
  }

  await connect();
  return {
    async check() {
      const c = client;
      if (!c) return;
      try {
        await c.query('SELECT 1');
      } catch (err) {
        lost(c, err);
      }
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      c?.removeAllListeners('end');
      await c?.end().catch(() => undefined);
    },
  };
}
