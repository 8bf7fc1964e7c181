import { beforeEach, describe, expect, it } from 'vitest';
import type { Store, TurnCommit } from '../../src/store/store.js';
import type { StoreFixture } from './store.contract.js';
import { doc, profile } from './user-data.contract.js';

const AT = new Date('2030-01-01T10:00:00.000Z');
const ref = { conversation: { id: 'c1' }, serviceUrl: 'http://127.0.0.1:1' };
const hours = (h: number) => new Date(AT.getTime() + h * 3600_000);

/** A turn of `userKey` in `conversationKey` that writes one of everything. */
const turn = (userKey: string, conversationKey: string, expectedETag: string | undefined, step = 1): TurnCommit => ({
  conversationKey,
  doc: doc(userKey, step),
  expectedETag,
  at: AT,
  records: [
    { kind: 'triage', data: { disposition: 'self_care', flags: [], age: 40 } },
    { kind: 'checkin', data: { left: 3, right: 0, score: 12 }, at: '2030-01-01T09:59:00.000Z' },
  ],
  profile: { consent: 'agree', consentAt: AT.toISOString(), age: 40, country: undefined },
  reminders: [{ dueAt: '2030-01-08T10:00:00.000Z', reference: ref }],
  dedup: { id: `activity:${conversationKey}:a${step}`, expiresAt: hours(24) },
});

/** Everything stored about a user, to show that a refused commit changed nothing. */
async function stateOf(store: Store, userKey: string, conversationKeys: string[]) {
  return {
    conversations: await Promise.all(conversationKeys.map((k) => store.getConversation(k))),
    listed: (await store.listConversations(userKey)).sort(),
    profile: await store.getUser(userKey),
    records: await store.listRecords(userKey),
    reminders: await store.listReminders(userKey),
    generation: await store.getUserGeneration(userKey),
    idle: await store.listIdleUsers(new Date('2100-01-01T00:00:00Z'), 100),
  };
}

