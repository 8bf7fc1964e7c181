import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { turnMarkId, turnMarkIds } from '../../src/bot/turn-mark.js';
import { MARKS_PER_CONVERSATION } from '../../src/store/lmdb.marks.js';
import { createLmdbStore, type LmdbStore } from '../../src/store/lmdb.store.js';
import { openStore, storeOptionsFromConfig } from '../../src/store/index.js';
import { StoreOpenError } from '../../src/store/lmdb.files.js';
import type { ConversationAccount } from 'botbuilder';
import { open } from 'lmdb';
import type { ConversationDoc } from '../../src/store/store.js';
import { storeContract } from './store.contract.js';

const KEY = 'a-store-key-of-at-least-32-characters!';

for (const encryptionKey of [undefined, KEY]) {
  storeContract(encryptionKey ? 'lmdb (encrypted)' : 'lmdb', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-lmdb-'));
    const make = () => createLmdbStore({ path: dir, ...(encryptionKey && { encryptionKey }) });
    let current = await make();
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await make();
        return current;
      },
      cleanup: async () => {
        await current.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

describe('openStore', () => {
  it('creates the data directory and persists data when given a dataDir that does not exist', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'store-open-'));
    const dataDir = path.join(root, 'nested', 'data');
    try {
      const store = await openStore({ dataDir });
      await store.saveUser('web:u1', { createdAt: 'a', updatedAt: 'b' });
      await store.close();
      expect(fs.existsSync(dataDir)).toBe(true);
      const reopened = await openStore({ dataDir });
      expect(await reopened.getUser('web:u1')).toEqual({ createdAt: 'a', updatedAt: 'b' });
      await reopened.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('warns once, without any secret, when the store is opened without an encryption key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-open-'));
    try {
      const warn = vi.fn();
      await (await openStore({ dataDir: dir, logger: { warn } })).close();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![1]).toMatch(/STORE_ENCRYPTION_KEY not set/);
      warn.mockClear();
      await (await openStore({ dataDir: path.join(dir, 'encrypted'), encryptionKey: KEY, logger: { warn } })).close();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks for PostgreSQL when DATABASE_URL is set and for LMDB under DATA_DIR otherwise', () => {
    const config = {
      DATA_DIR: './data',
      DATABASE_POOL_SIZE: 3,
      DATABASE_STATEMENT_TIMEOUT_MS: 700,
      STORE_ENCRYPTION_KEY: undefined,
    };
    expect(storeOptionsFromConfig({ ...config, DATABASE_URL: undefined })).toEqual({
      dataDir: path.resolve('./data'),
      encryptionKey: undefined,
    });
    const warn = vi.fn();
    const url = 'postgres://bot:pw@db:5432/bot';
    expect(storeOptionsFromConfig({ ...config, DATABASE_URL: url, STORE_ENCRYPTION_KEY: KEY }, { warn })).toEqual({
      database: { url, poolSize: 3, statementTimeoutMs: 700 },
      logger: { warn },
    });
    expect(warn.mock.calls[0]![1]).toMatch(/STORE_ENCRYPTION_KEY is for the embedded store only/);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(KEY);
  });

  it('returns an empty in-memory store when asked for memory', async () => {
    const store = await openStore({ memory: true });
    expect(await store.getUser('web:u1')).toBeUndefined();
    await store.close();
  });
});

