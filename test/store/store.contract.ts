import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETagConflictError, type Store } from '../../src/store/store.js';
import { doc, profile, userDataContract } from './user-data.contract.js';
import { remindersContract } from './reminders.contract.js';
import { retentionContract } from './retention.contract.js';
import { commitTurnContract } from './commit-turn.contract.js';

/** What a store factory hands to the contract. */
export interface StoreFixture {
  store: Store;
  /** Closes the current store and opens a new one over the same data (persistent stores only). */
  reopen?: () => Promise<Store>;
  /** Closes whatever store is open and removes its data. */
  cleanup: () => Promise<void>;
}

/** Registers the behaviour every {@link Store} implementation must show, against stores from `make`. */
export function storeContract(name: string, make: () => Promise<StoreFixture>): void {
  describe(`${name} store contract`, () => {
    let fx: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fx = await make();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    describe('conversations', () => {
      it('returns undefined when the conversation was never saved', async () => {
        expect(await store.getConversation('web:none')).toBeUndefined();
      });

      it('returns the saved doc and eTag when a saved conversation is read back', async () => {
        const eTag = await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
        expect(eTag).toEqual(expect.any(String));
        expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', 1), eTag });
        const next = await store.saveConversation('web:c1', doc('web:u1', 2), eTag);
        expect(next).not.toBe(eTag);
        expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', 2), eTag: next });
      });

      it('throws ETagConflictError and keeps the stored doc when the eTag is stale', async () => {
        const first = await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
        const second = await store.saveConversation('web:c1', doc('web:u1', 2), first);
        await expect(store.saveConversation('web:c1', doc('web:u1', 3), first)).rejects.toBeInstanceOf(
          ETagConflictError,
        );
        await expect(store.saveConversation('web:c1', doc('web:u1', 3), undefined)).rejects.toThrow(ETagConflictError);
        expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', 2), eTag: second });
      });

      it('throws ETagConflictError when a new key is saved with an expected eTag', async () => {
        const error = await store.saveConversation('web:new', doc('web:u1', 1), 'made-up').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ETagConflictError);
        expect((error as ETagConflictError).conversationKey).toBe('web:new');
        expect(await store.getConversation('web:new')).toBeUndefined();
      });

      it('lets exactly one save win when two saves race with the same eTag', async () => {
        const eTag = await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
        const results = await Promise.allSettled([
          store.saveConversation('web:c1', doc('web:u1', 2), eTag),
          store.saveConversation('web:c1', doc('web:u1', 3), eTag),
        ]);
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, eTag: r.value }] : []));
        const lost = results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]).toBeInstanceOf(ETagConflictError);
        expect(await store.getConversation('web:c1')).toEqual({
          doc: doc('web:u1', 2 + won[0]!.i),
          eTag: won[0]!.eTag,
        });
      });

      it('lets exactly one create win when two saves race to create the same key', async () => {
        const results = await Promise.allSettled([
          store.saveConversation('web:c1', doc('web:u1', 1), undefined),
          store.saveConversation('web:c1', doc('web:u1', 2), undefined),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });

      it('lists only the conversations of the user when several users have conversations', async () => {
        await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
        const e2 = await store.saveConversation('web:c2', doc('web:u1', 1), undefined);
        await store.saveConversation('web:c2', doc('web:u1', 2), e2);
        await store.saveConversation('web:c3', doc('web:u2', 1), undefined);
        expect((await store.listConversations('web:u1')).sort()).toEqual(['web:c1', 'web:c2']);
        expect(await store.listConversations('web:u2')).toEqual(['web:c3']);
        expect(await store.listConversations('web:nobody')).toEqual([]);
      });
      it('moves a conversation to its new owner when another user saves it', async () => {
        const first = await store.saveConversation('web:group', doc('web:u1', 1), undefined);
        await store.saveConversation('web:group', doc('web:u2', 2), first);
        expect(await store.listConversations('web:u1')).toEqual([]);
        expect(await store.listConversations('web:u2')).toEqual(['web:group']);
        await store.deleteUser('web:u1');
        expect((await store.getConversation('web:group'))?.doc).toEqual(doc('web:u2', 2));
        await store.deleteUser('web:u2');
        expect(await store.getConversation('web:group')).toBeUndefined();
      });

      it('tells whether an eTag is still the stored one when saves and deletes follow', async () => {
        const first = await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
        expect(await store.isCurrent('web:c1', first)).toBe(true);
        const second = await store.saveConversation('web:c1', doc('web:u1', 2), first);
        expect(await store.isCurrent('web:c1', first)).toBe(false);
        expect(await store.isCurrent('web:c1', second)).toBe(true);
        expect(await store.isCurrent('web:other', second)).toBe(false);
        expect(await store.isCurrent('web:c1', 'not-an-etag')).toBe(false);
        await store.deleteUser('web:u1');
        expect(await store.isCurrent('web:c1', second)).toBe(false);
        const again = await store.saveConversation('web:c1', doc('web:u1', 3), undefined);
        expect(again).not.toBe(second);
        expect(await store.isCurrent('web:c1', second)).toBe(false);
      });
    });

    describe('users', () => {
      it('returns undefined when the user was never saved', async () => {
        expect(await store.getUser('web:u1')).toBeUndefined();
      });

      it('returns the latest profile when a profile is saved twice', async () => {
        await store.saveUser('web:u1', profile('en'));
        expect(await store.getUser('web:u1')).toEqual(profile('en'));
        await store.saveUser('web:u1', { ...profile('de'), country: 'DE' });
        expect(await store.getUser('web:u1')).toEqual({ ...profile('de'), country: 'DE' });
      });
    });

    userDataContract(() => store);
    remindersContract(() => store);
    retentionContract(() => fx);
    commitTurnContract(() => fx);

    describe('copies', () => {
      it('keeps stored data unchanged when returned objects or inputs are mutated', async () => {
        const input = doc('web:u1', 1);
        await store.saveConversation('web:c1', input, undefined);
        (input.snapshot as { value: string }).value = 'mutated-input';
        const got = await store.getConversation('web:c1');
        (got!.doc.snapshot as { value: string }).value = 'mutated-result';
        expect((await store.getConversation('web:c1'))?.doc).toEqual(doc('web:u1', 1));

        await store.saveUser('web:u1', profile('en'));
        const user = await store.getUser('web:u1');
        user!.locale = 'xx';
        expect(await store.getUser('web:u1')).toEqual(profile('en'));

        const appended = await store.appendRecord('web:u1', { kind: 'checkin', data: { pain: 3 } });
        appended.data.pain = 99;
        const [listed] = await store.listRecords('web:u1');
        listed!.data.pain = 98;
        expect((await store.listRecords('web:u1'))[0]?.data).toEqual({ pain: 3 });
      });
    });

    describe('durability', () => {
      it('keeps conversations, profiles and records when the store is closed and reopened', async (ctx) => {
        if (!fx.reopen) return ctx.skip();
        const eTag = await store.saveConversation('web:c1', doc('web:u1', 1), undefined);
        await store.saveUser('web:u1', profile('en'));
        const record = await store.appendRecord('web:u1', { kind: 'triage', data: { n: 1 } });
        store = await fx.reopen();
        expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', 1), eTag });
        expect(await store.listConversations('web:u1')).toEqual(['web:c1']);
        expect(await store.getUser('web:u1')).toEqual(profile('en'));
        expect(await store.listRecords('web:u1')).toEqual([record]);
        const next = await store.appendRecord('web:u1', { kind: 'triage', data: { n: 2 } });
        expect(next.seq).toBeGreaterThan(record.seq);
        await expect(store.saveConversation('web:c1', doc('web:u1', 2), 'stale')).rejects.toThrow(ETagConflictError);
      });
    });
  });
}
