import { describe, expect, it } from 'vitest';
import {
  RUNNING_STAGES,
  canRunToday,
  nextRunningStage,
  runningReadiness,
  type ReadinessInput,
  type RunReport,
} from '../../dialogs/exercise/running.js';
import { at, checkin, clock } from './helpers.js';

// Days 0–6: leg pain 2/10 and thigh-level pain; a good brisk walk on day 5 at 17:00.
const good: ReadinessInput = {
  phase: 3,
  checkins: [0, 1, 2, 3, 4, 5, 6].map((d) => checkin(d, 3, 0, 2)),
  walks: [{ at: at(5, 8), minutes: 35, spread: false }],
  weakness: 'none',
  now: clock(6, 2),
};

describe('runningReadiness (CLINICAL §5)', () => {
  it('is ready after a good 30-minute walk, leg pain ≤ 2 all week, no weakness, in phase 3', () => {
    expect(runningReadiness(good)).toEqual({ ready: true, reasons: [] });
    expect(runningReadiness({ ...good, weakness: 'cleared' }).ready).toBe(true);
  });

  it.each([
    ['phase 2', { phase: 2 }, ['not_phase_3']],
    ['weakness', { weakness: 'present' }, ['weakness']],
    ['weakness not asked', { weakness: 'unknown' }, ['weakness']],
    ['a walk with spread', { walks: [{ at: at(5, 8), minutes: 35, spread: true }] }, ['no_brisk_walk']],
    ['a short walk', { walks: [{ at: at(5, 8), minutes: 20, spread: false }] }, ['no_brisk_walk']],
    ['a walk long ago', { walks: [{ at: at(-20, 8), minutes: 40, spread: false }] }, ['no_brisk_walk']],
    ['no walk', { walks: [] }, ['no_brisk_walk']],
    ['a walk last night', { walks: [{ at: at(6, -2), minutes: 30, spread: false }] }, ['awaiting_next_morning']],
    [
      'leg pain 3 this week',
      { checkins: good.checkins.map((c, i) => (i === 2 ? { ...c, score: 3 } : c)) },
      ['leg_pain_high'],
    ],
    ['no check-in this week', { now: clock(20) }, ['no_recent_checkin', 'no_brisk_walk']],
    [
      'a red flag today',
      { checkins: [...good.checkins.slice(0, 6), checkin(6, 3, 0, 2, ['not_improving'])] },
      ['red_flags'],
    ],
    [
      'a spread today',
      { checkins: [...good.checkins.slice(0, 6), checkin(6, 4, 0, 2)] },
      ['peripheralizing', 'no_brisk_walk'],
    ],
  ] as const)('is not ready with %s', (_name, over, reasons) => {
    expect(runningReadiness({ ...good, ...over })).toEqual({ ready: false, reasons });
  });
});

describe('running stages', () => {
  it('follows the §5 table', () => {
    expect(RUNNING_STAGES.map((s) => [s.jogMinutes, s.walkMinutes, s.rounds])).toEqual([
      [1, 2, 6],
      [2, 2, 5],
      [3, 1, 5],
      [5, 1, 4],
      [10, 2, 2],
      [20, 0, 1],
    ]);
    expect(RUNNING_STAGES[5]?.maxJogMinutes).toBe(30);
  });

  const runs = (stage: RunReport['stage'], days: number[], worse: (boolean | undefined)[] = []): RunReport[] =>
    days.map((d, i) => ({
      at: at(d),
      stage,
      ...(worse[i] !== undefined ? { nextMorningWorse: worse[i] } : { nextMorningWorse: false }),
    }));

  it('starts at stage 1 and moves up after 3 good runs at a stage', () => {
    expect(nextRunningStage([], clock(0))).toEqual({ stage: 1, change: 'start' });
    expect(nextRunningStage(runs(1, [0, 2]), clock(4))).toEqual({ stage: 1, change: 'stay' });
    expect(nextRunningStage(runs(1, [0, 2, 4]), clock(6))).toEqual({ stage: 2, change: 'advance' });
    expect(nextRunningStage([...runs(1, [0, 2, 4]), ...runs(2, [6])], clock(8))).toEqual({ stage: 2, change: 'stay' });
  });

  it('does not move up while a next morning is not known yet', () => {
    const pending: RunReport[] = [...runs(1, [0, 2]), { at: at(4), stage: 1 }];
    expect(nextRunningStage(pending, clock(4, 2))).toEqual({ stage: 1, change: 'stay' });
  });

  it('drops back one stage after a flare, and never below 1 or above 6', () => {
    expect(nextRunningStage([...runs(3, [0, 2]), { at: at(4), stage: 3, nextMorningWorse: true }], clock(5))).toEqual({
      stage: 2,
      change: 'back',
    });
    expect(nextRunningStage([{ at: at(0), stage: 1, nextMorningWorse: true }], clock(1))).toEqual({
      stage: 1,
      change: 'back',
    });
    expect(nextRunningStage(runs(6, [0, 2, 4, 7]), clock(8))).toEqual({ stage: 6, change: 'stay' });
  });

  it('needs 3 good runs again after dropping back', () => {
    const h = [...runs(3, [0, 2]), { at: at(4), stage: 3 as const, nextMorningWorse: true }, ...runs(2, [7, 9])];
    expect(nextRunningStage(h, clock(10))).toEqual({ stage: 2, change: 'stay' });
    expect(nextRunningStage([...h, ...runs(2, [11])], clock(12))).toEqual({ stage: 3, change: 'advance' });
  });

  it('runs on non-consecutive days, 3 a week at most', () => {
    expect(canRunToday([], clock(0))).toBe(true);
    expect(canRunToday(runs(1, [9]), clock(10))).toBe(false);
    expect(canRunToday(runs(1, [10]), clock(10, 5))).toBe(false);
    expect(canRunToday(runs(1, [8]), clock(10))).toBe(true);
    expect(canRunToday(runs(1, [4, 6, 8]), clock(10))).toBe(false);
    expect(canRunToday(runs(1, [3, 6, 8]), clock(10))).toBe(true);
  });
});
