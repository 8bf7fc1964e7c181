import type { ActivitySet, ConversationLimits } from '../channels/directline.conversation.js';
import {
  DEFAULT_LIMITS,
  webchatUserKey,
  type DirectLineStorage,
  type EndReason,
  type FinalListener,
  type StreamListener,
} from '../channels/directline.storage.js';
import { openPostgres } from './postgres.db.js';
import { appendActivity, openIn, readSince, sweepIn } from './postgres.directline.sql.js';
import { openError, targetOf, toStoreError, type StoreQueryError } from './postgres.errors.js';
import { listenForNotifications } from './postgres.listen.js';

/** Options of {@link createPostgresDirectLineStorage}. */
export interface PostgresDirectLineOptions {
  /** DATABASE_URL. */
  url: string;
  /** A schema to keep the tables in instead of the connection's default (tests). */
  schema?: string;
  /** Connections of its own pool (the Store has another). */
  poolSize?: number;
  statementTimeoutMs?: number;
  limits?: Partial<ConversationLimits>;
  now?: () => number;
  /** Told when a connection fails or a stream could not be brought up to date; the storage carries on. */
  onError?: (err: StoreQueryError) => void;
}

/** How often an instance says which conversations it holds streams of (and checks its listening connection). */
const STREAM_BEAT_MS = 20_000;
/** A conversation no instance has claimed a stream of for this long has none. */
const STREAM_FRESH_MS = 3 * STREAM_BEAT_MS;
/** Keep-alives refresh `last_active` at most this often (one write per stream per interval). */
const TOUCH_EVERY_MS = 10_000;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7900;

/** A stream of this instance: where it is in the transcript, and whether a read is under way. */
interface Subscription {
  listener: StreamListener;
  next: number;
  reading: boolean;
  again: boolean;
  closed: boolean;
}

/** What instances tell each other: an activity appended, a conversation ended, a deleting turn's last replies. */
type Notification =
  { t: 'a'; c: string } | { t: 'e'; c: string; r: EndReason } | { t: 'f'; c: string; a: ActivitySet['activities'] };

/**
 * The Direct Line in PostgreSQL, for several instances behind a load balancer without sticky
 * sessions: any instance answers any request. Transcripts, watermarks, token expiries and what
 * the capacity bounds count live in tables (postgres.migrations.ts, versions 2 and 3); each instance
 * holds one connection that LISTENs, so an activity appended on one instance (a NOTIFY at commit)
 * reaches a WebSocket open on another, which reads it from the table. Deleting a Store user ends
 * their conversations in the same transaction (a trigger). The per-conversation stream bound is
 * per instance; an open stream counts for eviction on every instance through `stream_seen_at`.
 */
