import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '../store/postgres.helpers.js';

/** Runs one statement on the test cluster's administrative database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The name of a database the tests created, from its URL (never anything else: it is dropped). */
function nameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^bot_test_[0-9a-f]{12}$/.test(name)) throw new Error('not a test database');
  return name;
}

/**
 * A new, empty database on the test cluster (TEST_DATABASE_URL), for a bot to run on through
 * DATABASE_URL exactly as in production: the store migrates it at start.
 */
export async function createTestDatabase(): Promise<{ url: string }> {
  const name = `bot_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  return { url: url.toString() };
}

/** Drops a database made by {@link createTestDatabase}, closing whatever still holds a connection to it. */
export async function dropTestDatabase(url: string): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${nameOf(url)} WITH (FORCE)`);
}
