import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivitySet } from '../../src/channels/directline.conversation.js';
import type { DirectLineStorage, EndReason, StorageOpenResult } from '../../src/channels/directline.storage.js';
import {
  createPostgresDirectLineStorage,
  type PostgresDirectLineOptions,
} from '../../src/store/postgres.directline.js';
import { createPostgresStore } from '../../src/store/postgres.store.js';
import { databaseProxy, databaseUrl, TEST_DATABASE_URL, testSchema } from '../store/postgres.helpers.js';

const MINUTE = 60_000;
const FOREVER = Number.MAX_SAFE_INTEGER;
const USER_MESSAGE = { type: 'message', text: 'hello', from: { id: 'u', name: '', role: 'user' } };

/** A stream as a test sees it: what arrived, and a promise per thing awaited. */
function recorder() {
  const sets: ActivitySet[] = [];
  let ended: EndReason | undefined;
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!w.done()) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  return {
    sets,
    texts: () => sets.flatMap((s) => s.activities.map((a) => a.text)),
    get ended() {
      return ended;
    },
    listener: {
      activities(set: ActivitySet) {
        sets.push(set);
        check();
      },
      ended(reason: EndReason) {
        ended = reason;
        check();
      },
    },
    /** Resolves once `done` holds (checked on every event). */
    until(done: () => boolean): Promise<void> {
      if (done()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ done, resolve }));
    },
  };
}

function opened(result: StorageOpenResult) {
  if (!result.ok) throw new Error(`open refused: ${result.reason}`);
  return result.conversation;
}

