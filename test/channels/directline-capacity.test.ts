import restify, { type Server } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationLimits } from '../../src/channels/directline.conversation.js';
import { DirectLineConversations, type OpenResult } from '../../src/channels/directline.conversations.js';
import { createMemoryDirectLineStorage } from '../../src/channels/directline.memory.js';
import { registerDirectLine } from '../../src/channels/directline.router.js';
import { createTokenService } from '../../src/channels/directline.tokens.js';
import { createBodyReader } from '../../src/http/body-reader.js';
import { createHashId, createLogger } from '../../src/logger.js';

const MINUTE = 60_000;
const USER_MESSAGE = { type: 'message', text: 'hello', from: { id: 'u', name: '', role: 'user' } };

/** A conversation table on a clock the test moves; `open` issues a token valid for `ttlMs`. */
function table(limits: Partial<ConversationLimits>) {
  let now = 1_700_000_000_000;
  const convs = new DirectLineConversations({ idleMs: 35 * MINUTE, evictAfterMs: 5 * MINUTE, ...limits }, () => now);
  return {
    convs,
    tick: (ms: number) => {
      now += ms;
    },
    open: (id: string, client: string, ttlMs = 30 * MINUTE): OpenResult =>
      convs.open(id, `u-${id}`, { client, tokenExpiresAt: now + ttlMs }),
  };
}

function ok(result: OpenResult) {
  if (!result.ok) throw new Error(`open refused: ${result.reason}`);
  return result.conversation;
}

