import { describe, expect, it } from 'vitest';
import { offerable } from '../../dialogs/exercise/availability.js';
import { EXERCISE_IDS, type ExerciseId, type Phase } from '../../dialogs/exercise/ids.js';
import { exerciseById } from '../../dialogs/exercise/library.js';
import { directionalPreference, todaysSession, type SessionInput } from '../../dialogs/exercise/session.js';
import type { ExerciseOutcome } from '../../dialogs/exercise/response-rules.js';
import type { ExerciseResponse } from '../../dialogs/exercise/response-record.js';
import { at, clock, response } from './helpers.js';

const plan = (over: Partial<SessionInput> = {}) =>
  todaysSession({ phase: 1, responses: [], now: clock(10), flags: {}, ...over });
const kind = (id: ExerciseId) => exerciseById(id).kind;

describe('todaysSession: phase 1', () => {
  it('starts with the first cobra level, pelvic tilts and a self-massage', () => {
    expect(plan()).toEqual({
      ids: ['prone_lying', 'pelvic_tilt', 'tennis_ball_glute_release'],
      smallerRange: [],
      strengthDay: false,
      direction: null,
      physioReview: false,
      blocked: false,
    });
  });

  it('rotates the self-massage: the one done least recently first', () => {
    const responses = [
      response('tennis_ball_glute_release', at(9), 'same'),
      response('calf_self_massage', at(8), 'same'),
    ];
    expect(plan({ responses }).ids[2]).toBe('hamstring_self_massage');
  });

  it('climbs the cobra ladder one level at a time, only after the same or a centralization', () => {
    expect(plan({ responses: [response('prone_lying', at(9), 'same')] }).ids[0]).toBe('modified_cobra');
    const central = [response('prone_lying', at(8), 'centralized'), response('modified_cobra', at(9), 'centralized')];
    expect(plan({ responses: central })).toMatchObject({
      direction: 'extension',
      ids: ['prone_press_up', 'pelvic_tilt', 'tennis_ball_glute_release'],
    });
    expect(plan({ responses: [...central, response('prone_press_up', at(9, 2), 'same')] }).ids[0]).toBe(
      'prone_press_up',
    );
  });

  it('goes down a level while the one that spread rests, then retries it in a smaller range without climbing', () => {
    const spread = [response('prone_lying', at(8), 'centralized'), response('modified_cobra', at(9), 'peripheralized')];
    expect(plan({ responses: spread, now: clock(10) })).toMatchObject({
      direction: null,
      ids: ['prone_lying', 'pelvic_tilt', 'tennis_ball_glute_release'],
      smallerRange: [],
    });
    expect(plan({ responses: spread, now: clock(11, 1) })).toMatchObject({
      ids: ['modified_cobra', 'pelvic_tilt', 'tennis_ball_glute_release'],
      smallerRange: ['modified_cobra'],
    });
    const tried = [...spread, response('modified_cobra', at(11, 2), 'same', { smallerRange: true })];
    expect(plan({ responses: tried, now: clock(12, 1) })).toMatchObject({
      ids: ['modified_cobra', 'pelvic_tilt', 'tennis_ball_glute_release'],
      smallerRange: ['modified_cobra'],
    });
  });

  it('tries flexion when the first cobra level spread, and follows a flexion preference', () => {
    expect(plan({ responses: [response('prone_lying', at(9), 'peripheralized')] }).ids[0]).toBe('knee_to_chest');
    const flexion = plan({ responses: [response('knee_to_chest', at(9), 'centralized')] });
    expect(flexion).toMatchObject({
      direction: 'flexion',
      ids: ['knee_to_chest', 'pelvic_tilt', 'tennis_ball_glute_release'],
    });
  });

  it('respects exclusions, and still offers 2 when massage is out', () => {
    expect(plan({ conditions: ['bleeding_risk'] }).ids).toEqual(['prone_lying', 'pelvic_tilt']);
    expect(plan({ conditions: ['stenosis'] }).ids[0]).toBe('knee_to_chest');
    expect(plan({ flags: { calf_swelling: 'yes' } })).toMatchObject({ ids: [], blocked: true });
  });

  it('suggests a physio review once an exercise is dropped', () => {
    const twice = [
      response('modified_cobra', at(1), 'peripheralized'),
      response('modified_cobra', at(4), 'peripheralized'),
    ];
    expect(plan({ responses: twice })).toMatchObject({
      physioReview: true,
      ids: ['prone_lying', 'pelvic_tilt', 'tennis_ball_glute_release'],
    });
  });
});

