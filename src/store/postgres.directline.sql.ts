import type { ActivitySet, ConversationLimits } from '../channels/directline.conversation.js';
import type { StorageOpenResult } from '../channels/directline.storage.js';
import type { Query } from './postgres.db.js';

/*
 * The SQL of the PostgreSQL Direct Line (tables in postgres.migrations.ts, versions 2 and 3). Times are
 * ms since the epoch, passed in from the instance's clock so that tests can move it.
 */

/** How a conversation is ranked for eviction, as in directline.conversations.ts. */
export interface RankParams {
  now: number;
  /** A conversation whose `stream_seen_at` is older than this has no open stream anywhere. */
  streamFreshMs: number;
  evictAfterMs: number;
}

/**
 * Eviction rank: 0 dead (no valid token), 1 abandoned, 2 listening only, 3 in use (never evicted).
 * $1 now, $2 stream freshness, $3 evictAfterMs.
 */
const RANK = `CASE
  WHEN token_expires_at <= $1::bigint THEN 0
  WHEN NOT user_messages THEN (CASE WHEN stream_seen_at > $1::bigint - $2::bigint THEN 2 ELSE 1 END)
  WHEN stream_seen_at <= $1::bigint - $2::bigint AND $1::bigint - last_active >= $3::bigint THEN 1
  ELSE 3 END`;

/** A condition on the conversations, given the number of its first parameter. */
type Where = (n: number) => string;

/** Ends a conversation that made room, telling its streams on every instance. */
async function evict(q: Query, id: string, channel: string): Promise<void> {
  await q('DELETE FROM directline_conversations WHERE id = $1', [id]);
  await q(`SELECT pg_notify($1, json_build_object('t', 'e', 'c', $2::text, 'r', 'gone')::text)`, [channel, id]);
}

/** The least valuable conversation among those `where` selects, or undefined when all are in use. */
async function victim(q: Query, p: RankParams, where: Where, values: readonly unknown[]): Promise<string | undefined> {
  const [row] = await q<{ id: string }>(
    `SELECT id FROM directline_conversations WHERE ${where(4)} AND ${RANK} < 3 ORDER BY ${RANK}, last_active LIMIT 1`,
    [p.now, p.streamFreshMs, p.evictAfterMs, ...values],
  );
  return row?.id;
}

/** Seconds until the least recently active of those `where` selects without a stream has been idle for evictAfterMs. */
async function retryAfter(q: Query, p: RankParams, where: Where, values: readonly unknown[]): Promise<number> {
  const [row] = await q<{ soonest: string | null }>(
    `SELECT min(last_active)::text AS soonest FROM directline_conversations
     WHERE ${where(3)} AND stream_seen_at <= $1::bigint - $2::bigint`,
    [p.now, p.streamFreshMs, ...values],
  );
  if (row?.soonest == null) return 60;
  return Math.max(1, Math.ceil((Number(row.soonest) + p.evictAfterMs - p.now) / 1000));
}

const ofClient: Where = (n) => `client = $${n}`;
const any: Where = () => 'true';
const used: Where = () => 'user_messages';

/** What `open` needs besides the conversation. */
export interface OpenParams extends RankParams {
  id: string;
  userId: string;
  userKey: string;
  client: string;
  tokenExpiresAt: number;
  /** Set when a client takes the conversation up again: where it starts if its rows were swept (see `OpenOptions`). */
  watermark: number | undefined;
  limits: Pick<ConversationLimits, 'maxConversations' | 'maxPerClient'>;
  channel: string;
}

/**
 * Opens a conversation inside a transaction: the bounds are counted under an advisory lock, so
 * instances opening at once cannot both take the last place.
 */
