import { describe, expect, it } from 'vitest';
import {
  compare,
  consequence,
  mostDistal,
  newlyInvolvedSecondLeg,
  spanDays,
  summarize,
  trend,
  type Centralization,
  type CheckinPoint,
} from '../../dialogs/checkin/trend.js';

/** Check-ins one day apart from [left, right] pairs; the score doesn't matter to the trend. */
function history(...legs: [number, number][]): CheckinPoint[] {
  return legs.map(([left, right], i) => ({
    at: new Date(Date.UTC(2024, 2, 1 + i)).toISOString(),
    left,
    right,
    score: 5,
  }));
}

describe('mostDistal', () => {
  it('is the further-reaching side', () => {
    expect(mostDistal({ left: 2, right: 4 })).toBe(4);
    expect(mostDistal({ left: 0, right: 0 })).toBe(0);
  });
});

describe('trend of the last check-in', () => {
  const cases: { name: string; legs: [number, number][]; want: Centralization }[] = [
    { name: 'first check-in', legs: [[4, 0]], want: { level: 4, previous: null, trend: 'first', sustained: false } },
    {
      name: 'centralizing by one level',
      legs: [
        [4, 0],
        [3, 0],
      ],
      want: { level: 3, previous: 4, trend: 'centralizing', sustained: false },
    },
    {
      name: 'distal symptom gone',
      legs: [
        [1, 0],
        [0, 0],
      ],
      want: { level: 0, previous: 1, trend: 'centralizing', sustained: false },
    },
    {
      name: 'peripheralizing by one level',
      legs: [
        [3, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 3, trend: 'peripheralizing', sustained: false },
    },
    {
      name: 'stable',
      legs: [
        [3, 1],
        [3, 2],
      ],
      want: { level: 3, previous: 3, trend: 'stable', sustained: false },
    },
    {
      name: 'second leg newly involved, same most distal',
      legs: [
        [4, 0],
        [4, 3],
      ],
      want: { level: 4, previous: 4, trend: 'peripheralizing', sustained: false },
    },
    {
      name: 'pain jumps to the other leg (a new leg wins over d = −1)',
      legs: [
        [5, 0],
        [0, 4],
      ],
      want: { level: 4, previous: 5, trend: 'peripheralizing', sustained: false },
    },
    {
      name: 'sustained centralization: twice in a row',
      legs: [
        [5, 0],
        [4, 0],
        [3, 0],
      ],
      want: { level: 3, previous: 4, trend: 'centralizing', sustained: true },
    },
    {
      name: 'sustained peripheralization: twice in a row',
      legs: [
        [2, 0],
        [3, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 3, trend: 'peripheralizing', sustained: true },
    },
    {
      name: 'sustained centralization: ≥2 levels from the baseline',
      legs: [
        [5, 0],
        [5, 0],
        [3, 0],
      ],
      want: { level: 3, previous: 5, trend: 'centralizing', sustained: true },
    },
    {
      name: 'sustained peripheralization: ≥2 levels from the baseline',
      legs: [
        [2, 0],
        [2, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 2, trend: 'peripheralizing', sustained: true },
    },
    {
      name: 'sustained peripheralization with two check-ins: +2 from the first',
      legs: [
        [2, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 2, trend: 'peripheralizing', sustained: true },
    },
    {
      name: 'not sustained centralization with two check-ins, even −2',
      legs: [
        [5, 0],
        [3, 0],
      ],
      want: { level: 3, previous: 5, trend: 'centralizing', sustained: false },
    },
    {
      name: 'not sustained: one level only',
      legs: [
        [3, 0],
        [3, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 3, trend: 'peripheralizing', sustained: false },
    },
    {
      name: 'not sustained: directions alternate (C then P)',
      legs: [
        [5, 0],
        [3, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 3, trend: 'peripheralizing', sustained: false },
    },
    {
      name: 'not sustained: directions alternate (P then C)',
      legs: [
        [2, 0],
        [4, 0],
        [3, 0],
      ],
      want: { level: 3, previous: 4, trend: 'centralizing', sustained: false },
    },
    {
      name: 'stable is never sustained, even 2 levels from the baseline',
      legs: [
        [2, 0],
        [4, 0],
        [4, 0],
      ],
      want: { level: 4, previous: 4, trend: 'stable', sustained: false },
    },
    {
      name: 'only the last three check-ins count',
      legs: [
        [1, 0],
        [2, 0],
        [2, 0],
        [3, 0],
      ],
      want: { level: 3, previous: 2, trend: 'peripheralizing', sustained: false },
    },
    {
      name: 'second leg twice in a row',
      legs: [
        [4, 0],
        [4, 3],
        [5, 3],
      ],
      want: { level: 5, previous: 4, trend: 'peripheralizing', sustained: true },
    },
  ];
  it.each(cases)('$name', ({ legs, want }) => {
    expect(trend(history(...legs))).toEqual(want);
  });

  it('is null without check-ins', () => {
    expect(trend([])).toBeNull();
  });
});

describe('newlyInvolvedSecondLeg (involved = level ≥ 3, thigh or further)', () => {
  it.each([
    { prev: [4, 0], now: [4, 3], want: true },
    { prev: [4, 2], now: [4, 3], want: true },
    { prev: [0, 5], now: [3, 5], want: true },
    { prev: [4, 0], now: [0, 4], want: true },
    { prev: [2, 2], now: [3, 3], want: true },
    { prev: [0, 0], now: [4, 0], want: false },
    { prev: [4, 3], now: [5, 4], want: false },
    { prev: [4, 0], now: [4, 2], want: false },
  ])('$prev → $now: $want', ({ prev, now, want }) => {
    const p = (legs: number[]) => ({ left: legs[0]!, right: legs[1]! });
    expect(newlyInvolvedSecondLeg(p(prev), p(now))).toBe(want);
    if (want) expect(compare(p(prev), p(now))).toBe('peripheralizing');
  });
});

describe('summarize and spanDays', () => {
  it('lists most distal levels oldest first and counts whole days', () => {
    const h = history([5, 0], [3, 3], [2, 0]);
    expect(summarize(h)).toEqual([5, 3, 2]);
    expect(spanDays(h)).toBe(2);
    expect(spanDays(h.slice(0, 1))).toBe(0);
  });
});

describe('consequence (CLINICAL §3)', () => {
  const c = (trend: Centralization['trend'], sustained: boolean): Centralization => ({
    level: 3,
    previous: 3,
    trend,
    sustained,
  });
  it.each([
    {
      name: 'sustained peripheralization → routine, step back',
      c: c('peripheralizing', true),
      weak: false,
      want: { disposition: 'routine', stepBack: true, allowProgression: false },
    },
    {
      name: 'single peripheralization → nothing yet',
      c: c('peripheralizing', false),
      weak: false,
      want: { stepBack: false, allowProgression: false },
    },
    {
      name: 'new weakness → urgent',
      c: c('stable', false),
      weak: true,
      want: { disposition: 'urgent', stepBack: false, allowProgression: false },
    },
    {
      name: 'new weakness beats sustained peripheralization',
      c: c('peripheralizing', true),
      weak: true,
      want: { disposition: 'urgent', stepBack: true, allowProgression: false },
    },
    {
      name: 'sustained centralization → progression',
      c: c('centralizing', true),
      weak: false,
      want: { stepBack: false, allowProgression: true },
    },
    {
      name: 'no progression with new weakness',
      c: c('centralizing', true),
      weak: true,
      want: { disposition: 'urgent', stepBack: false, allowProgression: false },
    },
    {
      name: 'single centralization → no progression yet',
      c: c('centralizing', false),
      weak: false,
      want: { stepBack: false, allowProgression: false },
    },
    {
      name: 'first check-in → nothing',
      c: c('first', false),
      weak: false,
      want: { stepBack: false, allowProgression: false },
    },
  ])('$name', ({ c, weak, want }) => {
    expect(consequence(c, { newWeakness: weak })).toEqual(want);
  });
});