describe('todaysSession: phases 2 and 3', () => {
  it('offers two strength exercises and a stretch on a strength day, following the extension ladder', () => {
    const central = [response('modified_cobra', at(9), 'centralized')];
    expect(plan({ phase: 2, responses: central })).toEqual({
      ids: ['prone_press_up', 'glute_bridge', 'clamshell'],
      smallerRange: [],
      strengthDay: true,
      direction: 'extension',
      physioReview: false,
      blocked: false,
    });
  });

  it('includes flexion stretches when they are not against the preference', () => {
    expect(plan({ phase: 2 }).ids).toEqual(['prone_lying', 'glute_bridge', 'clamshell', 'standing_hamstring_stretch']);
    expect(plan({ phase: 2, responses: [response('knee_to_chest', at(9, -20), 'centralized')] }).ids).toEqual([
      'knee_to_chest',
      'glute_bridge',
      'clamshell',
      'standing_hamstring_stretch',
    ]);
  });

  it('never does strength work two days in a row', () => {
    const yesterday = plan({ phase: 2, responses: [response('glute_bridge', at(9), 'same')] });
    expect(yesterday.strengthDay).toBe(false);
    expect(yesterday.ids.filter((id) => kind(id) === 'strength')).toEqual([]);
    expect(yesterday.ids).toEqual([
      'prone_lying',
      'standing_hamstring_stretch',
      'pelvic_tilt',
      'tennis_ball_glute_release',
    ]);
    expect(plan({ phase: 2, responses: [response('glute_bridge', at(10, -1), 'same')] }).strengthDay).toBe(false);
    const twoDaysAgo = plan({ phase: 2, responses: [response('glute_bridge', at(8), 'same')] });
    expect(twoDaysAgo).toMatchObject({
      strengthDay: true,
      ids: ['prone_lying', 'clamshell', 'bird_dog', 'standing_hamstring_stretch'],
    });
  });

  it("counts days in the user's time zone", () => {
    const responses = [response('glute_bridge', at(9, -8), 'same')]; // day 9, 01:00 UTC = day 8, 19:00 in Mexico City
    const now = clock(10, 11); // day 10, 20:00 UTC
    expect(plan({ phase: 2, responses, now }).strengthDay).toBe(false);
    expect(plan({ phase: 2, responses, now, utcOffsetMinutes: -360 }).strengthDay).toBe(true);
  });

  it('keeps strength to 2–3 days a week in phase 3', () => {
    const three = [4, 6, 8].map((d) => response('bird_dog', at(d), 'same'));
    expect(plan({ phase: 3, responses: three }).strengthDay).toBe(false);
    expect(plan({ phase: 2, responses: three }).strengthDay).toBe(true);
  });

  it.each<[Phase, number, number]>([
    [2, 3, 4],
    [3, 2, 3],
  ])(
    'phase %i, followed for 4 weeks: strength on %i–%i days of every 7, never back to back, 2–4 items a day',
    (phase, min, max) => {
      const responses: ExerciseResponse[] = [];
      const strengthDays: number[] = [];
      for (let day = 0; day < 28; day++) {
        const p = todaysSession({ phase, responses, now: clock(day, 8), flags: {} });
        expect(p.ids.length).toBeGreaterThanOrEqual(2);
        expect(p.ids.length).toBeLessThanOrEqual(4);
        if (p.ids.some((id) => kind(id) === 'strength')) strengthDays.push(day);
        for (const id of p.ids) responses.push(response(id, at(day, 9), 'same'));
      }
      for (let i = 1; i < strengthDays.length; i++) expect(strengthDays[i]! - strengthDays[i - 1]!).toBeGreaterThan(1);
      for (let start = 0; start + 7 <= 28; start++) {
        const n = strengthDays.filter((d) => d >= start && d < start + 7).length;
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(max);
      }
    },
  );
});

describe('todaysSession: invariants over varied histories', () => {
  // One directional movement per session, so its response says which direction helps.
  const isDirectional = (id: ExerciseId) => exerciseById(id).ladder !== undefined || id === 'knee_to_chest';
  const outcomes: ExerciseOutcome[] = ['same', 'centralized', 'peripheralized', 'same'];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };

  it('offers only available, in-phase, direction-compatible exercises, 2–4 when there are that many', () => {
    for (let run = 0; run < 300; run++) {
      const responses = Array.from({ length: rand(12) }, () =>
        response(EXERCISE_IDS[rand(EXERCISE_IDS.length)]!, at(rand(20), rand(24)), outcomes[rand(4)]!),
      );
      const phase = (1 + rand(3)) as Phase;
      const input: SessionInput = {
        phase,
        responses,
        now: clock(20, 12),
        flags: {},
        ...(rand(4) === 0 && { conditions: ['bleeding_risk'] as const }),
      };
      const p = todaysSession(input);
      const open = offerable(input);
      const pref = directionalPreference(responses);
      const opposite = pref === 'extension' ? 'flexion' : pref === 'flexion' ? 'extension' : null;
      const candidates = open.filter(
        (id) => exerciseById(id).phases.includes(phase) && exerciseById(id).direction !== opposite,
      );
      expect(new Set(p.ids).size).toBe(p.ids.length);
      expect(p.ids.length).toBeLessThanOrEqual(4);
      const directional = p.ids.filter(isDirectional).length;
      const others = candidates.filter((id) => !isDirectional(id) && (kind(id) !== 'strength' || p.strengthDay));
      expect(directional).toBeLessThanOrEqual(1);
      expect(p.ids.length).toBeGreaterThanOrEqual(Math.min(2, others.length + directional));
      for (const id of p.ids) expect(candidates).toContain(id);
      for (const id of p.smallerRange) expect(p.ids).toContain(id);
    }
  });
});

describe('todaysSession: strength day flag', () => {
  it('is false when no strength exercise can be offered, even on an allowed day', () => {
    const p = todaysSession({
      phase: 2,
      responses: ['glute_bridge', 'clamshell', 'bird_dog'].flatMap((id) => [
        response(id as ExerciseId, at(1), 'peripheralized'),
        response(id as ExerciseId, at(3), 'peripheralized'),
      ]),
      now: clock(10),
      flags: {},
    });
    expect(p).toMatchObject({ strengthDay: false, physioReview: true });
    expect(p.ids.length).toBeGreaterThanOrEqual(2);
  });
});
