import { describe, expect, it } from 'vitest';
import type { CheckinPoint } from '../../dialogs/exercise/distal-trend.js';
import { currentPhase } from '../../dialogs/exercise/programme.js';
import type { BriskWalk } from '../../dialogs/exercise/walks.js';
import { at, checkin, clock, response } from './helpers.js';

/** Check-ins on days 0.. with the given `most_distal` (left leg) and scores. */
const days = (levels: number[], scores: number[] = levels.map(() => 4), from = 0): CheckinPoint[] =>
  levels.map((l, i) => checkin(from + i, l, 0, scores[i] ?? 4));
const walk = (day: number, hour: number, extra: Partial<BriskWalk> = {}): BriskWalk => ({
  at: at(day, hour),
  minutes: 30,
  spread: false,
  ...extra,
});

describe('phase 1 → 2 gate (CLINICAL §5)', () => {
  it('starts in phase 1', () => {
    expect(currentPhase([], [], clock(0))).toEqual({ phase: 1, since: null, reasons: ['start', 'too_few_days'] });
  });

  it('moves on with a clear screen, a stable or centralizing trend and leg pain ≤ 5 on most of ≥ 3 days', () => {
    expect(currentPhase(days([4, 4]), [], clock(2)).phase).toBe(1);
    expect(currentPhase(days([4, 4, 4]), [], clock(3))).toEqual({
      phase: 2,
      since: at(2),
      reasons: ['gate_1_met', 'no_brisk_walk'],
    });
    expect(currentPhase(days([5, 4, 3], [5, 5, 5]), [], clock(3)).phase).toBe(2);
    expect(currentPhase(days([4, 4, 4], [4, 6, 4]), [], clock(3)).phase).toBe(2);
  });

  it('waits while leg pain is above 5 on most days', () => {
    expect(currentPhase(days([4, 4, 4], [6, 6, 4]), [], clock(3))).toEqual({
      phase: 1,
      since: null,
      reasons: ['start', 'leg_pain_high'],
    });
    expect(currentPhase(days([4, 4, 4, 4], [6, 6, 4, 4]), [], clock(4)).phase).toBe(1);
    expect(currentPhase(days([4, 4, 4, 4, 4], [6, 6, 4, 4, 4]), [], clock(5)).phase).toBe(2);
  });

  it('counts the worst score of a day once, so two check-ins on one day are one day', () => {
    const sameDay = [checkin(0, 4, 0, 4), { ...checkin(0, 4, 0, 4), at: at(0, 6) }, checkin(1, 4, 0, 4)];
    expect(currentPhase(sameDay, [], clock(2)).reasons).toContain('too_few_days');
  });

  it('waits for a clear screen: red flags, or no screen recorded with the check-in', () => {
    const flagged = [...days([4, 4]), checkin(2, 4, 0, 4, ['not_improving'])];
    expect(currentPhase(flagged, [], clock(3))).toEqual({ phase: 1, since: null, reasons: ['start', 'red_flags'] });
    const unknown = [...days([4, 4]), checkin(2, 4, 0, 4, null)];
    expect(currentPhase(unknown, [], clock(3)).reasons).toEqual(['start', 'screen_missing']);
  });

  it('waits while the pain spreads, or for 48 h after an exercise made it spread', () => {
    expect(currentPhase(days([3, 3, 4]), [], clock(3)).reasons).toEqual(['start', 'peripheralizing']);
    const spread = [response('modified_cobra', at(1, 12), 'peripheralized')];
    expect(currentPhase(days([4, 4, 4, 4]), spread, clock(3, 1)).phase).toBe(1);
    expect(currentPhase(days([4, 4, 4, 4]), spread, clock(3, 1)).reasons).toContain('recent_exercise_spread');
    expect(currentPhase(days([4, 4, 4, 4, 4]), spread, clock(4, 1))).toMatchObject({ phase: 2, since: at(4) });
  });

  it('ignores check-ins after now', () => {
    expect(currentPhase(days([4, 4, 4]), [], clock(1, 1)).phase).toBe(1);
  });
});

