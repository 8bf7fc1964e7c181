import { describe, expect, it } from 'vitest';
import {
  DirectLineConversations,
  parseWatermark,
  type OpenResult,
} from '../../src/channels/directline.conversations.js';
import { bearerToken, createTokenService } from '../../src/channels/directline.tokens.js';
import { createRateLimiter } from '../../src/channels/rate-limit.js';

describe('Direct Line tokens', () => {
  const secret = 's'.repeat(40);

  it('verifies its own tokens and reads back conversation and user', () => {
    const tokens = createTokenService({ secret, ttlSeconds: 1800 });
    const check = tokens.verify(tokens.issue('conversation', 'c1', 'dl_u1'), 'conversation');
    expect(check).toMatchObject({ ok: true, claims: { conv: 'c1', user: 'dl_u1', kind: 'conversation' } });
  });

  it('refuses missing (401), forged (401), expired (403) and wrong-kind (403) tokens', () => {
    let now = 1_000_000_000_000;
    const tokens = createTokenService({ secret, ttlSeconds: 1800, now: () => now });
    const other = createTokenService({ secret: 'o'.repeat(40), ttlSeconds: 1800 });
    const token = tokens.issue('conversation', 'c1', 'u1');
    expect(tokens.verify(undefined, 'conversation')).toMatchObject({ ok: false, status: 401 });
    expect(tokens.verify('not.a.token', 'conversation')).toMatchObject({ ok: false, status: 401 });
    expect(tokens.verify(other.issue('conversation', 'c1', 'u1'), 'conversation')).toMatchObject({
      ok: false,
      status: 401,
    });
    const [h, p, s] = token.split('.');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), conv: 'c2' }),
    ).toString('base64url');
    expect(tokens.verify(`${h}.${tampered}.${s}`, 'conversation')).toMatchObject({ ok: false, status: 401 });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(tokens.verify(`${none}.${p}.`, 'conversation')).toMatchObject({ ok: false, status: 401 });
    expect(tokens.verify(tokens.issue('stream', 'c1', 'u1'), 'conversation')).toMatchObject({
      ok: false,
      status: 403,
      code: 'WrongToken',
    });
    now += 1801_000;
    expect(tokens.verify(token, 'conversation')).toMatchObject({ ok: false, status: 403, code: 'TokenExpired' });
  });

  it('reads bearer tokens only from a well-formed Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

/** The conversation of an `open` that must succeed. */
function opened(result: OpenResult) {
  if (!result.ok) throw new Error(`open refused: ${result.reason}`);
  return result.conversation;
}

const FOREVER = { client: '192.0.2.1', tokenExpiresAt: Number.MAX_SAFE_INTEGER };

describe('Direct Line transcripts', () => {
  it('pages by watermark, keeps ids in order and drops the oldest past the cap', () => {
    const convs = new DirectLineConversations({ maxActivities: 5, pageSize: 2 });
    const conv = opened(convs.open('c1', 'u1', FOREVER));
    const ids = Array.from({ length: 7 }, (_, i) => conv.append({ type: 'message', text: `m${i}` }));
    expect(ids[0]).toBe('c1|0000000');
    expect(conv.watermark).toBe(7);
    // Two were dropped: watermark 0 starts at the oldest kept one.
    expect(conv.since(0)).toEqual({
      activities: [expect.objectContaining({ text: 'm2' }), expect.objectContaining({ text: 'm3' })],
      watermark: '4',
    });
    expect(conv.since(4)!.activities.map((a) => a.text)).toEqual(['m4', 'm5']);
    expect(conv.since(6)).toEqual({ activities: [expect.objectContaining({ id: 'c1|0000006' })], watermark: '7' });
    expect(conv.since(7)).toEqual({ activities: [], watermark: '7' });
    expect(conv.since(8)).toBeUndefined();
  });

  it('takes a lost conversation up again at the watermark its client reached, with ids that repeat none of before', () => {
    const at = 1_700_000_000_000;
    const convs = new DirectLineConversations({ pageSize: 10 }, () => at);
    const conv = opened(convs.open('c1', 'u1', { ...FOREVER, watermark: 5 }));
    expect(conv.watermark).toBe(5);
    expect(conv.since(5)).toEqual({ activities: [], watermark: '5' });
    const id = conv.append({ type: 'message', text: 'again' });
    expect(id).toBe(`c1|0000005.${at.toString(36)}`);
    // A client further behind starts at what is kept.
    expect(conv.since(0)).toEqual({ activities: [expect.objectContaining({ id })], watermark: '6' });
    // A conversation still held is not moved by a client's watermark.
    expect(opened(convs.open('c1', 'u1', { ...FOREVER, watermark: 2 })).watermark).toBe(6);
  });

  it('pushes new activities to subscribers until they unsubscribe', () => {
    const conv = opened(new DirectLineConversations().open('c1', 'u1', FOREVER));
    const seen: string[] = [];
    const off = conv.subscribe((set) => seen.push(`${set.activities[0]!.text}@${set.watermark}`));
    conv.append({ text: 'a' });
    off();
    conv.append({ text: 'b' });
    expect(seen).toEqual(['a@1']);
  });

  it('parses watermarks: empty means the start, anything but digits is refused', () => {
    expect(parseWatermark(undefined)).toBe(0);
    expect(parseWatermark('')).toBe(0);
    expect(parseWatermark('12')).toBe(12);
    expect(parseWatermark('-1')).toBeUndefined();
    expect(parseWatermark('1e3')).toBeUndefined();
  });
});

describe('rate limiter', () => {
  it('allows `limit` hits per window per key and says when to retry', () => {
    let now = 0;
    const limit = createRateLimiter({ limit: 2, windowMs: 60_000, now: () => now });
    expect(limit('a').allowed).toBe(true);
    expect(limit('a').allowed).toBe(true);
    expect(limit('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limit('b').allowed).toBe(true);
    now = 45_000;
    expect(limit('a')).toEqual({ allowed: false, retryAfterSeconds: 15 });
    now = 60_000;
    expect(limit('a').allowed).toBe(true);
  });

  it('tracks at most maxKeys keys under a flood of new ones, forgetting the oldest, and never refuses a newcomer', () => {
    let now = 0;
    const limit = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100, now: () => now });
    expect(limit('patient').allowed).toBe(true);
    expect(limit('patient').allowed).toBe(false);
    for (let i = 0; i < 10_000; i++) {
      now += 1;
      expect(limit(`flood-${i}`).allowed).toBe(true);
      expect(limit.size).toBeLessThanOrEqual(100);
    }
    // The oldest window made room: its count was forgotten.
    expect(limit('patient').allowed).toBe(true);
  });

  it('drops finished windows as time goes on, so quiet keys cost nothing', () => {
    let now = 0;
    const limit = createRateLimiter({ limit: 5, windowMs: 1000, now: () => now });
    for (let i = 0; i < 500; i++) limit(`k${i}`);
    expect(limit.size).toBe(500);
    now = 1000;
    limit('late');
    expect(limit.size).toBe(1);
  });

  it('moves a restarted window behind the others, so finished windows are still found at the front', () => {
    let now = 0;
    const limit = createRateLimiter({ limit: 1, windowMs: 1000, now: () => now });
    limit('a');
    now = 500;
    limit('b');
    now = 1000;
    expect(limit('a').allowed).toBe(true);
    now = 1500;
    limit('c');
    // b's window (from 500) has ended and is gone; a's (from 1000) and c's are live.
    expect(limit.size).toBe(2);
    expect(limit('a').allowed).toBe(false);
  });
});
