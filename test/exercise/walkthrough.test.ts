import { describe, expect, it } from 'vitest';
import { EXERCISES, exerciseById } from '../../dialogs/exercise/library.js';
import { planSteps, stepChannelData, stepLines } from '../../dialogs/exercise/walkthrough.js';

const brief = (id: Parameters<typeof exerciseById>[0], opts = {}) =>
  planSteps(exerciseById(id), opts).map((s) =>
    [
      s.stepId,
      s.side ?? '-',
      s.set && `${s.set}/${s.sets}`,
      s.holdSeconds && `${s.holdSeconds}s`,
      s.reps && `x${s.reps}`,
    ]
      .filter(Boolean)
      .join(' '),
  );

describe('planSteps', () => {
  it('alternates sides within each set for "hold; swap" exercises, setup once', () => {
    const steps = planSteps(exerciseById('knee_to_chest'));
    expect(steps).toHaveLength(1 + 3 * 2 * 3);
    expect(brief('knee_to_chest').slice(0, 8)).toEqual([
      'setup -',
      'lift left 1/3',
      'hold left 1/3 30s',
      'lower left 1/3',
      'lift right 1/3',
      'hold right 1/3 30s',
      'lower right 1/3',
      'lift left 2/3',
    ]);
    expect(brief('knee_to_chest').at(-1)).toBe('lower right 3/3');
    expect(steps.map((s) => s.step)).toEqual(steps.map((_, i) => i + 1));
    expect(new Set(steps.map((s) => s.steps))).toEqual(new Set([19]));
  });

  it('does all sets on one side, then the other, repeating the setup for the new side', () => {
    expect(brief('clamshell')).toEqual([
      'setup left',
      'brace left 1/2',
      'lift left 1/2',
      'lower left 1/2 x12',
      'brace left 2/2',
      'lift left 2/2',
      'lower left 2/2 x12',
      'setup right',
      'brace right 1/2',
      'lift right 1/2',
      'lower right 1/2 x12',
      'brace right 2/2',
      'lift right 2/2',
      'lower right 2/2 x12',
    ]);
  });

  it('leaves out side and set when there is only one of each', () => {
    expect(brief('prone_lying')).toEqual(['lie_down -', 'relax - 60s']);
    expect(brief('prone_press_up')).toEqual(['lie_down -', 'hands -', 'press -', 'pause - 2s', 'lower - x10']);
    expect(brief('calf_self_massage')).toEqual(['setup left', 'stroke left 60s', 'setup right', 'stroke right 60s']);
  });

  it('starts with the side asked for', () => {
    expect(brief('figure4_stretch', { firstSide: 'right' }).slice(1, 3)).toEqual([
      'cross_ankle right 1/2',
      'pull right 1/2',
    ]);
  });

  it.each(EXERCISES.map((e) => [e.id, e] as const))('%s: counts setup, sets and sides', (_id, e) => {
    const setup = e.repeatFrom;
    const repeated = e.steps.length - e.repeatFrom;
    const sides = e.sides === 'none' ? 1 : 2;
    const expected = (e.sides === 'both' ? 2 * setup : setup) + repeated * e.sets * sides;
    const steps = planSteps(e);
    expect(steps).toHaveLength(expected);
    expect(steps.filter((s) => s.holdSeconds !== undefined)).toHaveLength(e.holdStep ? e.sets * sides : 0);
    expect(steps.filter((s) => s.reps !== undefined)).toHaveLength(e.reps ? e.sets * sides : 0);
    if (e.sides !== 'none')
      expect(steps.filter((s) => s.side === 'left')).toHaveLength(steps.filter((s) => s.side === 'right').length);
  });
});

describe('stepChannelData (CONTRACT §4 channelData.exercise)', () => {
  it('has exactly id, step, steps and, when they apply, side and holdSeconds', () => {
    const steps = planSteps(exerciseById('knee_to_chest'));
    expect(stepChannelData(steps[0]!)).toStrictEqual({ id: 'knee_to_chest', step: 1, steps: 19 });
    expect(stepChannelData(steps[2]!)).toStrictEqual({
      id: 'knee_to_chest',
      step: 3,
      steps: 19,
      side: 'left',
      holdSeconds: 30,
    });
    expect(stepChannelData(steps[3]!)).toStrictEqual({ id: 'knee_to_chest', step: 4, steps: 19, side: 'left' });
    expect(stepChannelData(planSteps(exerciseById('prone_lying'))[1]!)).toStrictEqual({
      id: 'prone_lying',
      step: 2,
      steps: 2,
      holdSeconds: 60,
    });
    expect(JSON.parse(JSON.stringify(stepChannelData(steps[5]!)))).toEqual({
      id: 'knee_to_chest',
      step: 6,
      steps: 19,
      side: 'right',
      holdSeconds: 30,
    });
  });
});

describe('stepLines', () => {
  it('orders where we are, the step, the hold, the reps and the stop rule', () => {
    const hold = planSteps(exerciseById('bird_dog'))[3]!;
    expect(stepLines(hold)).toEqual([
      { key: 'exercises:side_set', values: { set: 1, sets: 2 }, nested: { side: 'exercises:sides.left' } },
      { key: 'exercises:bird_dog.steps.hold' },
      { key: 'exercises:hold', values: { seconds: 5 } },
      { key: 'exercises:stop_rule' },
    ]);
    const last = planSteps(exerciseById('pelvic_tilt'))[3]!;
    expect(stepLines(last).map((l) => l.key)).toEqual([
      'exercises:set_only',
      'exercises:pelvic_tilt.steps.relax',
      'exercises:reps',
      'exercises:stop_rule',
    ]);
    expect(stepLines(planSteps(exerciseById('calf_self_massage'))[0]!)[0]).toEqual({
      key: 'exercises:side_only',
      nested: { side: 'exercises:sides.left' },
    });
  });

  it('carries the stop rule on every step of every exercise (CLINICAL §6)', () => {
    for (const e of EXERCISES)
      for (const s of planSteps(e)) expect(stepLines(s).map((l) => l.key)).toContain('exercises:stop_rule');
  });
});