describe('phase 2 → 3 gate: a brisk 30-minute walk without spread, no worse next morning', () => {
  const base = days([3, 3, 3, 3, 3]); // phase 2 from day 2; check-ins at 09:00 on days 0–4
  const now = clock(4, 1);

  it('moves on at the next-morning check-in after a good walk', () => {
    expect(currentPhase(base, [], now, { walks: [walk(3, 8)] })).toEqual({
      phase: 3,
      since: at(4),
      reasons: ['gate_2_met'],
    });
  });

  it('also takes the user\'s own "no worse this morning" answer', () => {
    expect(currentPhase(base, [], now, { walks: [walk(3, 8, { nextMorningWorse: false })] }).phase).toBe(3);
    expect(currentPhase(base, [], now, { walks: [walk(3, 8, { nextMorningWorse: true })] }).phase).toBe(2);
  });

  it.each([
    ['too short', walk(3, 8, { minutes: 25 })],
    ['with spread', walk(3, 8, { spread: true })],
    ['before phase 2', walk(1, 8)],
  ])('does not move on for a walk %s', (_name, w) => {
    expect(currentPhase(base, [], now, { walks: [w] })).toEqual({
      phase: 2,
      since: at(2),
      reasons: ['gate_1_met', 'no_brisk_walk'],
    });
  });

  it('does not move on when the next morning is worse, or a later walk spread', () => {
    const worse = [...base.slice(0, 4), checkin(4, 3, 0, 6)];
    expect(currentPhase(worse, [], now, { walks: [walk(3, 8)] }).reasons).toEqual(['gate_1_met', 'no_brisk_walk']);
    expect(currentPhase(base, [], now, { walks: [walk(3, 8), walk(3, 10, { minutes: 10, spread: true })] }).phase).toBe(
      2,
    );
  });

  it('waits for the next morning when the only check-in since is the same evening', () => {
    const evening = [...base.slice(0, 4), { ...checkin(3, 3, 0, 4), at: at(3, 11) }];
    expect(currentPhase(evening, [], clock(3, 12), { walks: [walk(3, 8)] }).reasons).toEqual([
      'gate_1_met',
      'awaiting_next_morning',
    ]);
  });
});

describe('sustained peripheralization steps back one phase (CLINICAL §3)', () => {
  const toPhase3 = days([1, 1, 1, 1, 1]);
  const walks = [walk(3, 8)];

  it('after two spreads in a row, once per episode', () => {
    const h = [...toPhase3, checkin(5, 2, 0, 4), checkin(6, 3, 0, 4)];
    expect(currentPhase(h, [], clock(6, 1), { walks })).toEqual({
      phase: 2,
      since: at(6),
      reasons: ['sustained_peripheralization', 'peripheralizing', 'no_brisk_walk'],
    });
    const settled = [...h, checkin(7, 3, 0, 4)];
    expect(currentPhase(settled, [], clock(7, 1), { walks })).toEqual({
      phase: 2,
      since: at(6),
      reasons: ['stepped_back', 'no_brisk_walk'],
    });
  });

  it('after a jump of two levels between two check-ins', () => {
    expect(currentPhase([...days([3, 3, 3]), checkin(3, 5, 0, 4)], [], clock(3, 1))).toEqual({
      phase: 1,
      since: at(3),
      reasons: ['sustained_peripheralization', 'peripheralizing'],
    });
  });

  it('again for a new episode, down to phase 1 and no further', () => {
    const h = [
      ...toPhase3,
      checkin(5, 2, 0, 4),
      checkin(6, 3, 0, 4),
      checkin(7, 3, 0, 4),
      checkin(8, 4, 0, 4),
      checkin(9, 5, 0, 4),
    ];
    expect(currentPhase(h, [], clock(9, 1), { walks })).toMatchObject({ phase: 1, since: at(9) });
    expect(currentPhase(days([1, 2, 3]), [], clock(3)).reasons[0]).toBe('sustained_peripheralization');
  });

  it('counts a newly involved second leg as a spread', () => {
    const h = [...days([3, 3, 3]), checkin(3, 3, 3, 4)];
    expect(currentPhase(h, [], clock(3, 1)).reasons).toContain('peripheralizing');
  });
});
