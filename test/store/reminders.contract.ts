import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const ref = (id: string) => ({ conversation: { id }, serviceUrl: 'http://127.0.0.1:1' });

/** The reminder part of the store contract: due reminders are claimed once, released on failure, deleted with the user. */
export function remindersContract(getStore: () => Store): void {
  let store: Store;
  beforeEach(() => void (store = getStore()));

  describe('reminders', () => {
    it('claims only due reminders, in due order, once', async () => {
      await store.addReminder({
        userKey: 'web:u1',
        conversationKey: 'web:c1',
        dueAt: '2030-01-02T00:00:00.000Z',
        reference: ref('c1'),
      });
      await store.addReminder({
        userKey: 'web:u2',
        conversationKey: 'web:c2',
        dueAt: '2030-01-01T00:00:00.000Z',
        reference: ref('c2'),
      });
      await store.addReminder({
        userKey: 'web:u1',
        conversationKey: 'web:c1',
        dueAt: '2030-03-01T00:00:00.000Z',
        reference: ref('c1'),
      });
      const now = new Date('2030-01-05T00:00:00.000Z');
      const claimed = await store.claimDueReminders(now, 10);
      expect(claimed.map((r) => r.conversationKey)).toEqual(['web:c2', 'web:c1']);
      expect(claimed.every((r) => r.claimedAt === now.toISOString() && r.attempts === 1)).toBe(true);
      expect(claimed[0]!.reference).toEqual(ref('c2'));
      expect(await store.claimDueReminders(now, 10)).toEqual([]);
    });

    it('never hands one reminder to two concurrent claims', async () => {
      for (let i = 0; i < 20; i++)
        await store.addReminder({
          userKey: `web:u${i}`,
          conversationKey: `web:c${i}`,
          dueAt: '2030-01-01T00:00:00.000Z',
          reference: ref(`c${i}`),
        });
      const now = new Date('2030-01-02T00:00:00.000Z');
      const [a, b] = await Promise.all([store.claimDueReminders(now, 50), store.claimDueReminders(now, 50)]);
      const ids = [...a, ...b].map((r) => r.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    });

    it('makes a released reminder due again at the retry time', async () => {
      await store.addReminder({
        userKey: 'web:u1',
        conversationKey: 'web:c1',
        dueAt: '2030-01-01T00:00:00.000Z',
        reference: ref('c1'),
      });
      const [r] = await store.claimDueReminders(new Date('2030-01-01T00:00:00.000Z'), 1);
      await store.releaseReminder(r!, '2030-01-01T01:00:00.000Z');
      expect(await store.claimDueReminders(new Date('2030-01-01T00:30:00.000Z'), 5)).toEqual([]);
      const again = await store.claimDueReminders(new Date('2030-01-01T01:00:00.000Z'), 5);
      expect(again.map((x) => [x.id, x.attempts])).toEqual([[r!.id, 2]]);
    });

    it('lists and deletes a user’s reminders with the user, leaving others', async () => {
      await store.addReminder({
        userKey: 'web:u1',
        conversationKey: 'web:c1',
        dueAt: '2030-01-01T00:00:00.000Z',
        reference: ref('c1'),
      });
      await store.addReminder({
        userKey: 'web:u2',
        conversationKey: 'web:c2',
        dueAt: '2030-01-01T00:00:00.000Z',
        reference: ref('c2'),
      });
      expect(await store.listReminders('web:u1')).toHaveLength(1);
      await store.deleteUser('web:u1');
      expect(await store.listReminders('web:u1')).toEqual([]);
      expect((await store.claimDueReminders(new Date('2030-02-01T00:00:00.000Z'), 10)).map((r) => r.userKey)).toEqual([
        'web:u2',
      ]);
    });
  });
}
