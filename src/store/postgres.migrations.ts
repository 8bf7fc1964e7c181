import type pg from 'pg';

/** One step of the schema; applied once, in version order, never edited once released. */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The PostgreSQL schema, as versioned steps. Released steps are never changed: a change is a new
 * step. Steps stay compatible with the code of the previous release (add, then use, then drop in
 * a later release), because during a rolling deploy old and new instances share the database.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'store',
    sql: `
      -- One row per user with data: the retention activity day, the generation a turn's commit checks,
      -- and the row every write of the user locks first, so writes and deletes of a user serialize.
      CREATE TABLE user_activity (
        user_key text PRIMARY KEY,
        day text NOT NULL CHECK (day ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        generation text NOT NULL
      );
      CREATE INDEX user_activity_day ON user_activity (day);

      -- The eTag of a snapshot: a version from a sequence, never reused, not even after a delete.
      CREATE SEQUENCE conversation_version;
      CREATE TABLE conversations (
        conversation_key text PRIMARY KEY,
        user_key text NOT NULL,
        doc jsonb NOT NULL,
        version bigint NOT NULL
      );
      CREATE INDEX conversations_user ON conversations (user_key);

      CREATE TABLE user_profiles (
        user_key text PRIMARY KEY,
        profile jsonb NOT NULL
      );

      CREATE TABLE user_records (
        user_key text NOT NULL,
        seq bigint NOT NULL,
        kind text NOT NULL,
        at text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (user_key, seq)
      );
      -- Append-only: a record is never changed (deleting a user removes their records).
      CREATE FUNCTION user_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'user_records is append-only' USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER user_records_append_only BEFORE UPDATE ON user_records
        FOR EACH ROW EXECUTE FUNCTION user_records_append_only();

      CREATE TABLE reminders (
        id uuid PRIMARY KEY,
        user_key text NOT NULL,
        conversation_key text NOT NULL,
        due_at timestamptz NOT NULL,
        reference jsonb,
        created_at timestamptz NOT NULL,
        claimed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0
      );
      CREATE INDEX reminders_due ON reminders (due_at) WHERE claimed_at IS NULL;
      CREATE INDEX reminders_user ON reminders (user_key);

      -- Channel retries (SMS MessageSids) and activities already handled, until they expire.
      CREATE TABLE message_ids (
        id text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX message_ids_expiry ON message_ids (expires_at);
    `,
  },
  {
    version: 2,
    name: 'directline',
    sql: `
      -- The self-hosted Direct Line's conversations, shared by every instance (store/postgres.directline.ts).
      -- Times are ms since the epoch from the instances' clocks. watermark: the seq the next activity gets.
      -- stream_seen_at: when an instance last said it holds a WebSocket of the conversation.
      CREATE TABLE directline_conversations (
        id text PRIMARY KEY,
        user_key text NOT NULL,
        user_id text NOT NULL,
        client text NOT NULL,
        watermark bigint NOT NULL DEFAULT 0,
        token_expires_at bigint NOT NULL,
        last_active bigint NOT NULL,
        user_messages boolean NOT NULL DEFAULT false,
        stream_seen_at bigint NOT NULL DEFAULT 0
      );
      CREATE INDEX directline_conversations_user ON directline_conversations (user_key);
      CREATE INDEX directline_conversations_client ON directline_conversations (client);

      CREATE TABLE directline_activities (
        conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        activity json NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );

      -- Conversations ended with their user's data: their tokens are refused until the row expires.
      CREATE TABLE directline_ended (
        id text PRIMARY KEY,
        expires_at bigint NOT NULL
      );

      -- The LISTEN/NOTIFY channel of this schema's Direct Line (an identifier of 27 characters).
      CREATE FUNCTION directline_channel() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT 'directline_' || left(md5(current_schema()), 16)
      $$;

      -- Ends the Direct Line conversations of a Store user: transcript deleted, tokens refused for at
      -- least an hour past the last one's expiry, streams told on every instance when this commits.
      CREATE FUNCTION directline_end_user(key text) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        gone record;
        now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
      BEGIN
        FOR gone IN DELETE FROM directline_conversations WHERE user_key = key RETURNING id, token_expires_at LOOP
          INSERT INTO directline_ended (id, expires_at) VALUES (gone.id, GREATEST(gone.token_expires_at, now_ms) + 3600000)
            ON CONFLICT (id) DO UPDATE SET expires_at = GREATEST(directline_ended.expires_at, EXCLUDED.expires_at);
          PERFORM pg_notify(directline_channel(), json_build_object('t', 'e', 'c', gone.id, 'r', 'deleted')::text);
        END LOOP;
      END $$;

      -- Deleting a user (forget me, retention) removes their activity row first, in the same
      -- transaction: their Direct Line conversations end with it, all or nothing.
      CREATE FUNCTION directline_user_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM directline_end_user(OLD.user_key);
        RETURN OLD;
      END $$;
      CREATE TRIGGER directline_user_deleted AFTER DELETE ON user_activity
        FOR EACH ROW EXECUTE FUNCTION directline_user_deleted();
    `,
  },
  {
    version: 3,
    name: 'directline resume',
    sql: `
      -- What the ids of a conversation taken up again after its rows were swept end with, so that
      -- none repeats an id of before ('' for every other conversation).
      ALTER TABLE directline_conversations ADD COLUMN id_tag text NOT NULL DEFAULT '';
    `,
  },
];

/** How long start-up waits for another instance's migration (the lock) and for the steps themselves. */
const MIGRATION_TIMEOUT = '120s';

/**
 * Brings the schema in the connection's current schema up to date, in one transaction under an
 * advisory lock, so instances starting together migrate once: the first applies the missing
 * steps, the others wait and find nothing left to do. Versions applied by a newer release are
 * left alone. Returns the versions applied now.
 */
export async function migrate(client: pg.ClientBase): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL statement_timeout = '${MIGRATION_TIMEOUT}'`);
    await client.query("SELECT pg_advisory_xact_lock(hashtext('sciatica-bot/migrations/' || current_schema()))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
