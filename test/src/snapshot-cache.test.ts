import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.store.js';
import { createSnapshotCache } from '../../src/bot/snapshot-cache.js';
import { persist, start, step } from '../../src/bot/snapshot.js';
import { MACHINE_VERSION } from '../../dialogs/conversation.machine.js';
import type { Store } from '../../src/store/store.js';

/** A memory store that counts full reads of conversations. */
function countingStore(): { store: Store; reads: () => number } {
  const inner = createMemoryStore();
  let reads = 0;
  const store: Store = {
    ...inner,
    getConversation: (key) => {
      reads++;
      return inner.getConversation(key);
    },
  };
  return { store, reads: () => reads };
}

const first = start({ country: 'US' }).snapshot;
const doc = (snapshot = first) => ({
  userKey: 'web:u1',
  machineVersion: MACHINE_VERSION,
  snapshot: persist(snapshot),
  updatedAt: 'now',
});

describe('snapshot cache', () => {
  it('reuses the snapshot it saved without reading the store while nobody else wrote', async () => {
    const { store, reads } = countingStore();
    const cache = createSnapshotCache(store);
    const eTag = await store.saveConversation('web:c1', doc(), undefined);
    cache.remember('web:c1', eTag, first);
    const loaded = await cache.load('web:c1');
    expect(loaded).toEqual({ snapshot: first, eTag, stored: true });
    expect(loaded.snapshot).toBe(first);
    expect(reads()).toBe(0);
  });

  it('reads the store again when another writer saved the conversation since', async () => {
    const { store, reads } = countingStore();
    const cache = createSnapshotCache(store);
    const eTag = await store.saveConversation('web:c1', doc(), undefined);
    cache.remember('web:c1', eTag, first);
    const other = step(first, { type: 'COMMAND', command: 'help' }).snapshot;
    const theirs = await store.saveConversation('web:c1', doc(other), eTag);
    const loaded = await cache.load('web:c1');
    expect(reads()).toBe(1);
    expect(loaded.eTag).toBe(theirs);
    expect(loaded.snapshot?.context).toEqual(other.context);
  });

  it('finds nothing once the user was deleted', async () => {
    const { store } = countingStore();
    const cache = createSnapshotCache(store);
    cache.remember('web:c1', await store.saveConversation('web:c1', doc(), undefined), first);
    await store.deleteUser('web:u1');
    expect(await cache.load('web:c1')).toEqual({ snapshot: undefined, eTag: undefined, stored: false });
  });

  it('keeps only the most recently used conversations when more than its limit are remembered', async () => {
    const { store, reads } = countingStore();
    const cache = createSnapshotCache(store, 2);
    for (const key of ['web:a', 'web:b', 'web:c'])
      cache.remember(key, await store.saveConversation(key, doc(), undefined), first);
    await cache.load('web:b');
    expect(reads()).toBe(0);
    await cache.load('web:a'); // evicted: the oldest of three with room for two
    expect(reads()).toBe(1);
  });
});