describe('Direct Line capacity', () => {
  it('GIVEN one client has opened 100 times the cap and used none WHEN a new patient starts THEN the patient gets a conversation', () => {
    const t = table({ maxConversations: 20, maxPerClient: 5 });
    for (let i = 0; i < 2000; i++) {
      t.tick(1);
      // The flooder is never refused either: its own oldest unused conversation makes room.
      ok(t.open(`flood-${i}`, '203.0.113.7'));
    }
    expect(t.convs.countOf('203.0.113.7')).toBe(5);
    expect(t.convs.size).toBe(5);
    expect(t.convs.get('flood-1999')).toBeDefined();
    expect(t.convs.get('flood-1994')).toBeUndefined();
    ok(t.open('patient', '198.51.100.1'));
  });

  it('GIVEN the table is full of never-used conversations from many addresses WHEN a patient starts THEN the least recently active one makes room', () => {
    const t = table({ maxConversations: 50, maxPerClient: 5 });
    for (let i = 0; i < 5000; i++) {
      t.tick(1);
      ok(t.open(`flood-${i}`, `flood-address-${i}`));
    }
    expect(t.convs.size).toBe(50);
    t.convs.get('flood-4950');
    t.tick(1);
    ok(t.open('patient', '198.51.100.1'));
    expect(t.convs.size).toBe(50);
    // 4950 was touched just before: 4951, now the least recently active, went instead.
    expect(t.convs.get('flood-4950')).toBeDefined();
    expect(t.convs.get('flood-4951')).toBeUndefined();
    expect(t.convs.get('patient')).toBeDefined();
  });

  it('GIVEN a client whose conversations are all in use WHEN it starts another THEN it is refused (client-limit) while another client is not', () => {
    const t = table({ maxConversations: 100, maxPerClient: 3 });
    for (const id of ['a', 'b', 'c']) ok(t.open(id, '203.0.113.7')).append(USER_MESSAGE);
    t.tick(MINUTE);
    const refused = t.open('d', '203.0.113.7');
    expect(refused).toEqual({ ok: false, reason: 'client-limit', retryAfterSeconds: 4 * 60 });
    ok(t.open('other', '198.51.100.1'));
    // Once one of them has been quiet long enough, it makes room.
    t.tick(4 * MINUTE);
    ok(t.open('d', '203.0.113.7'));
    expect(t.convs.countOf('203.0.113.7')).toBe(3);
    expect(t.convs.get('a')).toBeUndefined();
  });

  it('evicts abandoned conversations first, then listening-only ones, never one in use, however long ago each was active', () => {
    const t = table({ maxConversations: 4, maxPerClient: 10 });
    const streaming = ok(t.open('streaming', 'client-1'));
    streaming.append(USER_MESSAGE);
    streaming.subscribe(() => {});
    const listening = ok(t.open('listening', 'client-2'));
    let listenerEnded = false;
    listening.subscribe(
      () => {},
      () => (listenerEnded = true),
    );
    t.tick(MINUTE);
    ok(t.open('posting', 'client-3')).append(USER_MESSAGE);
    t.tick(MINUTE);
    ok(t.open('unused', 'client-4'));

    // The never-used one goes although it is the most recently active.
    ok(t.open('new-1', 'client-5')).append(USER_MESSAGE);
    expect(t.convs.get('unused')).toBeUndefined();
    // Then the one that only listens (and its stream is told).
    ok(t.open('new-2', 'client-6')).append(USER_MESSAGE);
    expect(t.convs.get('listening')).toBeUndefined();
    expect(listenerEnded).toBe(true);
    // Only conversations in use are left: refused, with the time until `posting` has been quiet for 5 minutes.
    expect(t.open('new-3', 'client-7')).toEqual({ ok: false, reason: 'full', retryAfterSeconds: 4 * 60 });
    t.tick(5 * MINUTE);
    // `posting` is idle now; `streaming` has been idle longer but has an open stream.
    ok(t.open('new-3', 'client-7'));
    expect(t.convs.get('posting')).toBeUndefined();
    expect(t.convs.get('streaming')).toBe(streaming);
  });

  it('evicts a dead conversation (last token expired) ahead of an abandoned one, even if more recently active', () => {
    const t = table({ maxConversations: 2, maxPerClient: 10 });
    ok(t.open('old-unused', 'client-1', 60 * MINUTE));
    t.tick(MINUTE);
    ok(t.open('expired', 'client-2', 20 * MINUTE)).append(USER_MESSAGE);
    t.tick(20 * MINUTE);
    ok(t.open('new', 'client-3'));
    expect(t.convs.get('expired')).toBeUndefined();
    expect(t.convs.get('old-unused')).toBeDefined();
  });

  it("makes room in a client's share with its dead conversation first, even one with an open stream, and ends that stream", () => {
    const t = table({ maxConversations: 100, maxPerClient: 2 });
    const idle = ok(t.open('idle', 'client-1', 60 * MINUTE));
    idle.append(USER_MESSAGE);
    t.tick(MINUTE);
    const expiring = ok(t.open('expiring', 'client-1', 20 * MINUTE));
    expiring.append(USER_MESSAGE);
    let ended = false;
    expiring.subscribe(
      () => {},
      () => (ended = true),
    );
    t.tick(25 * MINUTE);
    // A keep-alive on the stream: the least recently active is `idle`, yet the dead one goes.
    expiring.touch();
    ok(t.open('new', 'client-1'));
    expect(ended).toBe(true);
    expect(t.convs.get('expiring')).toBeUndefined();
    expect(t.convs.get('idle')).toBe(idle);
  });

  it('keeps a conversation whose token was refreshed, and forgets one without a stream once its last token has expired', () => {
    const t = table({});
    ok(t.open('kept', 'client-1', 20 * MINUTE));
    ok(t.open('dead', 'client-1', 20 * MINUTE));
    t.tick(10 * MINUTE);
    expect(t.convs.get('kept', Number.MAX_SAFE_INTEGER)).toBeDefined();
    t.tick(11 * MINUTE);
    expect(t.convs.get('dead')).toBeUndefined();
    expect(t.convs.get('kept')).toBeDefined();
    expect(t.convs.countOf('client-1')).toBe(1);
  });

  it('sweeps out expired conversations (ending their streams) and those idle past idleMs without a stream', () => {
    const t = table({});
    const live = ok(t.open('live', 'c', 120 * MINUTE));
    live.append(USER_MESSAGE);
    live.subscribe(() => {});
    ok(t.open('idle', 'c', 120 * MINUTE)).append(USER_MESSAGE);
    const expired = ok(t.open('expired', 'c', 20 * MINUTE));
    let ended = false;
    expired.subscribe(
      () => {},
      () => (ended = true),
    );
    t.tick(30 * MINUTE);
    expect(t.convs.sweep()).toBe(1);
    expect(ended).toBe(true);
    t.tick(6 * MINUTE);
    expect(t.convs.sweep()).toBe(1);
    expect(t.convs.get('idle')).toBeUndefined();
    expect(t.convs.get('live')).toBe(live);
    expect(t.convs.countOf('c')).toBe(1);
  });
});

