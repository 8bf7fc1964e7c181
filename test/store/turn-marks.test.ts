import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLmdbStore } from '../../src/store/lmdb.store.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store } from '../../src/store/store.js';

/** A store under test, and how to reopen it over the same data (persistent stores only). */
interface Fixture {
  store: Store;
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

/**
 * The contract of an activity's de-duplication mark (CONTRACT §1), for every store: a turn asks
 * `hasMessageId` before it decides and marks the activity with `claimMessageId` once it is saved.
 */
function turnMarkContract(name: string, make: () => Promise<Fixture>): void {
  describe(`${name}: activity marks`, () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const later = (hours: number) => new Date(t0.getTime() + hours * 3600_000);
    let fx: Fixture;
    let store: Store;
    beforeEach(async () => {
      fx = await make();
      store = fx.store;
    });
    afterEach(() => fx.cleanup());

    it('does not know an activity until it is marked, and asking does not mark it', async () => {
      expect(await store.hasMessageId('turn:a', t0)).toBe(false);
      expect(await store.hasMessageId('turn:a', t0)).toBe(false);
      expect(await store.claimMessageId('turn:a', t0, later(24))).toBe(true);
    });

    it('knows a marked activity until its mark expires, and only that activity', async () => {
      await store.claimMessageId('turn:a', t0, later(24));
      expect(await store.hasMessageId('turn:a', later(1))).toBe(true);
      expect(await store.hasMessageId('turn:b', later(1))).toBe(false);
      expect(await store.hasMessageId('turn:a', later(24))).toBe(false);
    });

    it('forgets an expired mark in the sweep and keeps the others', async () => {
      await store.claimMessageId('turn:old', t0, later(1));
      await store.claimMessageId('turn:new', t0, later(48));
      expect(await store.deleteExpiredMessageIds(later(2))).toBe(1);
      expect(await store.hasMessageId('turn:old', t0)).toBe(false);
      expect(await store.hasMessageId('turn:new', later(2))).toBe(true);
    });

    it('keeps marks when the store is closed and reopened', async (ctx) => {
      if (!fx.reopen) return ctx.skip();
      await store.claimMessageId('turn:a', t0, later(24));
      store = await fx.reopen();
      expect(await store.hasMessageId('turn:a', later(1))).toBe(true);
    });
  });
}

turnMarkContract('memory', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});

for (const encryptionKey of [undefined, 'a-store-key-of-at-least-32-characters!']) {
  turnMarkContract(encryptionKey ? 'lmdb (encrypted)' : 'lmdb', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-marks-'));
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