export async function createPostgresDirectLineStorage(opts: PostgresDirectLineOptions): Promise<DirectLineStorage> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const report = opts.onError ?? (() => undefined);
  const onError = (err: unknown) => report(toStoreError(err));
  const db = await openPostgres({
    url: opts.url,
    poolSize: opts.poolSize ?? 4,
    ...(opts.schema !== undefined && { schema: opts.schema }),
    ...(opts.statementTimeoutMs !== undefined && { statementTimeoutMs: opts.statementTimeoutMs }),
    onError: report,
  });
  const channel = (await db.query<{ channel: string }>('SELECT directline_channel() AS channel'))[0]?.channel ?? '';
  const streams = new Map<string, Set<Subscription>>();
  const finals = new Set<FinalListener>();
  const rank = () => ({ now: now(), streamFreshMs: STREAM_FRESH_MS, evictAfterMs: limits.evictAfterMs });
  const isEnded = async (id: string) =>
    (await db.query('SELECT 1 FROM directline_ended WHERE id = $1', [id])).length > 0;

  function end(id: string, reason: EndReason, only?: Subscription): void {
    const subs = streams.get(id);
    for (const sub of only ? [only] : [...(subs ?? [])]) {
      subs?.delete(sub);
      if (sub.closed) continue;
      sub.closed = true;
      sub.listener.ended(reason);
    }
    if (subs?.size === 0) streams.delete(id);
  }

  /** Brings one stream up to date; a read asked for while one runs is done after it. */
  async function read(id: string, sub: Subscription): Promise<void> {
    if (sub.reading) {
      sub.again = true;
      return;
    }
    sub.reading = true;
    try {
      do {
        sub.again = false;
        for (;;) {
          const page = await readSince(db.query, id, sub.next, limits.pageSize);
          if (sub.closed) return;
          // Gone before its notification came: ended with its user, the deleting turn's last replies may follow.
          if (!page) {
            end(id, (await isEnded(id)) ? 'deleted' : 'gone', sub);
            return;
          }
          if (page.activities.length) {
            sub.next = Number(page.watermark);
            sub.listener.activities(page);
          }
          if (page.activities.length < limits.pageSize) break;
        }
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by notified() and close() while this loop awaits
      } while (sub.again && !sub.closed);
    } catch (err) {
      onError(err);
    } finally {
      sub.reading = false;
    }
  }

  const readAll = (id: string) => {
    for (const sub of streams.get(id) ?? []) void read(id, sub);
  };

  function notified(payload: string): void {
    let n: Notification;
    try {
      n = JSON.parse(payload) as Notification;
    } catch {
      return;
    }
    if (n.t === 'a') readAll(n.c);
    else if (n.t === 'e') end(n.c, n.r === 'deleted' ? 'deleted' : 'gone');
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the payload comes from the database: an unknown kind is ignored
    else if (n.t === 'f') for (const listener of finals) listener(n.c, n.a);
  }

  const listener = await listenForNotifications({
    url: opts.url,
    schema: opts.schema,
    channel,
    onNotification: notified,
    // Notifications were missed: every stream reads what it lacks (and learns if its conversation went).
    onReconnect: () => [...streams.keys()].forEach(readAll),
    onError: report,
  }).catch(async (err: unknown) => {
    await db.close();
    throw openError(err, targetOf(opts.url));
  });

  const markStreams = async (ids: string[]) => {
    if (!ids.length) return;
    await db.query('UPDATE directline_conversations SET stream_seen_at = $2 WHERE id = ANY($1::text[])', [ids, now()]);
  };
  const beat = setInterval(() => {
    markStreams([...streams.keys()]).catch(onError);
    void listener.check();
  }, STREAM_BEAT_MS);
  beat.unref();

  return {
    open: (id, userId, o) => {
      const p = {
        ...rank(),
        id,
        userId,
        userKey: webchatUserKey(userId),
        client: o.client,
        tokenExpiresAt: o.tokenExpiresAt,
        watermark: o.watermark,
      };
      return db.transaction((q) => openIn(q, { ...p, limits, channel }));
    },

    async get(id, tokenExpiresAt = 0) {
      const t = now();
      const [row] = await db.query<{
        user_id: string;
        watermark: string;
        token_expires_at: string;
        stream_seen_at: string;
      }>(
        `UPDATE directline_conversations SET last_active = GREATEST(last_active, $2), token_expires_at = GREATEST(token_expires_at, $3)
         WHERE id = $1 RETURNING user_id, watermark::text, token_expires_at::text, stream_seen_at::text`,
        [id, t, tokenExpiresAt],
      );
      if (!row) return undefined;
      const local = streams.get(id)?.size ?? 0;
      const streaming = local > 0 || Number(row.stream_seen_at) > t - STREAM_FRESH_MS;
      if (Number(row.token_expires_at) <= t && !streaming) return undefined;
      return { id, userId: row.user_id, watermark: Number(row.watermark), streams: local };
    },

    async ownerOf(id) {
      const [row] = await db.query<{ user_id: string }>('SELECT user_id FROM directline_conversations WHERE id = $1', [
        id,
      ]);
      return row?.user_id;
    },

    isEnded,

    async append(id, activity) {
      const fromUser = activity.type === 'message' && activity.from?.role === 'user';
      const p = {
        id,
        activity: JSON.stringify(activity),
        fromUser,
        now: now(),
        maxActivities: limits.maxActivities,
        channel,
      };
      const appended = await appendActivity(db.query, p);
      if (appended === undefined) return { ok: false, reason: 'gone' };
      const { seq, idTag } = appended;
      return { ok: true, id: `${id}|${String(seq).padStart(7, '0')}${idTag}`, watermark: seq + 1 };
    },

    since: (id, watermark) => readSince(db.query, id, watermark, limits.pageSize),

    subscribe(id, watermark, streamListener) {
      const sub: Subscription = {
        listener: streamListener,
        next: watermark,
        reading: false,
        again: false,
        closed: false,
      };
      streams.set(id, (streams.get(id) ?? new Set()).add(sub));
      // Claimed before the backlog is read: once a stream has its backlog, every instance counts it.
      void markStreams([id])
        .catch(onError)
        .then(() => read(id, sub));
      return () => {
        if (sub.closed) return;
        sub.closed = true;
        const subs = streams.get(id);
        subs?.delete(sub);
        if (subs?.size === 0) streams.delete(id);
      };
    },

    async touch(id) {
      const t = now();
      const sql = 'UPDATE directline_conversations SET last_active = $2 WHERE id = $1 AND last_active < $3';
      await db.query(sql, [id, t, t - TOUCH_EVERY_MS]);
    },

    async endUser(userKey) {
      await db.query('SELECT directline_end_user($1)', [userKey]);
    },

    async deliverFinal(id, activities) {
      // What fits in one notification; a stream that gets nothing is closed all the same.
      const sent: ActivitySet['activities'] = [];
      for (const a of activities) {
        if (Buffer.byteLength(JSON.stringify({ t: 'f', c: id, a: [...sent, a] })) > MAX_PAYLOAD_BYTES) break;
        sent.push(a);
      }
      await db.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ t: 'f', c: id, a: sent })]);
    },

    onFinal(finalListener) {
      finals.add(finalListener);
    },

    sweep: () => {
      const p = { now: now(), streamFreshMs: STREAM_FRESH_MS, idleMs: limits.idleMs, channel };
      return db.transaction((q) => sweepIn(q, p));
    },

    async close() {
      clearInterval(beat);
      for (const id of [...streams.keys()]) end(id, 'gone');
      finals.clear();
      await listener.close();
      await db.close();
    },
  };
}
