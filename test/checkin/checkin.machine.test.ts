import { describe, expect, it } from 'vitest';
import { start, step, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import type { AnswerValue, ConversationEvent } from '../../dialogs/conversation.setup.js';
import { historyFromRecords, withHistory, type History, type StoredRecord } from '../../dialogs/checkin/history.js';
import type { QuestionId } from '../../dialogs/questions.js';
import type { Intent } from '../../dialogs/intents.js';

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
const PAIN = ['none', 'back', 'buttock', 'thigh', 'below_knee', 'foot'] as const;

/** A returning user's conversation on day `d`, driven as the bot drives it: answers carry the history where it loads one. */
class Visit {
  s: ConversationSnapshot;
  intents: Intent[] = [];
  constructor(
    readonly d: number,
    readonly history: History,
  ) {
    const begun = start({ country: 'GB', returning: true, canRemind: false });
    this.s = step(begun.snapshot, { type: 'DAY', today: day(d).slice(0, 10) }).snapshot;
  }
  send(event: ConversationEvent, withIt = true): this {
    ({ snapshot: this.s, intents: this.intents } = step(this.s, withIt ? withHistory(event, this.history) : event));
    return this;
  }
  answer(value: AnswerValue): this {
    return this.send({ type: 'ANSWER', questionId: this.s.context.asking!, value });
  }
  get asking(): QuestionId | null {
    return this.s.context.asking;
  }
  /** Accepts the offer and answers the screen "no" (weakness group: none), then the pain map (left leg) and score. */
  checkin(left: number, score: number): this {
    this.answer('yes');
    while (this.asking?.startsWith('redflag.')) this.answer('no');
    this.answer([]).answer(PAIN[left]!).answer('none');
    return this.answer(score);
  }
  says(): string[] {
    return this.intents.flatMap((i) => (i.type === 'say' ? [i.id] : []));
  }
}

describe('the check-in decides its trend and consequence from the history it is handed', () => {
  it("reports the first check-in against the intake's pain map, and records it", () => {
    const v = new Visit(1, historyFromRecords([intake(0, 5, 6)], new Date(day(1)))).checkin(3, 4);
    expect(v.intents).toContainEqual({
      type: 'checkin',
      centralization: { level: 3, previous: 5, trend: 'centralizing', sustained: false },
    });
    expect(v.intents).toContainEqual({
      type: 'record',
      kind: 'checkin',
      data: { left: 3, right: 0, level: 3, score: 4, flags: [], phase: 1 },
    });
    expect(v.s.context.outcome?.disposition).toBe('self_care');
    expect(v.s.matches({ main: { flow: 'home' } })).toBe(true);
  });

  it('knows of the routine review a sustained spread calls for: in its outcome, said and recorded', () => {
    const v = new Visit(1, historyFromRecords([intake(0, 3)], new Date(day(1)))).checkin(5, 4);
    const outcome = { disposition: 'routine', flags: [], unsure: [], underAge: false };
    expect(v.s.context.outcome).toEqual(outcome);
    expect(v.s.context.report?.consequence).toEqual({
      disposition: 'routine',
      stepBack: true,
      allowProgression: false,
    });
    expect(v.intents).toContainEqual({ type: 'outcome', ...outcome });
    expect(v.intents).toContainEqual({
      type: 'record',
      kind: 'triage',
      data: { disposition: 'routine', flags: [], unsure: [], reason: 'sustained_peripheralization', stepBack: true },
    });
    // In that order: the report, then the outcome.
    expect(v.intents.map((i) => i.type)).toEqual(['record', 'checkin', 'outcome', 'record']);
  });

  it('gives the urgent outcome of the screen, not the trend, when the screen finds a flag', () => {
    const v = new Visit(1, historyFromRecords([intake(0, 3)], new Date(day(1))));
    v.answer('yes');
    while (v.asking?.startsWith('redflag.')) v.answer('no');
    v.answer(['progressive_weakness']).answer('foot').answer('none').answer(4);
    expect(v.s.context.outcome?.disposition).toBe('urgent');
    expect(v.intents.filter((i) => i.type === 'outcome')).toEqual([expect.objectContaining({ disposition: 'urgent' })]);
  });

  it('says nothing of phases in phase 1, and reports "first" without any history', () => {
    const v = new Visit(1, historyFromRecords([], new Date(day(1)))).checkin(3, 4);
    expect(v.s.context.report?.centralization.trend).toBe('first');
    expect(v.says()).toEqual([]);
  });
});

describe('checkin.walk and checkin.run (CLINICAL §5)', () => {
  const phase2 = [intake(0, 3), checkin(1, 3), checkin(2, 3, 2, { phase: 2 })];

  it('asks checkin.walk after the pain score from phase 2 on, records the answer and moves to phase 3', () => {
    const v = new Visit(3, historyFromRecords(phase2, new Date(day(3)))).checkin(3, 2);
    expect(v.asking).toBe('checkin.walk');
    expect(v.intents).toContainEqual({ type: 'ask', questionId: 'checkin.walk' });
    v.answer('yes');
    expect(v.intents).toContainEqual({
      type: 'record',
      kind: 'checkin',
      data: expect.objectContaining({ walk: 'yes', phase: 3, nextRun: 1 }),
    });
    expect(v.says()).toEqual(['exercises:phase.up_3', 'exercises:running.start', 'exercises:running.stage_1']);
    expect(v.s.matches({ main: { flow: 'home' } })).toBe(true);
  });

  it('does not ask it in phase 1', () => {
    const v = new Visit(2, historyFromRecords(phase2.slice(0, 2), new Date(day(2)))).checkin(3, 2);
    expect(v.asking).toBeNull();
    expect(v.says()).toEqual(['exercises:phase.up_2']);
  });

  it('asks checkin.run after checkin.walk once a stage has been given, and advances after three good sessions', () => {
    const records = [
      ...phase2,
      checkin(3, 3, 2, { walk: 'yes', nextRun: 1 }),
      checkin(5, 3, 2, { walk: 'yes', run: { answer: 'fine', stage: 1 }, nextRun: 1 }),
      checkin(7, 3, 2, { walk: 'yes', run: { answer: 'fine', stage: 1 }, nextRun: 1 }),
    ];
    const v = new Visit(9, historyFromRecords(records, new Date(day(9)))).checkin(3, 2);
    v.answer('yes');
    expect(v.asking).toBe('checkin.run');
    v.answer('fine');
    expect(v.intents).toContainEqual({
      type: 'record',
      kind: 'checkin',
      data: expect.objectContaining({ run: { answer: 'fine', stage: 1 }, nextRun: 2 }),
    });
    expect(v.says()).toEqual(['exercises:running.advance', 'exercises:running.stage_2', 'exercises:running.not_today']);
  });

  it('takes an unreadable walk answer as no answer: the same question again', () => {
    const v = new Visit(3, historyFromRecords(phase2, new Date(day(3)))).checkin(3, 2);
    v.send({ type: 'UNREADABLE' });
    expect(v.intents).toEqual([{ type: 'ask', questionId: 'checkin.walk', hint: true }]);
    v.answer('maybe');
    expect(v.asking).toBe('checkin.walk');
  });
});

describe('progress and exercises from the history the command carries', () => {
  it('shows progress from the intake on', () => {
    const history = historyFromRecords([intake(0, 5, 6), checkin(1, 4, 5)], new Date(day(2)));
    const v = new Visit(2, history).send({ type: 'COMMAND', command: 'progress' });
    expect(v.intents[0]).toEqual({ type: 'progress', points: history.points });
    expect(history.points[0]).toMatchObject({ intake: true, left: 5 });
  });

  it("plans today's session in the dialog: an exercise that spread less than 48 h ago is not offered", () => {
    const spread: StoredRecord = {
      kind: 'exercise',
      at: day(1, 8),
      data: { exerciseId: 'pelvic_tilt', before: 2, after: 3, outcome: 'peripheralized' },
    };
    const history = historyFromRecords([intake(0, 3), spread], new Date(day(1, 10)));
    const v = new Visit(1, history).checkin(3, 2);
    v.send({ type: 'COMMAND', command: 'exercises' });
    expect(v.asking).toBe('exercise.pick');
    expect(v.s.context.session).not.toContain('pelvic_tilt');
    const without = new Visit(1, history).checkin(3, 2).send({ type: 'COMMAND', command: 'exercises' }, false);
    expect(without.s.context.session).toContain('pelvic_tilt');
  });

  it("replans after an exercise with this turn's response in it: the ladder goes up after prone lying centralized", () => {
    const v = new Visit(1, historyFromRecords([intake(0, 3)], new Date(day(1)))).checkin(3, 2);
    v.send({ type: 'COMMAND', command: 'exercises' });
    expect(v.s.context.session[0]).toBe('prone_lying');
    v.answer('prone_lying').answer('thigh');
    while (v.asking === 'exercise.step') v.answer('next');
    v.answer('buttock');
    expect(v.intents).toContainEqual(
      expect.objectContaining({
        type: 'record',
        kind: 'exercise',
        data: expect.objectContaining({ exerciseId: 'prone_lying', outcome: 'centralized' }),
      }),
    );
    expect(v.asking).toBe('exercise.pick');
    expect(v.s.context.session[0]).toBe('modified_cobra');
  });
});