// In CI a missing database is a failure, not a skip (see test/store/postgres.store.test.ts).
describe.skipIf(!TEST_DATABASE_URL && !process.env.CI)('Direct Line on PostgreSQL, two instances', () => {
  const schema = testSchema();
  const storages: DirectLineStorage[] = [];
  let clock = Date.now();
  const open = async (opts: Partial<PostgresDirectLineOptions> = {}) => {
    const s = await createPostgresDirectLineStorage({
      url: databaseUrl(),
      schema: schema.name,
      poolSize: 2,
      now: () => clock,
      ...opts,
    });
    storages.push(s);
    return s;
  };
  let a: DirectLineStorage;
  let b: DirectLineStorage;
  beforeAll(async () => {
    await schema.create();
    a = await open();
    b = await open();
  });
  afterAll(async () => {
    await Promise.all(storages.map((s) => s.close()));
    await schema.drop();
  });

  it('serves on one instance what was appended on the other, paged by watermark', async () => {
    opened(await a.open('t1', 'dl_t1', { client: 'c1', tokenExpiresAt: FOREVER }));
    for (const [i, text] of ['m0', 'm1', 'm2'].entries())
      expect(await b.append('t1', { type: 'message', text })).toEqual({
        ok: true,
        id: `t1|000000${i}`,
        watermark: i + 1,
      });
    expect(await a.since('t1', 0)).toEqual({
      activities: [
        expect.objectContaining({ id: 't1|0000000', text: 'm0' }),
        expect.objectContaining({ text: 'm1' }),
        expect.objectContaining({ text: 'm2' }),
      ],
      watermark: '3',
    });
    expect(await b.since('t1', 3)).toEqual({ activities: [], watermark: '3' });
    expect(await b.since('t1', 4)).toBeUndefined();
    expect(await a.get('t1')).toMatchObject({ id: 't1', userId: 'dl_t1', watermark: 3 });
    expect(await a.append('nope', { type: 'message' })).toEqual({ ok: false, reason: 'gone' });
  });

  it('takes a conversation whose rows are gone up again at the watermark its client reached, with ids that repeat none of before', async () => {
    expect(await a.ownerOf('t9')).toBeUndefined();
    const conv = opened(await a.open('t9', 'dl_t9', { client: 'c1', tokenExpiresAt: FOREVER, watermark: 4 }));
    expect(conv.watermark).toBe(4);
    expect(await b.ownerOf('t9')).toBe('dl_t9');
    const appended = await b.append('t9', { type: 'message', text: 'again' });
    expect(appended).toEqual({ ok: true, id: `t9|0000004.${clock.toString(36)}`, watermark: 5 });
    expect(await a.since('t9', 4)).toEqual({
      activities: [expect.objectContaining({ id: appended.ok && appended.id, text: 'again' })],
      watermark: '5',
    });
    // Held: a client's watermark moves nothing.
    expect(opened(await b.open('t9', 'dl_t9', { client: 'c1', tokenExpiresAt: FOREVER, watermark: 1 })).watermark).toBe(
      5,
    );
  });

  it('keeps the last maxActivities of a transcript and pages by pageSize, as in memory', async () => {
    const small = await open({ limits: { maxActivities: 3, pageSize: 2 } });
    opened(await small.open('t3', 'dl_t3', { client: 'c1', tokenExpiresAt: FOREVER }));
    for (let i = 0; i < 5; i++) await small.append('t3', { type: 'message', text: `m${i}` });
    expect(await small.since('t3', 0)).toEqual({
      activities: [expect.objectContaining({ text: 'm2' }), expect.objectContaining({ text: 'm3' })],
      watermark: '4',
    });
    expect(await small.since('t3', 4)).toEqual({
      activities: [expect.objectContaining({ id: 't3|0000004', text: 'm4' })],
      watermark: '5',
    });
    expect(
      (await schema.sql("SELECT count(*)::int AS n FROM directline_activities WHERE conversation_id = 't3'")).rows[0],
    ).toEqual({ n: 3 });
  });

  it('pushes an activity appended on one instance to a stream on the other, after its backlog, in order and once', async () => {
    opened(await a.open('t2', 'dl_t2', { client: 'c1', tokenExpiresAt: FOREVER }));
    await a.append('t2', { type: 'message', text: 'before' });
    const stream = recorder();
    const off = a.subscribe('t2', 0, stream.listener);
    await Promise.all(['one', 'two', 'three'].map((text) => b.append('t2', { type: 'message', text })));
    await stream.until(() => stream.texts().length === 4);
    expect(stream.texts()[0]).toBe('before');
    expect(stream.texts().slice(1).sort()).toEqual(['one', 'three', 'two']);
    expect(stream.texts()).toEqual((await b.since('t2', 0))!.activities.map((x) => x.text));
    expect(stream.sets.at(-1)!.watermark).toBe('4');
    off();
  });

  it('counts a client across instances: past maxPerClient in use, refused on both; another client is let in', async () => {
    const limits = { maxPerClient: 2, maxConversations: 100, evictAfterMs: 5 * MINUTE };
    const [x, y] = [await open({ limits }), await open({ limits })];
    for (const [s, id] of [
      [x, 'p1'],
      [y, 'p2'],
    ] as const) {
      opened(await s.open(id, `dl_${id}`, { client: 'busy', tokenExpiresAt: FOREVER }));
      await s.append(id, USER_MESSAGE);
    }
    expect(await x.open('p3', 'dl_p3', { client: 'busy', tokenExpiresAt: FOREVER })).toEqual({
      ok: false,
      reason: 'client-limit',
      retryAfterSeconds: 300,
    });
    expect(await y.open('p3', 'dl_p3', { client: 'busy', tokenExpiresAt: FOREVER })).toMatchObject({
      ok: false,
      reason: 'client-limit',
    });
    opened(await y.open('q1', 'dl_q1', { client: 'other', tokenExpiresAt: FOREVER }));
    // Once quiet for evictAfterMs, one makes room; not p2, whose stream is open on the other instance.
    clock += 5 * MINUTE;
    const stream = recorder();
    x.subscribe('p2', 0, stream.listener);
    await stream.until(() => stream.texts().length === 1);
    opened(await y.open('p3', 'dl_p3', { client: 'busy', tokenExpiresAt: FOREVER }));
    // p2 has an open stream (on x): p1 went.
    expect(await x.get('p1')).toBeUndefined();
    expect(await y.get('p2')).toBeDefined();
    expect(stream.ended).toBeUndefined();
  });

  it('ends a stream on the other instance when its conversation is evicted', async () => {
    const limits = { maxPerClient: 1, maxConversations: 100 };
    const [x, y] = [await open({ limits }), await open({ limits })];
    opened(await x.open('e1', 'dl_e1', { client: 'solo', tokenExpiresAt: FOREVER }));
    const stream = recorder();
    y.subscribe('e1', 0, stream.listener);
    // Never used, only listening: a new conversation of the same client takes its place.
    opened(await x.open('e2', 'dl_e2', { client: 'solo', tokenExpiresAt: FOREVER }));
    await stream.until(() => stream.ended !== undefined);
    expect(stream.ended).toBe('gone');
  });

  it('GIVEN a user with streams on both instances WHEN the Store deletes the user THEN their conversations end everywhere, in the same transaction', async () => {
    const store = await createPostgresStore({ url: databaseUrl(), schema: schema.name, poolSize: 2 });
    try {
      const userKey = 'webchat:dl_gone';
      await store.saveUser(userKey, { createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
      opened(await a.open('g1', 'dl_gone', { client: 'c9', tokenExpiresAt: clock + 30 * MINUTE }));
      opened(await b.open('g2', 'dl_gone', { client: 'c9', tokenExpiresAt: clock + 30 * MINUTE }));
      opened(await b.open('kept', 'dl_kept', { client: 'c9', tokenExpiresAt: clock + 30 * MINUTE }));
      await a.append('g1', USER_MESSAGE);
      const [s1, s2] = [recorder(), recorder()];
      b.subscribe('g1', 0, s1.listener);
      a.subscribe('g2', 0, s2.listener);
      await s1.until(() => s1.texts().length === 1);
      const final = new Promise<string>((resolve) =>
        a.onFinal((id, activities) => resolve(`${id}:${activities.map((x) => x.text).join()}`)),
      );

      await store.deleteUser(userKey);
      await Promise.all([s1.until(() => s1.ended !== undefined), s2.until(() => s2.ended !== undefined)]);
      expect([s1.ended, s2.ended]).toEqual(['deleted', 'deleted']);
      for (const s of [a, b]) {
        expect(await s.get('g1')).toBeUndefined();
        expect(await s.since('g1', 0)).toBeUndefined();
        expect(await s.isEnded('g1')).toBe(true);
        expect(await s.open('g1', 'dl_gone', { client: 'c9', tokenExpiresAt: FOREVER })).toEqual({
          ok: false,
          reason: 'ended',
        });
      }
      expect(await a.get('kept')).toBeDefined();
      expect(await a.isEnded('kept')).toBe(false);
      expect(
        (await schema.sql("SELECT count(*)::int AS n FROM directline_activities WHERE conversation_id IN ('g1', 'g2')"))
          .rows[0],
      ).toEqual({ n: 0 });

      // The deleting turn's last replies reach the streams, wherever they are, without being stored.
      await b.deliverFinal('g1', [{ id: 'g1|bye', type: 'message', text: 'deleted' }]);
      expect(await final).toBe('g1:deleted');
    } finally {
      await store.close();
    }
  });

  it('GIVEN an instance whose listening connection was cut WHEN it is back THEN its streams get what was appended meanwhile', async () => {
    const proxy = await databaseProxy();
    const errors: string[] = [];
    try {
      const cut = await open({ url: proxy.url, onError: (err) => errors.push(err.code) });
      opened(await b.open('r1', 'dl_r1', { client: 'c7', tokenExpiresAt: FOREVER }));
      const stream = recorder();
      cut.subscribe('r1', 0, stream.listener);
      await b.append('r1', { type: 'message', text: 'before' });
      await stream.until(() => stream.texts().length === 1);
      proxy.cut();
      await b.append('r1', { type: 'message', text: 'during' });
      proxy.restore();
      await stream.until(() => stream.texts().length === 2);
      expect(stream.texts()).toEqual(['before', 'during']);
      expect(errors.length).toBeGreaterThan(0);
      await b.append('r1', { type: 'message', text: 'after' });
      await stream.until(() => stream.texts().length === 3);
    } finally {
      await proxy.close();
    }
  });

  it('sweeps out expired conversations (ending their streams anywhere) and, later, expired ends', async () => {
    opened(await a.open('s1', 'dl_s1', { client: 'c5', tokenExpiresAt: clock + 20 * MINUTE }));
    opened(await a.open('s2', 'dl_s2', { client: 'c5', tokenExpiresAt: clock + 120 * MINUTE }));
    await a.append('s2', USER_MESSAGE);
    const stream = recorder();
    b.subscribe('s1', 0, stream.listener);
    clock += 21 * MINUTE;
    expect(await a.sweep()).toBeGreaterThanOrEqual(1);
    await stream.until(() => stream.ended !== undefined);
    expect(stream.ended).toBe('gone');
    expect(await b.get('s2')).toBeDefined();
  });
});
