import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLmdbStore } from '../../src/store/lmdb.store.js';
import { openStore } from '../../src/store/index.js';
import { open } from 'lmdb';
import type { ConversationDoc } from '../../src/store/store.js';
import { storeContract } from './store.contract.js';

storeContract('lmdb', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-lmdb-'));
  let current = await createLmdbStore({ path: dir });
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await createLmdbStore({ path: dir });
      return current;
    },
    cleanup: async () => {
      await current.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

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
      const doc: ConversationDoc = { userKey: 'web:u1', machineVersion: 6, snapshot: { value: 'consent' }, updatedAt: 'x' };
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
