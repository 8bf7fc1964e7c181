import { describe, expect, it } from 'vitest';
import {
  emptyHistory,
  historyFromRecords,
  historyOf,
  needsHistory,
  withHistory,
  type StoredRecord,
} from '../../dialogs/checkin/history.js';
import { COMMANDS } from '../../dialogs/conversation.setup.js';

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 2, 1 + d, h)).toISOString();

/** The triage record an intake writes (as `decideAndRecord` does). */
const intake = (
  d: number,
  painLeft: number,
  painRight: number,
  score: number,
  extra: Record<string, unknown> = {},
): StoredRecord => ({
  kind: 'triage',
  at: day(d),
  data: {
    disposition: 'self_care',
    flags: [],
    unsure: [],
    age: 40,
    country: 'GB',
    painLeft,
    painRight,
    score,
    weeks: 2,
    ...extra,
  },
});
const checkin = (
  d: number,
  left: number,
  right: number,
  score: number,
  extra: Record<string, unknown> = {},
): StoredRecord => ({
  kind: 'checkin',
  at: day(d),
  data: { left, right, level: Math.max(left, right), score, flags: [], ...extra },
});

describe('the history handed to the machine', () => {
  it("takes the intake's pain map as the first point of the trend, then each check-in's", () => {
    const h = historyFromRecords([intake(0, 5, 0, 6), checkin(1, 4, 0, 5), checkin(2, 3, 0, 4)], new Date(day(3)));
    expect(h.at).toBe(day(3));
    expect(h.points).toEqual([
      { at: day(0), left: 5, right: 0, score: 6, intake: true, flags: [] },
      { at: day(1), left: 4, right: 0, score: 5, flags: [] },
      { at: day(2), left: 3, right: 0, score: 4, flags: [] },
    ]);
  });

  it('leaves out outcomes that hold no whole intake pain map: before the pain questions, at a check-in, or from the trend', () => {
    const records = [
      intake(0, 3, 0, 4),
      // An emergency before the pain map; a check-in's urgent outcome (no weeks); the trend's routine outcome.
      {
        kind: 'triage',
        at: day(1),
        data: {
          disposition: 'emergency',
          flags: ['chest_pain'],
          painLeft: null,
          painRight: null,
          score: null,
          weeks: null,
        },
      },
      {
        kind: 'triage',
        at: day(2),
        data: { disposition: 'urgent', flags: ['calf_swelling'], painLeft: 3, painRight: 0, score: 4, weeks: null },
      },
      {
        kind: 'triage',
        at: day(3),
        data: { disposition: 'routine', flags: [], reason: 'sustained_peripheralization', stepBack: true },
      },
    ];
    expect(historyFromRecords(records, new Date(day(4))).points.map((p) => p.at)).toEqual([day(0)]);
  });

  it('reads walks, walk-run sessions and the stage given from check-ins, and responses from exercise records', () => {
    const records: StoredRecord[] = [
      checkin(1, 3, 0, 2, { walk: 'not_tried' }),
      checkin(2, 3, 0, 2, { walk: 'no' }),
      checkin(3, 3, 0, 2, { walk: 'yes', nextRun: 1 }),
      checkin(5, 3, 0, 2, { walk: 'yes', run: { answer: 'fine', stage: 1 }, nextRun: 1 }),
      checkin(7, 3, 0, 2, { walk: 'yes', run: { answer: 'not_run', stage: 1 } }),
      { kind: 'exercise', at: day(4), data: { exerciseId: 'pelvic_tilt', before: 3, after: 3, outcome: 'same' } },
      { kind: 'exercise', at: day(4), data: { exerciseId: 'no_such_exercise', before: 3, after: 3, outcome: 'same' } },
    ];
    const h = historyFromRecords(records, new Date(day(8)));
    expect(h.walks).toEqual([
      { at: day(2), minutes: 30, spread: true },
      { at: day(3), minutes: 30, spread: false, nextMorningWorse: false },
      { at: day(5), minutes: 30, spread: false, nextMorningWorse: false },
      { at: day(7), minutes: 30, spread: false, nextMorningWorse: false },
    ]);
    expect(h.runs).toEqual([{ at: day(5), stage: 1, nextMorningWorse: false }]);
    expect(h.runStage).toBe(1);
    expect(h.responses.map((r) => r.exerciseId)).toEqual(['pelvic_tilt']);
  });

  it('orders records by time, whatever order they come in', () => {
    const h = historyFromRecords([checkin(2, 3, 0, 4), intake(0, 5, 0, 6), checkin(1, 4, 0, 5)], new Date(day(3)));
    expect(h.points.map((p) => p.at)).toEqual([day(0), day(1), day(2)]);
  });

  it('is carried by answers and commands only, and is empty when the event carries none', () => {
    const h = emptyHistory(day(3));
    expect(withHistory({ type: 'COMMAND', command: 'progress' }, h)).toEqual({
      type: 'COMMAND',
      command: 'progress',
      history: h,
    });
    expect(withHistory({ type: 'UNREADABLE' }, h)).toEqual({ type: 'UNREADABLE' });
    expect(historyOf({ type: 'REASK' }, '2026-03-04')).toEqual(emptyHistory('2026-03-04T00:00:00.000Z'));
  });
});

describe('needsHistory: the bot loads the history only for the turns that decide from it', () => {
  it.each([
    'checkin.pain_score',
    'checkin.checkin_walk',
    'checkin.checkin_run',
    'exercises.after',
    'exercises.numbness',
  ])('loads it where the next answer ends a check-in or plans exercises (%s)', (place) => {
    expect(needsHistory(place, undefined)).toBe(true);
  });

  it('loads it for the progress and exercises commands, wherever the conversation is', () => {
    expect(COMMANDS.filter((c) => needsHistory('intake.pain_left', c))).toEqual(['exercises', 'progress']);
    expect(needsHistory(undefined, 'progress')).toBe(true);
  });

  it('does not load it during the intake or at the start of a check-in', () => {
    for (const place of [
      'onboarding.consent',
      'onboarding.age',
      'intake.redflag_saddle_anaesthesia',
      'checkin.pain_left',
      'checkin.pain_right',
      'home',
      'exercises.step',
      null,
    ]) {
      expect(needsHistory(place, undefined), String(place)).toBe(false);
    }
  });
});
