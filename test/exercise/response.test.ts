import { describe, expect, it } from 'vitest';
import { respond } from '../../dialogs/exercise/response-rules.js';

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
