import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { StoreOpenError } from '../../src/store/lmdb.files.js';
import { StoreQueryError } from '../../src/store/postgres.errors.js';
import { createPostgresStore } from '../../src/store/postgres.store.js';
import type { Store } from '../../src/store/store.js';
import { storeContract } from './store.contract.js';
import { doc } from './user-data.contract.js';
import { databaseProxy, databaseUrl, freePort, TEST_DATABASE_URL, testSchema } from './postgres.helpers.js';

const AT = new Date('2030-01-01T10:00:00.000Z');

// In CI (.ci/run starts PostgreSQL through scripts/test-postgres.sh) a missing database is a failure, not a skip.
describe.skipIf(!TEST_DATABASE_URL && !process.env.CI)('PostgreSQL store', () => {
  const schema = testSchema();
  let created = false;
  afterAll(() => schema.drop());

  storeContract('postgres', async () => {
    if (created) await schema.truncate();
    else await schema.create();
    created = true;
    const open = () => createPostgresStore({ url: databaseUrl(), schema: schema.name, poolSize: 4 });
    let current = await open();
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await open();
        return current;
      },
      cleanup: () => current.close(),
    };
  });

  describe('beyond the contract', () => {
    const stores: Store[] = [];
    const open = async (opts: { url?: string; statementTimeoutMs?: number } = {}) => {
      const store = await createPostgresStore({
        url: opts.url ?? databaseUrl(),
        schema: schema.name,
        poolSize: 4,
        ...opts,
      });
      stores.push(store);
      return store;
    };
    beforeAll(async () => {
      if (!created) await schema.create();
      created = true;
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    });

    it('migrates once when several instances start together, and keeps records append-only', async () => {
      const fresh = testSchema();
      await fresh.create();
      try {
        const instances = await Promise.all(
          [1, 2, 3].map(() => createPostgresStore({ url: databaseUrl(), schema: fresh.name })),
        );
        await Promise.all(instances.map((s) => s.close()));
        const { rows } = await fresh.sql('SELECT version FROM schema_migrations ORDER BY version');
        const versions = rows.map((r: { version: number }) => r.version);
        // Each migration applied exactly once, in order, although three instances raced to apply them.
        expect(versions).toEqual(versions.map((_: number, i: number) => i + 1));
        expect(versions.length).toBeGreaterThanOrEqual(2);
        await fresh.sql("INSERT INTO user_records VALUES ('web:u1', 1, 'triage', 'x', '{}')");
        await expect(fresh.sql('UPDATE user_records SET data = \'{"n":1}\'')).rejects.toThrow(/append-only/);
      } finally {
        await fresh.drop();
      }
    });

    it('hands each due reminder to one instance when instances claim at once', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      for (let i = 0; i < 30; i++)
        await a.addReminder({
          userKey: `web:r${i}`,
          conversationKey: `web:rc${i}`,
          dueAt: '2030-01-01T00:00:00.000Z',
          reference: {},
        });
      const claims = await Promise.all(
        [a, b, a, b].map((s) => s.claimDueReminders(new Date('2030-01-02T00:00:00Z'), 10)),
      );
      const ids = claims.flat().map((r) => r.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('leaves nothing of a user when another instance deletes them while turns commit', async () => {
      const [turns, deleter] = await Promise.all([open(), open()]);
      const users = Array.from({ length: 10 }, (_, i) => `web:x${i}`);
      const seeded = await Promise.all(
        users.map(async (userKey) => {
          const r = await turns.commitTurn({
            conversationKey: `${userKey}:c`,
            doc: doc(userKey, 1),
            expectedETag: undefined,
            at: AT,
            records: [{ kind: 'checkin', data: { left: 1 } }],
          });
          return { userKey, eTag: r.ok ? r.eTag : undefined, generation: await turns.getUserGeneration(userKey) };
        }),
      );
      await Promise.all(
        seeded.flatMap(({ userKey, eTag, generation }) => [
          turns.commitTurn({
            conversationKey: `${userKey}:c`,
            doc: doc(userKey, 2),
            expectedETag: eTag,
            at: AT,
            records: [{ kind: 'checkin', data: { left: 2 } }],
            profile: { age: 50 },
          }),
          turns.commitTurn({
            conversationKey: `${userKey}:d`,
            doc: doc(userKey, 1),
            expectedETag: undefined,
            userGeneration: generation,
            at: AT,
            records: [{ kind: 'triage', data: { disposition: 'urgent', flags: [] } }],
          }),
          deleter.deleteUser(userKey),
        ]),
      );
      for (const userKey of users) {
        expect(await turns.listRecords(userKey)).toEqual([]);
        expect(await turns.getUser(userKey)).toBeUndefined();
        expect(await turns.listConversations(userKey)).toEqual([]);
        expect(await turns.getUserGeneration(userKey)).toBeUndefined();
      }
    });

    it('rejects a commit with a StoreQueryError that quotes no value, and writes nothing, when a statement times out', async () => {
      const store = await open({ statementTimeoutMs: 300 });
      await store.saveUser('sms:+447700900123', { createdAt: 'a', updatedAt: 'b' });
      // Another session holds the user's row, so the commit waits past its statement timeout.
      await schema.sql('BEGIN');
      await schema.sql("SELECT 1 FROM user_activity WHERE user_key = 'sms:+447700900123' FOR UPDATE");
      try {
        const error = await store
          .commitTurn({
            conversationKey: 'sms:+447700900123',
            doc: doc('sms:+447700900123', 1),
            expectedETag: undefined,
            at: AT,
            dedup: { id: 'a:1', expiresAt: new Date('2030-01-02T00:00:00Z') },
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreQueryError);
        expect((error as StoreQueryError).code).toBe('57014');
        expect((error as Error).message).not.toMatch(/7700900123/);
      } finally {
        await schema.sql('ROLLBACK');
      }
      expect(await store.getConversation('sms:+447700900123')).toBeUndefined();
      expect(await store.hasMessageId('a:1', AT)).toBe(false);
      expect(
        await store.commitTurn({
          conversationKey: 'sms:+447700900123',
          doc: doc('sms:+447700900123', 1),
          expectedETag: undefined,
          at: AT,
        }),
      ).toMatchObject({ ok: true });
    });

    it('rejects while the database is unreachable, writes nothing, and works again once it is back', async () => {
      const proxy = await databaseProxy();
      try {
        const store = await open({ url: proxy.url, statementTimeoutMs: 1000 });
        expect(await store.getUser('web:gone')).toBeUndefined();
        await expect(store.ping()).resolves.toBeUndefined();
        proxy.cut();
        const error = await store
          .commitTurn({ conversationKey: 'web:gone', doc: doc('web:gone', 1), expectedETag: undefined, at: AT })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreQueryError);
        await expect(store.ping()).rejects.toBeInstanceOf(StoreQueryError);
        proxy.restore();
        await expect(store.ping()).resolves.toBeUndefined();
        const direct = await open();
        expect(await direct.getConversation('web:gone')).toBeUndefined();
        expect(
          await store.commitTurn({
            conversationKey: 'web:gone',
            doc: doc('web:gone', 1),
            expectedETag: undefined,
            at: AT,
          }),
        ).toMatchObject({ ok: true });
      } finally {
        await proxy.close();
      }
    });
  });

  describe('opening', () => {
    const password = 'pw-that-must-not-leak-0123';
    const withPassword = (url: string) => {
      const u = new URL(url);
      u.password = password;
      return u.toString();
    };
    const failure = async (url: string) => {
      const error = await openStore({ database: { url, poolSize: 1, statementTimeoutMs: 1000 } }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as Error).message).not.toContain(password);
      return (error as Error).message;
    };

    it('stops the start saying the database refused the connection when nothing listens there', async () => {
      const port = await freePort();
      expect(await failure(`postgres://bot:${password}@127.0.0.1:${port}/postgres`)).toMatch(
        new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`),
      );
    });

    it('stops the start saying the password was refused, without quoting it', async () => {
      expect(await failure(withPassword(databaseUrl()))).toMatch(/refused the password of user "bot"/);
    });

    it('stops the start saying the database does not exist', async () => {
      const u = new URL(databaseUrl());
      u.pathname = '/no_such_database';
      expect(await failure(u.toString())).toMatch(/database "no_such_database" does not exist/);
    });

    it('opens the PostgreSQL store through openStore when a database URL is given', async () => {
      const u = new URL(databaseUrl());
      u.searchParams.set('options', `-c search_path=${schema.name}`);
      const store = await openStore({ database: { url: u.toString(), poolSize: 2, statementTimeoutMs: 1000 } });
      try {
        expect(await store.getUser('web:nobody')).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  });
});