/** The `commitTurn` part of the store contract: one transaction per turn, conditional, all or nothing. */
export function commitTurnContract(getFixture: () => StoreFixture): void {
  let fx: StoreFixture;
  let store: Store;
  beforeEach(() => {
    fx = getFixture();
    store = fx.store;
  });

  describe('commitTurn', () => {
    it('writes the snapshot, records, profile, reminders and de-duplication mark of a turn together', async () => {
      const result = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!result.ok) throw new Error(`commit refused: ${result.reason}`);
      expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', 1), eTag: result.eTag });
      expect(await store.isCurrent('web:c1', result.eTag)).toBe(true);
      expect(await store.listConversations('web:u1')).toEqual(['web:c1']);
      const records = await store.listRecords('web:u1');
      expect(records).toEqual(result.records);
      expect(records.map((r) => [r.kind, r.at])).toEqual([
        ['triage', AT.toISOString()],
        ['checkin', '2030-01-01T09:59:00.000Z'],
      ]);
      expect(records[1]!.seq).toBeGreaterThan(records[0]!.seq);
      expect(records[0]!.data).toEqual({ disposition: 'self_care', flags: [], age: 40 });
      const at = AT.toISOString();
      expect(await store.getUser('web:u1')).toEqual({
        consent: 'agree',
        consentAt: at,
        age: 40,
        createdAt: at,
        updatedAt: at,
      });
      const reminders = await store.listReminders('web:u1');
      expect(reminders).toMatchObject([
        {
          userKey: 'web:u1',
          conversationKey: 'web:c1',
          dueAt: '2030-01-08T10:00:00.000Z',
          reference: ref,
          attempts: 0,
        },
      ]);
      expect(await store.hasMessageId('activity:web:c1:a1', hours(1))).toBe(true);
      expect(await store.hasMessageId('activity:web:c1:a1', hours(24))).toBe(false);
      expect(await store.getUserGeneration('web:u1')).toEqual(expect.any(String));
      expect(await store.listIdleUsers(new Date('2030-01-02T00:00:00Z'), 10)).toEqual(['web:u1']);
      expect(await store.listIdleUsers(new Date('2030-01-01T00:00:00Z'), 10)).toEqual([]);
    });

    it('merges the profile patch into the stored profile, keeping fields the patch leaves out', async () => {
      await store.saveUser('web:u1', { ...profile('en'), country: 'ES' });
      const first = await store.commitTurn({
        ...turn('web:u1', 'web:c1', undefined),
        profile: { emergency: true, language: 'es' },
      });
      expect(first.ok).toBe(true);
      expect(await store.getUser('web:u1')).toEqual({
        ...profile('en'),
        country: 'ES',
        emergency: true,
        language: 'es',
        updatedAt: AT.toISOString(),
      });
    });

    it('continues the seq of records appended one by one, and a turn without records or profile writes only its snapshot', async () => {
      const earlier = await store.appendRecord('web:u1', {
        kind: 'exercise',
        data: { exerciseId: 'x', before: 2, after: 1, outcome: 'better' },
      });
      const committed = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!committed.ok) throw new Error('commit refused');
      expect(committed.records[0]!.seq).toBeGreaterThan(earlier.seq);
      const bare = await store.commitTurn({
        conversationKey: 'web:c2',
        doc: doc('web:u2', 1),
        expectedETag: undefined,
        at: AT,
      });
      expect(bare.ok && bare.records).toEqual([]);
      expect(await store.getUser('web:u2')).toBeUndefined();
      expect(await store.listReminders('web:u2')).toEqual([]);
    });

    it('returns conflict and writes nothing of the turn when the eTag is stale', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined, 1));
      if (!first.ok) throw new Error('commit refused');
      const second = await store.commitTurn(turn('web:u1', 'web:c1', first.eTag, 2));
      expect(second.ok).toBe(true);
      const before = await stateOf(store, 'web:u1', ['web:c1']);
      expect(await store.commitTurn(turn('web:u1', 'web:c1', first.eTag, 3))).toEqual({
        ok: false,
        reason: 'conflict',
      });
      expect(await store.commitTurn(turn('web:u1', 'web:c1', 'made-up', 3))).toEqual({ ok: false, reason: 'conflict' });
      expect(await stateOf(store, 'web:u1', ['web:c1'])).toEqual(before);
      expect(await store.hasMessageId('activity:web:c1:a3', hours(1))).toBe(false);
    });

    it('returns conflict when the turn would create a conversation another writer created', async () => {
      const created = await store.saveConversation('web:c1', doc('web:u2', 1), undefined);
      expect(await store.commitTurn(turn('web:u1', 'web:c1', undefined))).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u2', 1), eTag: created });
      expect(await stateOf(store, 'web:u1', [])).toMatchObject({
        profile: undefined,
        records: [],
        reminders: [],
        generation: undefined,
      });
    });

    it('returns deleted and writes nothing when the conversation was deleted with its user since the turn loaded it', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!first.ok) throw new Error('commit refused');
      await store.deleteUser('web:u1');
      expect(await store.commitTurn(turn('web:u1', 'web:c1', first.eTag, 2))).toEqual({ ok: false, reason: 'deleted' });
      expect(await stateOf(store, 'web:u1', ['web:c1'])).toEqual({
        conversations: [undefined],
        listed: [],
        profile: undefined,
        records: [],
        reminders: [],
        generation: undefined,
        idle: [],
      });
    });

    it('returns deleted and writes nothing when the user was deleted between a new conversation’s load and its commit', async () => {
      const seeded = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      expect(seeded.ok).toBe(true);
      const loaded = await store.getUserGeneration('web:u1');
      expect(loaded).toEqual(expect.any(String));
      await store.deleteUser('web:u1');
      expect(await store.commitTurn({ ...turn('web:u1', 'web:c2', undefined, 2), userGeneration: loaded })).toEqual({
        ok: false,
        reason: 'deleted',
      });
      // Another turn wrote for the same user key meanwhile: a new generation, still not the loaded one.
      await store.saveUser('web:u1', profile('en'));
      const again = await store.getUserGeneration('web:u1');
      expect(again).not.toBe(loaded);
      expect(await store.commitTurn({ ...turn('web:u1', 'web:c2', undefined, 2), userGeneration: loaded })).toEqual({
        ok: false,
        reason: 'deleted',
      });
      expect(
        await store.commitTurn({ ...turn('web:u1', 'web:c2', undefined, 2), userGeneration: again }),
      ).toMatchObject({ ok: true });
    });

    it('returns duplicate and writes nothing for an activity committed already, until its mark expires', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!first.ok) throw new Error('commit refused');
      const before = await stateOf(store, 'web:u1', ['web:c1']);
      const repeat = {
        ...turn('web:u1', 'web:c1', first.eTag, 2),
        dedup: { id: 'activity:web:c1:a1', expiresAt: hours(48) },
      };
      expect(await store.commitTurn(repeat)).toEqual({ ok: false, reason: 'duplicate' });
      expect(await stateOf(store, 'web:u1', ['web:c1'])).toEqual(before);
      expect(await store.commitTurn({ ...repeat, at: hours(25) })).toMatchObject({ ok: true });
      expect(await store.hasMessageId('activity:web:c1:a1', hours(47))).toBe(true);
    });

    it('returns duplicate for an activity marked under the id an earlier version gave it, and writes nothing', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!first.ok) throw new Error('commit refused');
      expect(await store.claimMessageId('turn:earlier-id', AT, hours(24))).toBe(true);
      const before = await stateOf(store, 'web:u1', ['web:c1']);
      const retried = {
        ...turn('web:u1', 'web:c1', first.eTag, 2),
        dedup: { id: 'activity:web:c1:new-id', alsoKnownAs: 'turn:earlier-id', expiresAt: hours(24) },
      };
      expect(await store.commitTurn(retried)).toEqual({ ok: false, reason: 'duplicate' });
      expect(await stateOf(store, 'web:u1', ['web:c1'])).toEqual(before);
      expect(
        await store.commitTurn({ ...retried, dedup: { ...retried.dedup, alsoKnownAs: 'turn:other-id' } }),
      ).toMatchObject({
        ok: true,
      });
    });

    it('lets exactly one of two concurrent commits with the same eTag win, and only its records are kept', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!first.ok) throw new Error('commit refused');
      const results = await Promise.all(
        [2, 3].map((step) => store.commitTurn(turn('web:u1', 'web:c1', first.eTag, step))),
      );
      const won = results.flatMap((r, i) => (r.ok ? [{ step: i + 2, eTag: r.eTag }] : []));
      expect(won).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
      expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', won[0]!.step), eTag: won[0]!.eTag });
      expect(await store.listRecords('web:u1')).toHaveLength(4);
      expect(await store.listReminders('web:u1')).toHaveLength(2);
    });

    it('leaves nothing of a user when deleteUser races turns committing in their conversations', async () => {
      const users = Array.from({ length: 12 }, (_, i) => `web:race${i}`);
      const loaded = await Promise.all(
        users.map(async (userKey) => {
          const seeded = await store.commitTurn(turn(userKey, `${userKey}:old`, undefined));
          if (!seeded.ok) throw new Error('commit refused');
          return { userKey, eTag: seeded.eTag, generation: await store.getUserGeneration(userKey) };
        }),
      );
      const outcomes = await Promise.all(
        loaded.map(({ userKey, eTag, generation }, i) => {
          const commits = [
            store.commitTurn(turn(userKey, `${userKey}:old`, eTag, 2)),
            store.commitTurn({ ...turn(userKey, `${userKey}:new`, undefined, 2), userGeneration: generation }),
          ];
          // Half of the deletes are asked for before the commits, half after.
          return i % 2
            ? Promise.all([store.deleteUser(userKey), ...commits])
            : Promise.all([...commits, store.deleteUser(userKey)]);
        }),
      );
      expect(outcomes.flat().every((r) => r === undefined || r.ok || r.reason === 'deleted')).toBe(true);
      for (const userKey of users) {
        expect(await stateOf(store, userKey, [`${userKey}:old`, `${userKey}:new`])).toEqual({
          conversations: [undefined, undefined],
          listed: [],
          profile: undefined,
          records: [],
          reminders: [],
          generation: undefined,
          idle: [],
        });
      }
    });

    it('keeps a committed turn when the store is closed and reopened', async (ctx) => {
      if (!fx.reopen) return ctx.skip();
      const result = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!result.ok) throw new Error('commit refused');
      const generation = await store.getUserGeneration('web:u1');
      store = await fx.reopen();
      expect(await store.getConversation('web:c1')).toEqual({ doc: doc('web:u1', 1), eTag: result.eTag });
      expect(await store.listRecords('web:u1')).toEqual(result.records);
      expect(await store.getUserGeneration('web:u1')).toBe(generation);
      expect(await store.hasMessageId('activity:web:c1:a1', hours(1))).toBe(true);
      expect(await store.commitTurn(turn('web:u1', 'web:c1', result.eTag, 2))).toMatchObject({ ok: true });
    });
  });

  describe('commitForget', () => {
    const forget = (userKey: string, conversationKey: string, expectedETag: string | undefined, step = 9) => ({
      conversationKey,
      userKey,
      expectedETag,
      at: AT,
      dedup: { id: `activity:${conversationKey}:a${step}`, expiresAt: hours(24) },
    });
    const gone = {
      conversations: [undefined, undefined],
      listed: [],
      profile: undefined,
      records: [],
      reminders: [],
      generation: undefined,
      idle: [],
    };

    it('deletes everything of the user, in every conversation, and marks the activity', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      const other = await store.commitTurn(turn('web:u1', 'web:c2', undefined, 2));
      const kept = await store.commitTurn(turn('web:u2', 'web:c3', undefined));
      if (!first.ok || !other.ok || !kept.ok) throw new Error('commit refused');
      expect(await store.commitForget(forget('web:u1', 'web:c1', first.eTag))).toEqual({ ok: true });
      expect(await stateOf(store, 'web:u1', ['web:c1', 'web:c2'])).toEqual({ ...gone, idle: ['web:u2'] });
      expect(await store.hasMessageId('activity:web:c1:a9', hours(1))).toBe(true);
      expect(await store.listRecords('web:u2')).toHaveLength(2);
      expect(await store.getConversation('web:c3')).toEqual({ doc: doc('web:u2', 1), eTag: kept.eTag });
    });

    it('deletes nothing when the eTag is stale, the activity was committed already, or the user was deleted meanwhile', async () => {
      const first = await store.commitTurn(turn('web:u1', 'web:c1', undefined));
      if (!first.ok) throw new Error('commit refused');
      const second = await store.commitTurn(turn('web:u1', 'web:c1', first.eTag, 2));
      if (!second.ok) throw new Error('commit refused');
      const before = await stateOf(store, 'web:u1', ['web:c1']);
      expect(await store.commitForget(forget('web:u1', 'web:c1', first.eTag))).toEqual({
        ok: false,
        reason: 'conflict',
      });
      expect(await store.commitForget(forget('web:u1', 'web:c1', second.eTag, 2))).toEqual({
        ok: false,
        reason: 'duplicate',
      });
      expect(
        await store.commitForget({ ...forget('web:u1', 'web:c9', undefined), userGeneration: 'not-theirs' }),
      ).toEqual({ ok: false, reason: 'deleted' });
      expect(await stateOf(store, 'web:u1', ['web:c1'])).toEqual(before);
      expect(await store.hasMessageId('activity:web:c1:a9', hours(1))).toBe(false);
      await store.deleteUser('web:u1');
      expect(await store.commitForget(forget('web:u1', 'web:c1', second.eTag))).toEqual({
        ok: false,
        reason: 'deleted',
      });
    });

    it('leaves nothing of the user when a turn of theirs commits in another conversation at the same moment', async () => {
      const users = Array.from({ length: 8 }, (_, i) => `web:fr${i}`);
      const loaded = await Promise.all(
        users.map(async (userKey) => {
          const a = await store.commitTurn(turn(userKey, `${userKey}:a`, undefined));
          const b = await store.commitTurn(turn(userKey, `${userKey}:b`, undefined));
          if (!a.ok || !b.ok) throw new Error('commit refused');
          return { userKey, a: a.eTag, b: b.eTag };
        }),
      );
      const results = await Promise.all(
        loaded.flatMap(({ userKey, a, b }) => [
          store.commitTurn(turn(userKey, `${userKey}:b`, b, 2)),
          store.commitForget(forget(userKey, `${userKey}:a`, a)),
        ]),
      );
      expect(results.filter((r, i) => i % 2 === 1).every((r) => r.ok)).toBe(true);
      for (const userKey of users)
        expect(await stateOf(store, userKey, [`${userKey}:a`, `${userKey}:b`])).toEqual(gone);
    });
  });

  describe('ping', () => {
    it('resolves while the store is open and rejects once it is closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });

  describe('hasMessageId', () => {
    it('tells whether an id is marked and unexpired, without marking it', async () => {
      expect(await store.hasMessageId('sms:SM1', AT)).toBe(false);
      expect(await store.claimMessageId('sms:SM1', AT, hours(24))).toBe(true);
      expect(await store.hasMessageId('sms:SM1', hours(23))).toBe(true);
      expect(await store.hasMessageId('sms:SM1', hours(24))).toBe(false);
      expect(await store.hasMessageId('sms:SM2', AT)).toBe(false);
      expect(await store.claimMessageId('sms:SM2', AT, hours(24))).toBe(true);
    });
  });
}
