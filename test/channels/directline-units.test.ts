import { describe, expect, it } from 'vitest';
import { DirectLineConversations, parseWatermark } from '../../src/channels/directline.conversations.js';
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
    expect(tokens.verify(other.issue('conversation', 'c1', 'u1'), 'conversation')).toMatchObject({ ok: false, status: 401 });
    const [h, p, s] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), conv: 'c2' })).toString('base64url');
    expect(tokens.verify(`${h}.${tampered}.${s}`, 'conversation')).toMatchObject({ ok: false, status: 401 });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(tokens.verify(`${none}.${p}.`, 'conversation')).toMatchObject({ ok: false, status: 401 });
    expect(tokens.verify(tokens.issue('stream', 'c1', 'u1'), 'conversation')).toMatchObject({ ok: false, status: 403, code: 'WrongToken' });
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

describe('Direct Line transcripts', () => {
  it('pages by watermark, keeps ids in order and drops the oldest past the cap', () => {
    const convs = new DirectLineConversations({ maxActivities: 5, maxConversations: 10, pageSize: 2, idleMs: 1000, evictAfterMs: 500 });
    const conv = convs.open('c1', 'u1')!;
    const ids = Array.from({ length: 7 }, (_, i) => conv.append({ type: 'message', text: `m${i}` }));
    expect(ids[0]).toBe('c1|0000000');
    expect(conv.watermark).toBe(7);
    // Two were dropped: watermark 0 starts at the oldest kept one.
    expect(conv.since(0)).toEqual({ activities: [expect.objectContaining({ text: 'm2' }), expect.objectContaining({ text: 'm3' })], watermark: '4' });
    expect(conv.since(4)!.activities.map((a) => a.text)).toEqual(['m4', 'm5']);
    expect(conv.since(6)).toEqual({ activities: [expect.objectContaining({ id: 'c1|0000006' })], watermark: '7' });
    expect(conv.since(7)).toEqual({ activities: [], watermark: '7' });
    expect(conv.since(8)).toBeUndefined();
  });

  it('pushes new activities to subscribers until they unsubscribe', () => {
    const conv = new DirectLineConversations().open('c1', 'u1')!;
    const seen: string[] = [];
    const off = conv.subscribe((set) => seen.push(`${set.activities[0]!.text}@${set.watermark}`));
    conv.append({ text: 'a' });
    off();
    conv.append({ text: 'b' });
    expect(seen).toEqual(['a@1']);
  });

  it('forgets idle conversations without open streams, and refuses new ones when full of active ones', () => {
    let now = 0;
    const convs = new DirectLineConversations({ maxActivities: 5, maxConversations: 2, pageSize: 10, idleMs: 1000, evictAfterMs: 400 }, () => now);
    const a = convs.open('a', 'u')!;
    convs.open('b', 'u');
    a.subscribe(() => {});
    now = 300;
    expect(convs.open('c', 'u')).toBeUndefined();
    // Full, but b has been quiet long enough to make room (a has a stream open, so it stays).
    now = 500;
    expect(convs.open('c', 'u')).toBeDefined();
    expect(convs.get('b')).toBeUndefined();
    now = 2000;
    expect(convs.sweep()).toBe(1);
    expect(convs.get('c')).toBeUndefined();
    expect(convs.get('a')).toBe(a);
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
});
