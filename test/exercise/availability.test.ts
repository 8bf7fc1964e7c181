import { describe, expect, it } from 'vitest';
import {
  REST_HOURS,
  availability,
  blockers,
  droppedExercises,
  offerable,
  type AvailabilityInput,
} from '../../dialogs/exercise/availability.js';
import { EXERCISE_IDS } from '../../dialogs/exercise/ids.js';
import { exerciseRecordData, exerciseResponseFromRecord } from '../../dialogs/exercise/response-record.js';
import { at, clock, response } from './helpers.js';

const input = (over: Partial<AvailabilityInput> = {}): AvailabilityInput => ({
  responses: [],
  now: clock(10),
  flags: {},
  ...over,
});
const spreadAtDay0 = [response('modified_cobra', at(0), 'peripheralized')];

describe('availability after a spread (CLINICAL §3)', () => {
  it('offers everything to a new user with a clear screen', () => {
    expect(offerable(input())).toEqual([...EXERCISE_IDS]);
  });

  it('rests an exercise that peripheralized for 48 h, and only that one', () => {
    const a = availability(input({ responses: spreadAtDay0, now: clock(0, REST_HOURS - 1) }));
    expect(a.modified_cobra).toEqual({ status: 'resting', until: at(2) });
    expect(a.prone_lying).toEqual({ status: 'available', smallerRange: false });
    expect(offerable(input({ responses: spreadAtDay0, now: clock(0, REST_HOURS - 1) }))).not.toContain(
      'modified_cobra',
    );
  });

  it('offers it again after 48 h, in a smaller range, for two tries', () => {
    expect(availability(input({ responses: spreadAtDay0, now: clock(2) })).modified_cobra).toEqual({
      status: 'available',
      smallerRange: true,
    });
    const oneTry = [...spreadAtDay0, response('modified_cobra', at(3), 'same', { smallerRange: true })];
    expect(availability(input({ responses: oneTry, now: clock(4) })).modified_cobra).toEqual({
      status: 'available',
      smallerRange: true,
    });
    const twoTries = [...oneTry, response('modified_cobra', at(4), 'centralized', { smallerRange: true })];
    expect(availability(input({ responses: twoTries, now: clock(5) })).modified_cobra).toEqual({
      status: 'available',
      smallerRange: false,
    });
  });

  it('drops it for good after a second spread, and suggests a physio review', () => {
    const twice = [...spreadAtDay0, response('modified_cobra', at(3), 'peripheralized', { smallerRange: true })];
    expect(availability(input({ responses: twice, now: clock(400) })).modified_cobra).toEqual({ status: 'dropped' });
    expect(droppedExercises(twice)).toEqual(['modified_cobra']);
    expect(droppedExercises(spreadAtDay0)).toEqual([]);
  });

  it('counts a second spread even after good tries in between', () => {
    const later = [
      ...spreadAtDay0,
      response('modified_cobra', at(3), 'same'),
      response('modified_cobra', at(5), 'same'),
      response('modified_cobra', at(20), 'peripheralized'),
    ];
    expect(availability(input({ responses: later, now: clock(30) })).modified_cobra).toEqual({ status: 'dropped' });
  });

  it('ignores responses dated after now (clock skew)', () => {
    expect(
      availability(input({ responses: [response('clamshell', at(11), 'peripheralized')], now: clock(10) })).clamshell
        .status,
    ).toBe('available');
  });
});

describe('exclusions by the latest screen and conditions', () => {
  it('switches every exercise off on an urgent or emergency flag, "not sure" included (§6)', () => {
    for (const flags of [{ calf_swelling: 'yes' }, { fever: 'unsure' }, { saddle_anaesthesia: 'unsure' }] as const) {
      const a = availability(input({ flags }));
      expect(
        Object.values(a).every((x) => x.status === 'blocked'),
        JSON.stringify(flags),
      ).toBe(true);
      expect(offerable(input({ flags }))).toEqual([]);
    }
    expect(blockers(input({ flags: { calf_swelling: 'yes', not_improving: 'yes' } }))).toEqual(['calf_swelling']);
    expect(blockers(input({ disposition: 'urgent' }))).toEqual(['urgent']);
  });

  it('keeps exercises on for a routine flag or a "no"', () => {
    expect(offerable(input({ flags: { not_improving: 'yes', calf_swelling: 'no' } }))).toEqual([...EXERCISE_IDS]);
  });

  it('after a clinician clears the user, still excludes what the flag rules out', () => {
    const a = availability(input({ flags: { calf_swelling: 'yes' }, clinicianCleared: true }));
    expect(a.calf_self_massage).toEqual({ status: 'excluded', by: ['calf_swelling'] });
    expect(a.hamstring_self_massage.status).toBe('excluded');
    expect(a.tennis_ball_glute_release.status).toBe('available');
    expect(a.glute_bridge.status).toBe('available');
  });

  it('needs a clinician first with pregnancy or recent spine surgery, and keeps lying face down out after', () => {
    expect(blockers(input({ conditions: ['recent_spine_surgery'] }))).toEqual(['recent_spine_surgery']);
    expect(offerable(input({ conditions: ['pregnancy'] }))).toEqual([]);
    const cleared = availability(input({ conditions: ['pregnancy'], clinicianCleared: true }));
    expect(cleared.prone_lying).toEqual({ status: 'excluded', by: ['pregnancy'] });
    expect(cleared.pelvic_tilt.status).toBe('available');
  });

  it('excludes massage with a bleeding risk, the ladder with stenosis, leg massage with varicose veins', () => {
    const ids = (conditions: AvailabilityInput['conditions']) =>
      EXERCISE_IDS.filter((id) => !offerable(input({ conditions })).includes(id));
    expect(ids(['bleeding_risk'])).toEqual([
      'tennis_ball_glute_release',
      'hamstring_self_massage',
      'calf_self_massage',
    ]);
    expect(ids(['stenosis'])).toEqual(['prone_lying', 'modified_cobra', 'prone_press_up']);
    expect(ids(['varicose_veins'])).toEqual(['hamstring_self_massage', 'calf_self_massage']);
    expect(ids(['hip_replacement'])).toEqual(['knee_to_chest', 'figure4_stretch']);
  });

  it('puts exclusion before rest: an excluded exercise stays excluded whatever its history', () => {
    expect(
      availability(input({ responses: spreadAtDay0, conditions: ['stenosis'], now: clock(1) })).modified_cobra.status,
    ).toBe('excluded');
  });
});

describe('the exercise response record', () => {
  it('round-trips through a store record and skips what is not a response', () => {
    const r = response('bird_dog', at(1), 'centralized', { smallerRange: true });
    const data = exerciseRecordData(r);
    expect(data).not.toHaveProperty('at');
    expect(exerciseResponseFromRecord({ at: r.at, data })).toEqual(r);
    expect(exerciseResponseFromRecord({ at: r.at, data: { ...data, after: 7 } })).toBeNull();
    expect(exerciseResponseFromRecord({ at: r.at, data: { ...data, exerciseId: 'cartwheel' } })).toBeNull();
    expect(exerciseResponseFromRecord({ at: 'yesterday', data })).toBeNull();
  });
});
