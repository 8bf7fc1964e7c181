import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIBRARY_DATA } from '../../dialogs/exercise/library.data.js';
import { EXERCISE_IDS } from '../../dialogs/exercise/ids.js';
import { COBRA_LADDER, EXERCISES, doseValues, exerciseById, exercisesInPhase } from '../../dialogs/exercise/library.js';
import { parseLibrary, type Exercise } from '../../dialogs/exercise/library.schema.js';

const corrupt = (i: number, patch: Record<string, unknown>): unknown =>
  LIBRARY_DATA.map((e, j) => (j === i ? { ...e, ...patch } : e));
const index = (id: string) => LIBRARY_DATA.findIndex((e) => e.id === id);

describe('exercise library', () => {
  afterEach(() => {
    vi.doUnmock('../../dialogs/exercise/library.data.js');
    vi.resetModules();
  });

  it('holds every exercise of CLINICAL §4 once, in library order', () => {
    expect(EXERCISES.map((e) => e.id)).toEqual([...EXERCISE_IDS]);
    expect(() => parseLibrary(LIBRARY_DATA)).not.toThrow();
  });

  it('has the cobra ladder as three levels of extension', () => {
    expect(COBRA_LADDER.map((e) => [e.id, e.ladder, e.direction])).toEqual([
      ['prone_lying', 1, 'extension'],
      ['modified_cobra', 2, 'extension'],
      ['prone_press_up', 3, 'extension'],
    ]);
  });

  it.each([
    [
      'a dose of the wrong type',
      corrupt(0, { sets: '3' }),
      /\[0 knee_to_chest\]\.sets: Expected number, received string/,
    ],
    [
      'a timed step that is not a step',
      corrupt(0, { holdStep: 'wiggle' }),
      /\[0 knee_to_chest\]\.holdStep: must be one of the repeated steps/,
    ],
    [
      'hold seconds without a timed step',
      corrupt(index('clamshell'), { holdSeconds: 5 }),
      /clamshell\]\.holdStep: holdStep and holdSeconds go together/,
    ],
    [
      'an unknown flag',
      corrupt(index('calf_self_massage'), { excludedBy: ['calf_swollen'] }),
      /calf_self_massage\]\.excludedBy\.0: unknown flag or condition id "calf_swollen"/,
    ],
    ['an unknown caution', corrupt(0, { cautions: ['be_careful'] }), /\[0 knee_to_chest\]\.cautions\.0/],
    ['a step id with spaces', corrupt(0, { steps: ['set up', 'hold'] }), /steps\.0: step ids are snake_case/],
    ['a duplicate step', corrupt(0, { steps: ['setup', 'hold', 'hold'] }), /steps: step ids must be unique/],
    ['repeatFrom past the end', corrupt(0, { repeatFrom: 9 }), /repeatFrom: must point at a step/],
    ['a ladder level on a flexion exercise', corrupt(0, { ladder: 2 }), /ladder: the cobra ladder is extension/],
    ['an unknown field', corrupt(0, { colour: 'red' }), /Unrecognized key/],
    ['a missing exercise', LIBRARY_DATA.slice(1), /missing exercise "knee_to_chest"/],
    ['a duplicate exercise', [...LIBRARY_DATA, LIBRARY_DATA[0]], /duplicate exercise "knee_to_chest"/],
    ['not a list', { knee_to_chest: {} }, /Expected array/],
  ])('rejects %s with a message naming the entry and field', (_name, raw, message) => {
    expect(() => parseLibrary(raw)).toThrow(/^exercise library is invalid: /);
    expect(() => parseLibrary(raw)).toThrow(message);
  });

  it('throws at import when the data is bad', async () => {
    vi.resetModules();
    vi.doMock('../../dialogs/exercise/library.data.js', () => ({ LIBRARY_DATA: corrupt(0, { sets: 0 }) }));
    await expect(import('../../dialogs/exercise/library.js')).rejects.toThrow(/knee_to_chest\]\.sets/);
  });

  // CLINICAL §4 dose ranges; the data uses typical values inside them [P].
  const RANGES: Record<string, { hold?: [number, number]; reps?: [number, number]; sets: [number, number] }> = {
    knee_to_chest: { hold: [20, 30], sets: [3, 3] },
    standing_hamstring_stretch: { hold: [20, 30], sets: [2, 3] },
    figure4_stretch: { hold: [20, 30], sets: [2, 3] },
    prone_lying: { hold: [60, 120], sets: [1, 1] },
    modified_cobra: { hold: [30, 120], sets: [1, 4] },
    prone_press_up: { hold: [1, 2], reps: [8, 10], sets: [1, 2] },
    pelvic_tilt: { hold: [5, 5], reps: [10, 10], sets: [1, 2] },
    glute_bridge: { hold: [3, 5], reps: [8, 12], sets: [2, 3] },
    clamshell: { reps: [10, 15], sets: [2, 3] },
    bird_dog: { hold: [5, 5], reps: [6, 10], sets: [2, 2] },
    tennis_ball_glute_release: { hold: [20, 30], sets: [1, 4] },
    hamstring_self_massage: { hold: [60, 120], sets: [1, 1] },
    calf_self_massage: { hold: [60, 120], sets: [1, 1] },
  };

  it.each(EXERCISES.map((e) => [e.id, e] as const))('%s: dose inside the §4 range', (id, e: Exercise) => {
    const r = RANGES[id]!;
    const within = (v: number | undefined, range?: [number, number]) =>
      range ? v !== undefined && v >= range[0] && v <= range[1] : v === undefined;
    expect(within(e.holdSeconds, r.hold), 'holdSeconds').toBe(true);
    expect(within(e.reps, r.reps), 'reps').toBe(true);
    expect(within(e.sets, r.sets), 'sets').toBe(true);
  });

  it('keeps the tennis ball to ≤ 2 minutes a side (§4)', () => {
    const e = exerciseById('tennis_ball_glute_release');
    expect((e.holdSeconds ?? 0) * e.sets).toBeLessThanOrEqual(120);
  });

  it('excludes what §4 says to avoid', () => {
    expect(exerciseById('calf_self_massage').excludedBy).toEqual(
      expect.arrayContaining(['calf_swelling', 'varicose_veins', 'bleeding_risk']),
    );
    expect(exerciseById('tennis_ball_glute_release').excludedBy).toEqual(
      expect.arrayContaining(['bleeding_risk', 'skin_problem']),
    );
    for (const e of COBRA_LADDER)
      expect(e.excludedBy).toEqual(expect.arrayContaining(['pregnancy', 'stenosis', 'major_trauma']));
    for (const id of ['knee_to_chest', 'figure4_stretch'] as const)
      expect(exerciseById(id).excludedBy).toContain('hip_replacement');
  });

  it('puts each exercise in the phases of §5', () => {
    const ids = (p: 1 | 2 | 3) => exercisesInPhase(p).map((e) => e.id);
    expect(ids(1)).toEqual(
      expect.arrayContaining([
        'prone_lying',
        'modified_cobra',
        'prone_press_up',
        'knee_to_chest',
        'pelvic_tilt',
        'tennis_ball_glute_release',
      ]),
    );
    expect(exercisesInPhase(1).filter((e) => e.kind === 'strength' || e.kind === 'stretch')).toEqual([]);
    expect(ids(2)).toEqual(
      expect.arrayContaining([
        'glute_bridge',
        'clamshell',
        'bird_dog',
        'standing_hamstring_stretch',
        'figure4_stretch',
      ]),
    );
    expect(exercisesInPhase(3).filter((e) => e.kind === 'strength')).toHaveLength(3);
  });

  it('gives the dose values the locale texts interpolate', () => {
    expect(doseValues(exerciseById('prone_press_up'))).toEqual({ seconds: 2, reps: 10, sets: 1 });
    expect(doseValues(exerciseById('clamshell'))).toEqual({ reps: 12, sets: 2 });
  });
});
