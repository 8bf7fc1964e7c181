import { describe, expect, it } from 'vitest';
import { MAX_SCORE_RISE, exerciseAdvice, respond } from '../../dialogs/exercise/walkthrough.js';

const LEVELS = [0, 1, 2, 3, 4, 5];

describe('respond (CLINICAL §3, during an exercise)', () => {
  it.each(LEVELS.flatMap((b) => LEVELS.map((a) => [b, a] as const)))('before %i, after %i', (before, after) => {
    const expected = after > before ? 'peripheralized' : after < before ? 'centralized' : 'same';
    expect(respond(before, after)).toBe(expected);
  });

  it('counts new numbness or weakness as peripheralization, whatever the levels', () => {
    expect(respond(3, 3, { newNumbnessOrWeakness: true })).toBe('peripheralized');
    expect(respond(4, 2, { newNumbnessOrWeakness: true })).toBe('peripheralized');
    expect(respond(4, 2, { newNumbnessOrWeakness: false })).toBe('centralized');
  });

  it('treats pain that has gone as centralized', () => {
    expect(respond(2, 0)).toBe('centralized');
  });

  it.each([
    [6, 2],
    [-1, 2],
    [2, 2.5],
    [Number.NaN, 1],
  ])('refuses levels outside 0–5 (%s, %s)', (before, after) => {
    expect(() => respond(before, after)).toThrow(RangeError);
  });
});

describe('exerciseAdvice', () => {
  it('stops at once on a spread, and re-screens only with new numbness or weakness or when it will not settle', () => {
    expect(exerciseAdvice(2, 3)).toEqual({ outcome: 'peripheralized', stopNow: true, rescreen: false });
    expect(exerciseAdvice(2, 4, { newNumbnessOrWeakness: true })).toEqual({ outcome: 'peripheralized', stopNow: true, rescreen: true });
    expect(exerciseAdvice(2, 2, { newNumbnessOrWeakness: true })).toEqual({ outcome: 'peripheralized', stopNow: true, rescreen: true });
    expect(exerciseAdvice(2, 3, { settled: false })).toEqual({ outcome: 'peripheralized', stopNow: true, rescreen: true });
    expect(exerciseAdvice(2, 3, { settled: true })).toEqual({ outcome: 'peripheralized', stopNow: true, rescreen: false });
  });

  it('carries on when it centralizes (a rise of central back pain is fine) or stays the same', () => {
    expect(exerciseAdvice(4, 1, { scoreRise: 2 })).toEqual({ outcome: 'centralized', stopNow: false, rescreen: false });
    expect(exerciseAdvice(3, 3)).toEqual({ outcome: 'same', stopNow: false, rescreen: false });
  });

  it('stops when the pain score rose by more than about 3/10 (§4 "gentle")', () => {
    expect(exerciseAdvice(3, 3, { scoreRise: MAX_SCORE_RISE })).toMatchObject({ stopNow: false });
    expect(exerciseAdvice(3, 3, { scoreRise: MAX_SCORE_RISE + 1 })).toEqual({ outcome: 'same', stopNow: true, rescreen: false });
  });
});
