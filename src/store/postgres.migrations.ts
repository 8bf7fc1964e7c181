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
