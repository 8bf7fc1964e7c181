import { describe, expect, it } from 'vitest';
import { historyFromRecords, type StoredRecord } from '../../dialogs/checkin/history.js';
import {
  checkinReport,
  phaseOf,
  programmeMessages,
  runDue,
  walkDue,
  withConsequence,
  type CheckinEntry,
} from '../../dialogs/checkin/report.js';
import type { TriageDecision } from '../../dialogs/triage/decide.js';

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 2, 1 + d, h)).toISOString();
const intake = (d: number, left: number, score = 2): StoredRecord => ({
  kind: 'triage',
  at: day(d),
  data: { disposition: 'self_care', flags: [], unsure: [], painLeft: left, painRight: 0, score, weeks: 2 },
});
const checkin = (d: number, left: number, score = 2, extra: Record<string, unknown> = {}): StoredRecord => ({
  kind: 'checkin',
  at: day(d),
  data: { left, right: 0, level: left, score, flags: [], ...extra },
});
/** The history as the bot loads it on day `d` (09:00). */
const asOf = (d: number, ...records: StoredRecord[]) => historyFromRecords(records, new Date(day(d)));
const entry = (left: number, over: Partial<CheckinEntry> = {}): CheckinEntry => ({
  left,
  right: 0,
  score: 2,
  flags: [],
  walk: null,
  run: null,
  ...over,
});

const selfCare: TriageDecision = { disposition: 'self_care', flags: [], unsure: [], underAge: false };

describe("a check-in's trend starts from the intake (CLINICAL §3)", () => {
  it("compares the first check-in with the intake's pain map", () => {
    const r = checkinReport(asOf(1, intake(0, 5)), entry(3));
    expect(r.centralization).toEqual({ level: 3, previous: 5, trend: 'centralizing', sustained: false });
    expect(r.consequence).toEqual({ stepBack: false, allowProgression: false });
  });

  it('is the first point only when there is no intake to compare with', () => {
    expect(checkinReport(asOf(1), entry(3)).centralization).toEqual({
      level: 3,
      previous: null,
      trend: 'first',
      sustained: false,
    });
  });

  it('gives a routine review and a step back when the first check-in spreads 2 levels from the intake', () => {
    const r = checkinReport(asOf(1, intake(0, 3)), entry(5));
    expect(r.centralization).toEqual({ level: 5, previous: 3, trend: 'peripheralizing', sustained: true });
    expect(r.consequence).toEqual({ disposition: 'routine', stepBack: true, allowProgression: false });
    const outcome = withConsequence(selfCare, r.consequence);
    expect(outcome).toEqual({ ...selfCare, disposition: 'routine' });
  });

  it('never lowers what the screen decided', () => {
    const urgent: TriageDecision = {
      disposition: 'urgent',
      flags: ['progressive_weakness'],
      unsure: [],
      underAge: false,
    };
    const r = checkinReport(asOf(1, intake(0, 3)), entry(5));
    expect(withConsequence(urgent, r.consequence)).toBe(urgent);
    expect(withConsequence(selfCare, checkinReport(asOf(1, intake(0, 3)), entry(3)).consequence)).toBe(selfCare);
  });

  it('records the pain map, the screen, the walking answers, the phase and the stage given', () => {
    const r = checkinReport(asOf(1, intake(0, 3)), entry(3, { flags: [], walk: 'not_tried' }));
    expect(r.record).toEqual({ left: 3, right: 0, level: 3, score: 2, flags: [], walk: 'not_tried', phase: 1 });
  });
});