describe('LMDB store written by an earlier version', () => {
  it('keeps conversations saved in the unversioned layout when the store is opened again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-legacy-'));
    try {
      const legacyEnv = open({ path: path.join(dir, 'store.mdb') });
      const legacy = legacyEnv.openDB<{ doc: ConversationDoc; eTag: string }, string>({ name: 'conversations' });
      const doc: ConversationDoc = {
        userKey: 'web:u1',
        machineVersion: 6,
        snapshot: { value: 'consent' },
        updatedAt: 'x',
      };
      await legacy.put('web:c1', { doc, eTag: 'old-etag' });
      await legacyEnv.close();

      const store = await createLmdbStore({ path: dir });
      const stored = await store.getConversation('web:c1');
      expect(stored?.doc).toEqual(doc);
      const next = await store.saveConversation('web:c1', { ...doc, updatedAt: 'y' }, stored!.eTag);
      expect(await store.isCurrent('web:c1', next)).toBe(true);
      await store.close();

      // The move happens once: opening again neither duplicates nor resurrects anything.
      const reopened = await createLmdbStore({ path: dir });
      expect((await reopened.getConversation('web:c1'))?.doc.updatedAt).toBe('y');
      await reopened.deleteUser('web:u1');
      await reopened.close();
      const last = await createLmdbStore({ path: dir });
      expect(await last.getConversation('web:c1')).toBeUndefined();
      await last.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LMDB store written before user generations were kept', () => {
  it('gives every stored user a generation when the store is opened again, which a commit then checks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-generations-'));
    try {
      const first = await createLmdbStore({ path: dir });
      await first.saveUser('web:u1', { createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });
      await first.close();
      // As an earlier version left it: no generations, no flag saying they were worked out.
      const env = open({ path: path.join(dir, 'store.mdb'), maxDbs: 20 });
      await env.openDB({ name: 'user-generations' }).clearAsync();
      await env.openDB({ name: 'meta' }).remove('generations-v1');
      await env.close();

      const store = await createLmdbStore({ path: dir });
      const generation = await store.getUserGeneration('web:u1');
      expect(generation).toEqual(expect.any(String));
      await store.deleteUser('web:u1');
      const at = new Date('2030-01-01T00:00:00Z');
      const commit = {
        conversationKey: 'web:c1',
        doc: { userKey: 'web:u1', machineVersion: 1, snapshot: {}, updatedAt: at.toISOString() },
        expectedETag: undefined,
        at,
      };
      expect(await store.commitTurn({ ...commit, userGeneration: generation })).toEqual({
        ok: false,
        reason: 'deleted',
      });
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LMDB store encryption at rest', () => {
  const withDir = async (run: (dir: string) => Promise<void>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-key-'));
    try {
      await run(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const profile = {
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    note: 'plain-canary-sentence',
  };
  const holds = (dir: string, text: string) => fs.readFileSync(path.join(dir, 'store.mdb')).includes(text);

  it('refuses to open an encrypted store without a key or with another key, with a message saying what to do', async () => {
    await withDir(async (dir) => {
      const store = await createLmdbStore({ path: dir, encryptionKey: KEY });
      await store.saveUser('web:u1', profile);
      await store.close();
      const noKey = await createLmdbStore({ path: dir }).catch((e: unknown) => e);
      expect(noKey).toBeInstanceOf(StoreOpenError);
      expect((noKey as Error).message).toBe(
        'the store in DATA_DIR is encrypted: set STORE_ENCRYPTION_KEY to the key it was written with',
      );
      const wrongKey = await createLmdbStore({ path: dir, encryptionKey: `${KEY}-but-another` }).catch(
        (e: unknown) => e,
      );
      expect(wrongKey).toBeInstanceOf(StoreOpenError);
      expect((wrongKey as Error).message).toBe(
        'STORE_ENCRYPTION_KEY is not the key the store in DATA_DIR was encrypted with',
      );
      expect((wrongKey as Error).message).not.toContain(KEY);
      // Nothing was changed by the refused starts.
      const again = await createLmdbStore({ path: dir, encryptionKey: KEY });
      expect(await again.getUser('web:u1')).toEqual(profile);
      await again.close();
    });
  });

  it('refuses to open an encrypted store whose key check file is gone, rather than guess', async () => {
    await withDir(async (dir) => {
      await (await createLmdbStore({ path: dir, encryptionKey: KEY })).close();
      fs.rmSync(path.join(dir, 'store.key-check'));
      await expect(createLmdbStore({ path: dir, encryptionKey: KEY })).rejects.toThrow(/store\.key-check is missing/);
    });
  });

  it('refuses a file that is not an LMDB store', async () => {
    await withDir(async (dir) => {
      fs.writeFileSync(path.join(dir, 'store.mdb'), 'not a database at all, just some text long enough for a header');
      await expect(createLmdbStore({ path: dir })).rejects.toBeInstanceOf(StoreOpenError);
    });
  });

  it('encrypts a plain store, once, when a key is first set, keeping every entry and eTag', async () => {
    await withDir(async (dir) => {
      const plain = await createLmdbStore({ path: dir });
      await plain.saveUser('web:u1', profile);
      const eTag = await plain.saveConversation(
        'web:c1',
        { userKey: 'web:u1', machineVersion: 1, snapshot: { s: 1 }, updatedAt: profile.updatedAt },
        undefined,
      );
      await plain.close();
      expect(holds(dir, 'plain-canary-sentence')).toBe(true);

      const encrypted = await createLmdbStore({ path: dir, encryptionKey: KEY });
      expect(await encrypted.getUser('web:u1')).toEqual(profile);
      expect(await encrypted.isCurrent('web:c1', eTag)).toBe(true);
      expect(await encrypted.listConversations('web:u1')).toEqual(['web:c1']);
      await encrypted.close();
      expect(holds(dir, 'plain-canary-sentence')).toBe(false);
      expect(fs.readdirSync(dir).sort()).toEqual(['store.key-check', 'store.mdb', 'store.mdb-lock']);
      await expect(createLmdbStore({ path: dir })).rejects.toThrow(/is encrypted/);
    });
  });

  it('discards a copy left by a crash in the middle of a rewrite and opens the intact store', async () => {
    await withDir(async (dir) => {
      const store = await createLmdbStore({ path: dir });
      await store.saveUser('web:u1', profile);
      await store.close();
      fs.writeFileSync(path.join(dir, 'store.mdb.rewrite'), 'half a copy');
      const reopened = await createLmdbStore({ path: dir });
      expect(await reopened.getUser('web:u1')).toEqual(profile);
      expect(fs.existsSync(path.join(dir, 'store.mdb.rewrite'))).toBe(false);
      await reopened.close();
    });
  });
});

describe('LMDB store rewrite after deletes', () => {
  const doc = (userKey: string, n: number): ConversationDoc => ({
    userKey,
    machineVersion: 1,
    snapshot: { n },
    updatedAt: '2030-01-01T00:00:00.000Z',
  });

  it('keeps every live entry, eTag, index and mark through a rewrite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-rewrite-'));
    try {
      const store = await createLmdbStore({ path: dir, encryptionKey: KEY });
      const eTag = await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
      await store.saveUser('web:u1', { createdAt: 'a', updatedAt: '2024-01-01T00:00:00.000Z' });
      const first = await store.appendRecord('web:u1', { kind: 'checkin', data: { pain: 3 } });
      const reminder = await store.addReminder({
        userKey: 'web:u1',
        conversationKey: 'web:c1',
        dueAt: '2030-01-02T00:00:00.000Z',
        reference: { r: 1 },
      });
      await store.claimMessageId('sms:SM1', new Date('2030-01-01T00:00:00Z'), new Date('2030-01-02T00:00:00Z'));
      await store.saveUser('web:gone', { createdAt: 'a', updatedAt: 'b' });
      await store.deleteUser('web:gone');
      await store.compact();
      expect(await store.isCurrent('web:c1', eTag)).toBe(true);
      expect(await store.listConversations('web:u1')).toEqual(['web:c1']);
      expect((await store.appendRecord('web:u1', { kind: 'checkin', data: {} })).seq).toBe(first.seq + 1);
      expect(await store.claimDueReminders(new Date('2030-01-03T00:00:00Z'), 5)).toMatchObject([{ id: reminder.id }]);
      expect(
        await store.claimMessageId('sms:SM1', new Date('2030-01-01T01:00:00Z'), new Date('2030-01-02T00:00:00Z')),
      ).toBe(false);
      expect(await store.listIdleUsers(new Date('2040-01-01T00:00:00Z'), 10)).toEqual(['web:u1']);
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds ops asked for during a rewrite and applies them afterwards, in order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-rewrite-'));
    try {
      const store = await createLmdbStore({ path: dir });
      await store.saveUser('web:u1', { createdAt: 'a', updatedAt: 'b' });
      const rewrite = store.compact();
      const writes = [
        store.saveUser('web:u2', { createdAt: 'a', updatedAt: 'b' }),
        store.saveConversation('web:c2', doc('web:u2', 1), undefined),
        store.saveUser('web:u3', { createdAt: 'a', updatedAt: 'b' }),
        store.deleteUser('web:u3'),
      ];
      await Promise.all([rewrite, ...writes]);
      expect(await store.getUser('web:u1')).toBeDefined();
      expect(await store.getUser('web:u2')).toBeDefined();
      expect(await store.listConversations('web:u2')).toEqual(['web:c2']);
      expect(await store.getUser('web:u3')).toBeUndefined();
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rewrites the file by itself shortly after a delete', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-rewrite-'));
    try {
      const store = await createLmdbStore({ path: dir, rewriteDelayMs: 10 });
      await store.saveUser('web:u1', { createdAt: 'a', updatedAt: 'b', note: 'delete-me-canary' });
      await store.deleteUser('web:u1');
      expect(fs.readFileSync(path.join(dir, 'store.mdb')).includes('delete-me-canary')).toBe(true);
      await vi.waitFor(
        () => expect(fs.readFileSync(path.join(dir, 'store.mdb')).includes('delete-me-canary')).toBe(false),
        { timeout: 5000 },
      );
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LMDB store written before activity was kept', () => {
  it('works out the last activity of existing users once, so the retention sweep finds them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-backfill-'));
    try {
      const env = open({ path: path.join(dir, 'store.mdb') });
      await env.openDB({ name: 'users' }).put('web:old', { createdAt: 'a', updatedAt: '2024-01-01T00:00:00.000Z' });
      await env
        .openDB({ name: 'records' })
        .put(['web:old', 1], { kind: 'triage', at: '2024-02-01T00:00:00.000Z', seq: 1, data: {} });
      await env.openDB({ name: 'users' }).put('web:recent', { createdAt: 'a', updatedAt: '2024-01-01T00:00:00.000Z' });
      await env
        .openDB({ name: 'records' })
        .put(['web:recent', 1], { kind: 'triage', at: '2025-06-01T00:00:00.000Z', seq: 1, data: {} });
      await env.close();
      const store = await createLmdbStore({ path: dir });
      expect(await store.listIdleUsers(new Date('2024-02-01T00:00:00Z'), 10)).toEqual([]);
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual(['web:old']);
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LMDB store written before the marks lost their expiry index', () => {
  it('sweeps the marks an earlier version left when they expire, and drops its expiry index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-marks-'));
    const legacy = 'turn:0123456789abcdefghijABCDEFGHIJ_-0123456';
    const t0 = new Date('2030-01-01T00:00:00Z');
    const expires = t0.getTime() + 3_600_000;
    try {
      await (await createLmdbStore({ path: dir })).close();
      // As an earlier version left it: one entry per mark, an expiry index beside them, no flag.
      const env = open({ path: path.join(dir, 'store.mdb'), maxDbs: 20 });
      await env.openDB({ name: 'message-ids' }).put(legacy, expires);
      await env.openDB({ name: 'message-expiry' }).put([expires, legacy], true);
      await env.openDB({ name: 'meta' }).remove('message-expiry-dropped-v1');
      await env.close();

      const store = await createLmdbStore({ path: dir });
      expect(await store.hasMessageId(legacy, t0)).toBe(true);
      expect(await store.deleteExpiredMessageIds(new Date(expires))).toBe(1);
      expect(await store.hasMessageId(legacy, t0)).toBe(false);
      await store.close();

      const after = open({ path: path.join(dir, 'store.mdb'), maxDbs: 20, readOnly: true });
      const names = Array.from(after.getKeys(), String);
      await after.close();
      expect(names).not.toContain('message-expiry');
      expect(names).toContain('message-ids');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LMDB store: the turn marks of a conversation kept together', () => {
  const t0 = new Date('2030-01-01T00:00:00Z');
  const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const mark = (conversation: string, id: string) =>
    turnMarkId({ id, channelId: 'directline', conversation: { id: conversation } as ConversationAccount })!;
  /** Runs `test` on a new LMDB store in a directory of its own, removed afterwards. */
  const withStore = async (test: (store: LmdbStore) => Promise<void>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-marks-'));
    const store = await createLmdbStore({ path: dir });
    try {
      await test(store);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('gives an activity the mark id of earlier versions too (turn: and the whole digest), for retries across an upgrade', () => {
    const ids = turnMarkIds({ id: 'a1', channelId: 'webchat', conversation: { id: 'c1' } as ConversationAccount });
    const digest = createHash('sha256').update('webchat\nc1\na1').digest('base64url');
    expect(ids?.legacy).toBe(`turn:${digest}`);
    expect(ids?.id).toMatch(/^turn:[\w-]{16}\.[\w-]{12}$/);
  });

  it('knows each activity of a conversation apart from the others and from other conversations', () =>
    withStore(async (store) => {
      for (let i = 0; i < 5; i++) expect(await store.claimMessageId(mark('c1', `a${i}`), t0, later(60))).toBe(true);
      expect(await store.claimMessageId(mark('c1', 'a3'), later(1), later(61))).toBe(false);
      expect(await store.hasMessageId(mark('c1', 'a9'), later(1))).toBe(false);
      expect(await store.hasMessageId(mark('c2', 'a3'), later(1))).toBe(false);
      expect(await store.hasMessageId(mark('c1', 'a0'), later(59))).toBe(true);
      expect(await store.hasMessageId(mark('c1', 'a0'), later(60))).toBe(false);
    }));

  it('sweeps expired marks page by page past the first page, keeping the others', () =>
    withStore(async (store) => {
      await Promise.all(
        Array.from({ length: 2_500 }, (_, i) => store.claimMessageId(`sms:SM${i}`, t0, later(i % 2 ? 120 : 10))),
      );
      expect(await store.deleteExpiredMessageIds(later(60))).toBe(1_250);
      expect(await store.hasMessageId('sms:SM0', later(1))).toBe(false);
      expect(await store.hasMessageId('sms:SM2499', later(61))).toBe(true);
      expect(await store.deleteExpiredMessageIds(later(60))).toBe(0);
    }));

  it('keeps the latest marks of a long conversation and sweeps a conversation once all its marks expired', () =>
    withStore(async (store) => {
      const n = MARKS_PER_CONVERSATION + 6;
      for (let i = 0; i < n; i++) await store.claimMessageId(mark('c1', `a${i}`), later(i), later(i + 1000));
      await store.claimMessageId(mark('c2', 'a0'), t0, later(10));
      expect(await store.hasMessageId(mark('c1', 'a0'), later(n))).toBe(false);
      expect(await store.hasMessageId(mark('c1', `a${n - MARKS_PER_CONVERSATION}`), later(n))).toBe(true);
      expect(await store.hasMessageId(mark('c1', `a${n - 1}`), later(n))).toBe(true);
      expect(await store.deleteExpiredMessageIds(later(20))).toBe(1);
      expect(await store.hasMessageId(mark('c1', `a${n - 1}`), later(20))).toBe(true);
      expect(await store.deleteExpiredMessageIds(later(n + 1000))).toBe(1);
      expect(await store.hasMessageId(mark('c1', `a${n - 1}`), t0)).toBe(false);
    }));
});
