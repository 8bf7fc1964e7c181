import { beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDoc, Store, UserProfile } from '../../src/store/store.js';
import type { StoreFixture } from './store.contract.js';

const at = (day: string) => `${day}T10:00:00.000Z`;
const docAt = (userKey: string, day: string): ConversationDoc => ({
  userKey,
  machineVersion: 1,
  snapshot: { value: 'consent' },
  updatedAt: at(day),
});
const profileAt = (day: string): UserProfile => ({ locale: 'en', createdAt: at(day), updatedAt: at(day) });
const ref = { conversation: { id: 'c' }, serviceUrl: 'http://127.0.0.1:1' };

/**
 * The retention part of the store contract: users idle since a date (by the day of their latest
 * write), deleting them only while still idle, and message ids remembered until they expire.
 */
export function retentionContract(getFixture: () => StoreFixture): void {
  let fx: StoreFixture;
  let store: Store;
  beforeEach(() => {
    fx = getFixture();
    store = fx.store;
  });

  describe('idle users', () => {
    it('lists a user as idle since a day after their latest profile, record and conversation write, not before', async () => {
      await store.saveUser('web:u1', profileAt('2024-01-01'));
      await store.appendRecord('web:u1', { kind: 'triage', data: {}, at: at('2024-01-02') });
      await store.saveConversation('web:c1', docAt('web:u1', '2024-01-03'), undefined);
      expect(await store.listIdleUsers(new Date('2024-06-01T00:00:00Z'), 10)).toEqual(['web:u1']);
      expect(await store.listIdleUsers(new Date('2024-01-04T00:00:00Z'), 10)).toEqual(['web:u1']);
      expect(await store.listIdleUsers(new Date('2024-01-03T23:00:00Z'), 10)).toEqual([]);
      expect(await store.listIdleUsers(new Date('2024-01-02T00:00:00Z'), 10)).toEqual([]);
    });

    it('keeps a user with an old profile active when a later record or conversation was written', async () => {
      await store.saveUser('web:u1', profileAt('2024-01-01'));
      await store.appendRecord('web:u1', { kind: 'checkin', data: {}, at: at('2025-03-01') });
      await store.saveUser('web:u2', profileAt('2024-01-01'));
      const eTag = await store.saveConversation('web:c2', docAt('web:u2', '2024-01-01'), undefined);
      await store.saveConversation('web:c2', docAt('web:u2', '2025-03-01'), eTag);
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual([]);
    });

    it('never moves a user’s activity back when an older time is written later', async () => {
      await store.saveUser('web:u1', profileAt('2025-03-01'));
      await store.appendRecord('web:u1', { kind: 'triage', data: {}, at: at('2024-01-01') });
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual([]);
    });

    it('lists a user who never gave a profile when their lone conversation is idle, and deleting them removes it', async () => {
      await store.saveConversation('web:lone', docAt('web:nobody', '2024-01-01'), undefined);
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual(['web:nobody']);
      expect(await store.deleteIdleUser('web:nobody', new Date('2025-01-01T00:00:00Z'))).toBe(true);
      expect(await store.getConversation('web:lone')).toBeUndefined();
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual([]);
    });

    it('returns at most `limit` users', async () => {
      for (let i = 0; i < 5; i++) await store.saveUser(`web:u${i}`, profileAt('2024-01-01'));
      const first = await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 3);
      expect(first).toHaveLength(3);
      expect((await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).sort()).toEqual([
        'web:u0',
        'web:u1',
        'web:u2',
        'web:u3',
        'web:u4',
      ]);
    });

    it('deletes an idle user as deleteUser does: profile, records, conversations, reminders, activity', async () => {
      await store.saveUser('web:u1', profileAt('2024-01-01'));
      await store.appendRecord('web:u1', { kind: 'triage', data: { n: 1 }, at: at('2024-01-01') });
      await store.saveConversation('web:c1', docAt('web:u1', '2024-01-01'), undefined);
      await store.addReminder({
        userKey: 'web:u1',
        conversationKey: 'web:c1',
        dueAt: at('2024-01-08'),
        reference: ref,
      });
      await store.saveUser('web:u2', profileAt('2024-01-01'));
      expect(await store.deleteIdleUser('web:u1', new Date('2025-01-01T00:00:00Z'))).toBe(true);
      expect(await store.getUser('web:u1')).toBeUndefined();
      expect(await store.listRecords('web:u1')).toEqual([]);
      expect(await store.listConversations('web:u1')).toEqual([]);
      expect(await store.getConversation('web:c1')).toBeUndefined();
      expect(await store.listReminders('web:u1')).toEqual([]);
      expect(await store.claimDueReminders(new Date('2025-01-01T00:00:00Z'), 10)).toEqual([]);
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual(['web:u2']);
      expect(await store.getUser('web:u2')).toEqual(profileAt('2024-01-01'));
    });

    it('keeps a user who wrote again after being listed, and deletes nobody unknown', async () => {
      await store.saveUser('web:u1', profileAt('2024-01-01'));
      const cutoff = new Date('2025-01-01T00:00:00Z');
      expect(await store.listIdleUsers(cutoff, 10)).toEqual(['web:u1']);
      await store.saveConversation('web:c1', docAt('web:u1', '2025-02-01'), undefined);
      expect(await store.deleteIdleUser('web:u1', cutoff)).toBe(false);
      expect(await store.getUser('web:u1')).toEqual(profileAt('2024-01-01'));
      expect(await store.getConversation('web:c1')).toBeDefined();
      expect(await store.deleteIdleUser('web:ghost', cutoff)).toBe(false);
    });

    it('forgets the activity of a user deleted with deleteUser', async () => {
      await store.saveUser('web:u1', profileAt('2024-01-01'));
      await store.deleteUser('web:u1');
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual([]);
    });

    it('keeps activity when the store is closed and reopened', async (ctx) => {
      if (!fx.reopen) return ctx.skip();
      await store.saveUser('web:u1', profileAt('2024-01-01'));
      await store.saveUser('web:u2', profileAt('2025-06-01'));
      store = await fx.reopen();
      expect(await store.listIdleUsers(new Date('2025-01-01T00:00:00Z'), 10)).toEqual(['web:u1']);
    });
  });

  describe('message ids', () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const later = (hours: number) => new Date(t0.getTime() + hours * 3600_000);

    it('claims an id once until it expires, then again', async () => {
      expect(await store.claimMessageId('sms:SM1', t0, later(24))).toBe(true);
      expect(await store.claimMessageId('sms:SM1', later(1), later(25))).toBe(false);
      expect(await store.claimMessageId('sms:SM2', later(1), later(25))).toBe(true);
      expect(await store.claimMessageId('sms:SM1', later(24), later(48))).toBe(true);
      expect(await store.claimMessageId('sms:SM1', later(25), later(49))).toBe(false);
    });

    it('lets exactly one of two concurrent claims of an id win', async () => {
      const results = await Promise.all([
        store.claimMessageId('sms:SM1', t0, later(24)),
        store.claimMessageId('sms:SM1', t0, later(24)),
      ]);
      expect(results.sort()).toEqual([false, true]);
    });

    it('deletes only expired ids, and a retry within the expiry is still dropped', async () => {
      await store.claimMessageId('sms:old', t0, later(1));
      await store.claimMessageId('sms:new', t0, later(48));
      expect(await store.deleteExpiredMessageIds(later(2))).toBe(1);
      expect(await store.deleteExpiredMessageIds(later(2))).toBe(0);
      expect(await store.claimMessageId('sms:new', later(3), later(27))).toBe(false);
      expect(await store.claimMessageId('sms:old', later(3), later(27))).toBe(true);
    });

    it('remembers ids when the store is closed and reopened', async (ctx) => {
      if (!fx.reopen) return ctx.skip();
      await store.claimMessageId('sms:SM1', t0, later(24));
      store = await fx.reopen();
      expect(await store.claimMessageId('sms:SM1', later(1), later(25))).toBe(false);
    });
  });
}