export async function openIn(q: Query, p: OpenParams): Promise<StorageOpenResult> {
  const [existing] = await q<{ watermark: string }>(
    `UPDATE directline_conversations SET last_active = GREATEST(last_active, $2), token_expires_at = GREATEST(token_expires_at, $3)
     WHERE id = $1 RETURNING watermark::text`,
    [p.id, p.now, p.tokenExpiresAt],
  );
  if (existing)
    return {
      ok: true,
      conversation: { id: p.id, userId: p.userId, watermark: Number(existing.watermark), streams: 0 },
    };
  if ((await q('SELECT 1 FROM directline_ended WHERE id = $1', [p.id])).length) return { ok: false, reason: 'ended' };
  await q("SELECT pg_advisory_xact_lock(hashtext('sciatica-bot/directline/open/' || current_schema()))");
  const [mine] = await q<{ n: number }>('SELECT count(*)::int AS n FROM directline_conversations WHERE client = $1', [
    p.client,
  ]);
  if (mine!.n >= p.limits.maxPerClient) {
    const id = await victim(q, p, ofClient, [p.client]);
    if (!id)
      return { ok: false, reason: 'client-limit', retryAfterSeconds: await retryAfter(q, p, ofClient, [p.client]) };
    await evict(q, id, p.channel);
  }
  const [all] = await q<{ n: number }>('SELECT count(*)::int AS n FROM directline_conversations');
  if (all!.n >= p.limits.maxConversations) {
    const id = await victim(q, p, any, []);
    if (!id) return { ok: false, reason: 'full', retryAfterSeconds: await retryAfter(q, p, used, []) };
    await evict(q, id, p.channel);
  }
  const resumed = p.watermark !== undefined;
  await q(
    `INSERT INTO directline_conversations (id, user_key, user_id, client, token_expires_at, last_active, watermark, id_tag)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      p.id,
      p.userKey,
      p.userId,
      p.client,
      p.tokenExpiresAt,
      p.now,
      p.watermark ?? 0,
      resumed ? `.${p.now.toString(36)}` : '',
    ],
  );
  return { ok: true, conversation: { id: p.id, userId: p.userId, watermark: p.watermark ?? 0, streams: 0 } };
}

/**
 * Appends an activity in one statement: the conversation's row lock orders appends, the activity
 * gets its id (`<conversation>|<seq, 7 digits>`, as Direct Line's, then the conversation's
 * `id_tag`), the oldest activities past `maxActivities` drop off, and the instances listening are
 * told at commit. The seq of the activity and the tag, or undefined when the conversation is gone.
 */
export async function appendActivity(
  q: Query,
  p: { id: string; activity: string; fromUser: boolean; now: number; maxActivities: number; channel: string },
): Promise<{ seq: number; idTag: string } | undefined> {
  const [row] = await q<{ seq: string; id_tag: string }>(
    `WITH c AS (
       UPDATE directline_conversations SET watermark = watermark + 1, user_messages = user_messages OR $3::boolean,
         last_active = CASE WHEN $3::boolean THEN GREATEST(last_active, $4::bigint) ELSE last_active END
       WHERE id = $1 RETURNING id, watermark - 1 AS seq, id_tag
     ), ins AS (
       INSERT INTO directline_activities (conversation_id, seq, activity)
       SELECT id, seq, ($2::jsonb || jsonb_build_object('id', id || '|' || (
         CASE WHEN seq > 9999999 THEN seq::text ELSE lpad(seq::text, 7, '0') END) || id_tag))::json
       FROM c RETURNING conversation_id, seq
     ), trimmed AS (
       DELETE FROM directline_activities d USING c WHERE d.conversation_id = c.id AND d.seq <= c.seq - $5::int
     )
     SELECT ins.seq::text, c.id_tag, pg_notify($6::text, json_build_object('t', 'a', 'c', ins.conversation_id, 'w', ins.seq + 1)::text)
     FROM ins, c`,
    [p.id, p.activity, p.fromUser, p.now, p.maxActivities, p.channel],
  );
  return row ? { seq: Number(row.seq), idTag: row.id_tag } : undefined;
}

/** A page of activities from `watermark`; undefined for an unknown conversation or a watermark from the future. */
export async function readSince(
  q: Query,
  id: string,
  watermark: number,
  pageSize: number,
): Promise<ActivitySet | undefined> {
  const rows = await q<{ watermark: string; seq: string | null; activity: ActivitySet['activities'][number] | null }>(
    `SELECT c.watermark::text, a.seq::text, a.activity FROM directline_conversations c
     LEFT JOIN LATERAL (
       SELECT seq, activity FROM directline_activities WHERE conversation_id = c.id AND seq >= $2 ORDER BY seq LIMIT $3
     ) a ON true
     WHERE c.id = $1 ORDER BY a.seq`,
    [id, watermark, pageSize],
  );
  if (!rows.length || watermark > Number(rows[0]!.watermark)) return undefined;
  const kept = rows.filter((r) => r.seq !== null && r.activity !== null);
  const last = kept.at(-1);
  return { activities: kept.map((r) => r.activity!), watermark: String(last ? Number(last.seq) + 1 : watermark) };
}

/** Deletes dead and idle conversations (telling their streams) and expired ends; returns how many conversations went. */
export async function sweepIn(
  q: Query,
  p: { now: number; streamFreshMs: number; idleMs: number; channel: string },
): Promise<number> {
  const gone = await q(
    `WITH gone AS (
       DELETE FROM directline_conversations
       WHERE token_expires_at <= $1::bigint
          OR (stream_seen_at <= $1::bigint - $2::bigint AND last_active < $1::bigint - $3::bigint)
       RETURNING id
     )
     SELECT pg_notify($4::text, json_build_object('t', 'e', 'c', id, 'r', 'gone')::text) FROM gone`,
    [p.now, p.streamFreshMs, p.idleMs, p.channel],
  );
  await q('DELETE FROM directline_ended WHERE expires_at <= $1', [p.now]);
  return gone.length;
}
