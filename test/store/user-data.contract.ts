import { beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDoc, Store, UserProfile } from '../../src/store/store.js';

/** A conversation doc of `userKey` whose content depends on `step`. */
export const doc = (userKey: string, step: number): ConversationDoc => ({
  userKey,
  machineVersion: 1,
  snapshot: { value: 'intake', context: { step, answers: [step] } },
  reference: { conversation: { id: `c-${userKey}` } },
  updatedAt: new Date(2024, 0, 1, 0, step).toISOString(),
});

/** A complete profile in `locale`. */
export const profile = (locale: string): UserProfile => ({
  locale,
  age: 42,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
});

/**
 * Registers the per-user part of the store contract (append-only records, `deleteUser`).
 * Called from inside `storeContract`, whose hooks give `getStore` a fresh store per test.
 */
export function userDataContract(getStore: () => Store): void {
  let store: Store;
  // Nested hooks run after the outer beforeEach, so this test's fresh store already exists.
  const useStore = (): void => beforeEach(() => void (store = getStore()));

  describe('records', () => {
    useStore();

    it('returns records in append order with increasing seq when appended one by one', async () => {
      const a = await store.appendRecord('web:u1', { kind: 'triage', data: { n: 1 }, at: '2024-01-01T00:00:00.000Z' });
      const b = await store.appendRecord('web:u1', { kind: 'checkin', data: { n: 2 } });
      const c = await store.appendRecord('web:u1', { kind: 'triage', data: { n: 3 } });
      expect(a.at).toBe('2024-01-01T00:00:00.000Z');
      expect(Date.parse(b.at)).not.toBeNaN();
      expect(b.seq).toBeGreaterThan(a.seq);
      expect(c.seq).toBeGreaterThan(b.seq);
      expect(await store.listRecords('web:u1')).toEqual([a, b, c]);
    });

    it('returns only records of that kind when a kind is given', async () => {
      await store.appendRecord('web:u1', { kind: 'triage', data: { n: 1 } });
      await store.appendRecord('web:u1', { kind: 'exercise', data: { n: 2 } });
      await store.appendRecord('web:u1', { kind: 'triage', data: { n: 3 } });
      expect((await store.listRecords('web:u1', 'triage')).map((r) => r.data.n)).toEqual([1, 3]);
      expect(await store.listRecords('web:u1', 'reminder')).toEqual([]);
    });

    it('never overwrites an earlier record when more records are appended', async () => {
      const first = await store.appendRecord('web:u1', { kind: 'checkin', data: { pain: 7 } });
      for (let i = 0; i < 5; i++) await store.appendRecord('web:u1', { kind: 'checkin', data: { pain: i } });
      const all = await store.listRecords('web:u1');
      expect(all).toHaveLength(6);
      expect(all[0]).toEqual(first);
    });

    it('keeps all records with unique seqs when 50 appends run concurrently', async () => {
      const appended = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.appendRecord('web:u1', { kind: 'exercise', data: { i } })),
      );
      expect(new Set(appended.map((r) => r.seq)).size).toBe(50);
      const listed = await store.listRecords('web:u1');
      expect(listed).toHaveLength(50);
      const seqs = listed.map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(listed.map((r) => r.data.i).sort((x, y) => Number(x) - Number(y))).toEqual([...Array(50).keys()]);
    });

    it('keeps records of users apart when user keys share a prefix', async () => {
      await store.appendRecord('web:u1', { kind: 'triage', data: { who: 'u1' } });
      await store.appendRecord('web:u10', { kind: 'triage', data: { who: 'u10' } });
      expect((await store.listRecords('web:u1')).map((r) => r.data.who)).toEqual(['u1']);
      expect((await store.listRecords('web:u10')).map((r) => r.data.who)).toEqual(['u10']);
      expect(await store.listRecords('web:u')).toEqual([]);
    });
  });

  describe('deleteUser', () => {
    useStore();

    const seed = async (userKey: string, conversationKey: string): Promise<void> => {
      await store.saveUser(userKey, profile('en'));
      await store.appendRecord(userKey, { kind: 'triage', data: { userKey } });
      await store.saveConversation(conversationKey, doc(userKey, 1), undefined);
    };

    it('removes profile, records and conversations of the user when the user is deleted', async () => {
      await seed('web:u1', 'web:c1');
      await store.saveConversation('web:c1b', doc('web:u1', 1), undefined);
      await store.deleteUser('web:u1');
      expect(await store.getUser('web:u1')).toBeUndefined();
      expect(await store.listRecords('web:u1')).toEqual([]);
      expect(await store.listConversations('web:u1')).toEqual([]);
      expect(await store.getConversation('web:c1')).toBeUndefined();
      expect(await store.getConversation('web:c1b')).toBeUndefined();
      expect(await store.saveConversation('web:c1', doc('web:u1', 2), undefined)).toEqual(expect.any(String));
    });

    it('keeps data of other users intact when a user is deleted', async () => {
      await seed('web:u1', 'web:c1');
      await seed('web:u2', 'web:c2');
      await store.deleteUser('web:u1');
      expect(await store.getUser('web:u2')).toEqual(profile('en'));
      expect(await store.listRecords('web:u2')).toHaveLength(1);
      expect(await store.listConversations('web:u2')).toEqual(['web:c2']);
      expect((await store.getConversation('web:c2'))?.doc).toEqual(doc('web:u2', 1));
    });

    it('leaves nothing behind when deleteUser follows writes that were not awaited', async () => {
      const writes = [
        store.saveUser('web:u1', profile('en')),
        store.appendRecord('web:u1', { kind: 'reminder', data: {} }),
        store.saveConversation('web:c1', doc('web:u1', 1), undefined),
      ];
      await store.deleteUser('web:u1');
      await Promise.all(writes);
      expect(await store.getUser('web:u1')).toBeUndefined();
      expect(await store.listRecords('web:u1')).toEqual([]);
      expect(await store.getConversation('web:c1')).toBeUndefined();
    });

    it('resolves without error when the user does not exist', async () => {
      await expect(store.deleteUser('web:ghost')).resolves.toBeUndefined();
    });
  });
}