describe('Direct Line capacity over HTTP', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** The Direct Line routes on a clock the test moves, behind a trusted proxy (clients set X-Forwarded-For). */
  async function start(limits: Partial<ConversationLimits>) {
    let now = Date.now();
    const tokens = createTokenService({ secret: 'c'.repeat(40), ttlSeconds: 1800, now: () => now });
    const conversations = new DirectLineConversations(limits, () => now);
    server = restify.createServer();
    server.pre(createBodyReader({ maxBytes: 64 * 1024, timeoutMs: 5000 }));
    registerDirectLine(server, {
      runTurn: async () => {},
      tokens,
      conversations: createMemoryDirectLineStorage({ conversations, now: () => now, endedForMs: 1800_000 }),
      logger: createLogger('silent'),
      hashId: createHashId({ key: 'k'.repeat(32), logger: createLogger('silent') }),
      address: { trustProxy: true },
      botId: 'bot',
      postLimit: () => ({ allowed: true }),
    });
    await new Promise<void>((resolve) => {
      server!.listen(0, '127.0.0.1', resolve);
    });
    const base = `http://127.0.0.1:${server.address().port}/v3/directline`;
    let n = 0;
    /** Starts a conversation from `address` and, when `use`, posts a message in it. */
    const startFrom = async (address: string, use = true) => {
      const id = `conv-${n++}`;
      const headers = {
        authorization: `Bearer ${tokens.issue('conversation', id, `dl_${id}`)}`,
        'x-forwarded-for': address,
      };
      const res = await fetch(`${base}/conversations`, { method: 'POST', headers });
      if (res.status === 201 && use) {
        const body = JSON.stringify({ type: 'message', text: 'hello' });
        const posted = await fetch(`${base}/conversations/${id}/activities`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
        expect(posted.status).toBe(200);
      }
      return res;
    };
    return { startFrom, tick: (ms: number) => (now += ms), conversations };
  }

  it('counts a /64 as one client: past maxPerClient conversations in use it gets 429 with Retry-After, another client still 201', async () => {
    const { startFrom, conversations } = await start({ maxConversations: 10, maxPerClient: 3 });
    for (const host of ['1', '2', 'abcd:ef01:2345'])
      expect((await startFrom(`2001:db8:7:7::${host}`)).status).toBe(201);
    const refused = await startFrom('2001:db8:7:7:ffff::1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect((await startFrom('2001:db8:7:8::1')).status).toBe(201);
    expect(conversations.countOf('2001:db8:7:7::/64')).toBe(3);
  });

  it('answers 503 with Retry-After when full of conversations in use, and 201 once one has been quiet for evictAfterMs', async () => {
    const { startFrom, tick } = await start({ maxConversations: 3, maxPerClient: 3, evictAfterMs: 5 * MINUTE });
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await startFrom(address)).status).toBe(201);
    const refused = await startFrom('198.51.100.1');
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBe(300);
    tick(5 * MINUTE);
    expect((await startFrom('198.51.100.1')).status).toBe(201);
  });

  it('lets a new patient in after one client opened thousands of never-used conversations', async () => {
    const { startFrom, conversations } = await start({ maxConversations: 20, maxPerClient: 5 });
    for (let i = 0; i < 1000; i++) expect((await startFrom('203.0.113.7', false)).status).toBe(201);
    expect(conversations.countOf('203.0.113.7')).toBe(5);
    expect((await startFrom('::ffff:198.51.100.1')).status).toBe(201);
    expect(conversations.countOf('198.51.100.1')).toBe(1);
  });
});
