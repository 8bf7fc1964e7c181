import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLmdbStore } from '../../src/store/lmdb.store.js';
import { openStore } from '../../src/store/index.js';
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