describe('the programme at a check-in (CLINICAL §5)', () => {
  // Intake on day 0 and check-ins on days 1 and 2, leg pain 2/10: gate 1 is met on day 2.
  const phase2 = [intake(0, 3), checkin(1, 3), checkin(2, 3, 2, { phase: 2 })];

  it('moves to phase 2 when gate 1 is met, counting the intake as a day', () => {
    const r = checkinReport(asOf(2, intake(0, 3), checkin(1, 3)), entry(3));
    expect(r.phase).toEqual({ before: 1, after: 2 });
    expect(programmeMessages(r)).toEqual(['exercises:phase.up_2']);
  });

  it('asks checkin.walk from phase 2 on, and checkin.run only once a stage was given in phase 3', () => {
    expect(walkDue(asOf(2, intake(0, 3), checkin(1, 3)))).toBe(false);
    expect(phaseOf(asOf(3, ...phase2))).toBe(2);
    expect(walkDue(asOf(3, ...phase2))).toBe(true);
    expect(runDue(asOf(3, ...phase2))).toBe(false);
    const running = [...phase2, checkin(3, 3, 2, { walk: 'yes', nextRun: 1 })];
    expect(phaseOf(asOf(5, ...running))).toBe(3);
    expect(runDue(asOf(5, ...running))).toBe(true);
  });

  it.each([
    ['not_tried', 2],
    ['no', 2],
    ['yes', 3],
  ] as const)('takes checkin.walk "%s" as the phase-2 gate: phase %i after it', (walk, phase) => {
    expect(checkinReport(asOf(3, ...phase2), entry(3, { walk })).phase).toEqual({ before: 2, after: phase });
  });

  it('moves to phase 3 on a passed walking test and starts the walk-run stages when ready', () => {
    const r = checkinReport(asOf(3, ...phase2), entry(3, { walk: 'yes' }));
    expect(r.running).toEqual({ stage: 1, change: 'start', today: true });
    expect(programmeMessages(r)).toEqual([
      'exercises:phase.up_3',
      'exercises:running.start',
      'exercises:running.stage_1',
    ]);
    expect(r.record).toMatchObject({ walk: 'yes', phase: 3, nextRun: 1 });
  });

  it('holds back running while leg pain is above 2/10, and pauses it once started', () => {
    expect(checkinReport(asOf(3, ...phase2), entry(3, { walk: 'yes', score: 4 })).running).toBeNull();
    const started = [...phase2, checkin(3, 3, 2, { walk: 'yes', phase: 3, nextRun: 1 })];
    const r = checkinReport(asOf(5, ...started), entry(3, { walk: 'yes', run: 'not_run', score: 4 }));
    expect(r.running).toEqual({ change: 'pause' });
    expect(programmeMessages(r)).toEqual(['exercises:running.pause']);
    expect(r.record).not.toHaveProperty('nextRun');
  });

  it('moves up a stage after three good sessions, and back after a worse next morning', () => {
    const runs = [
      ...phase2,
      checkin(3, 3, 2, { walk: 'yes', nextRun: 1 }),
      checkin(5, 3, 2, { walk: 'yes', run: { answer: 'fine', stage: 1 }, nextRun: 1 }),
      checkin(7, 3, 2, { walk: 'yes', run: { answer: 'fine', stage: 1 }, nextRun: 1 }),
    ];
    const third = checkinReport(asOf(9, ...runs), entry(3, { walk: 'yes', run: 'fine' }));
    expect(third.running).toEqual({ stage: 2, change: 'advance', today: false });
    expect(programmeMessages(third)).toEqual([
      'exercises:running.advance',
      'exercises:running.stage_2',
      'exercises:running.not_today',
    ]);
    expect(third.record).toMatchObject({ run: { answer: 'fine', stage: 1 }, nextRun: 2 });

    const atTwo = [...runs, checkin(9, 3, 2, { walk: 'yes', run: { answer: 'fine', stage: 1 }, nextRun: 2 })];
    const flare = checkinReport(asOf(11, ...atTwo), entry(3, { walk: 'yes', run: 'worse' }));
    expect(flare.running).toMatchObject({ stage: 1, change: 'back' });
  });

  it('steps back a phase on a sustained spread, and says so', () => {
    const inPhase2 = [...phase2, checkin(3, 4, 2, { walk: 'not_tried' })];
    const r = checkinReport(asOf(4, ...inPhase2), entry(5, { walk: 'not_tried' }));
    expect(r.consequence.stepBack).toBe(true);
    expect(r.phase).toEqual({ before: 2, after: 1 });
    expect(programmeMessages(r)).toEqual(['exercises:phase.back_1']);
  });
});
