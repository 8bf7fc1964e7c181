import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

/** The throwaway database of scripts/test-postgres.sh (`.ci/run` always starts one). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The URL the tests use, or a failure saying how to get one (CI never skips these tests). */
export function databaseUrl(): string {
  if (!TEST_DATABASE_URL)
    throw new Error('TEST_DATABASE_URL is not set: run the tests through scripts/test-postgres.sh');
  return TEST_DATABASE_URL;
}

/** A schema of its own for one test file, dropped at the end; `truncate` empties the store's tables. */
export function testSchema() {
  const name = `test_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client | undefined;
  const connect = async () => {
    if (!admin) {
      admin = new pg.Client({ connectionString: databaseUrl() });
      await admin.connect();
    }
    return admin;
  };
  return {
    name,
    /** Runs SQL as the test's administrator, in the test schema. */
    async sql(text: string, values?: unknown[]) {
      const c = await connect();
      await c.query(`SET search_path = ${name}`);
      return c.query(text, values);
    },
    async create() {
      await (await connect()).query(`CREATE SCHEMA ${name}`);
    },
    async truncate() {
      await (
        await connect()
      ).query(
        `TRUNCATE ${['conversations', 'user_profiles', 'user_records', 'reminders', 'user_activity', 'message_ids'].map((t) => `${name}.${t}`).join(', ')}`,
      );
    },
    async drop() {
      await (await connect()).query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await admin?.end();
      admin = undefined;
    },
  };
}

/** A free TCP port on 127.0.0.1 with nothing listening on it. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A TCP proxy in front of the test database, so a test can make the database unreachable
 * (every connection cut, new ones refused) and reachable again.
 */
export async function databaseProxy() {
  const target = new URL(databaseUrl());
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
