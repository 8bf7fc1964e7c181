import { describe, expect, it } from 'vitest';
import { planSession, responseNow } from '../../dialogs/exercise/plan.js';
import { emptyHistory, type History } from '../../dialogs/checkin/history.js';
import { at, checkin, response } from './helpers.js';

const clear = { answers: {}, disposition: 'self_care' as const };
const asOf = (days: number, over: Partial<History> = {}): History => ({ ...emptyHistory(at(days)), ...over });

describe("today's session, planned in the dialog from the history handed in", () => {
  it('follows the phase the history gives: phase 1 without history, strength work in phase 2', () => {
    expect(planSession(asOf(0), clear).ids).toEqual(['prone_lying', 'pelvic_tilt', 'tennis_ball_glute_release']);
    const phase2 = asOf(3, { points: [checkin(0, 3, 0, 2), checkin(1, 3, 0, 2), checkin(2, 3, 0, 2)] });
    expect(planSession(phase2, clear).ids.some((id) => ['glute_bridge', 'clamshell', 'bird_dog'].includes(id))).toBe(
      true,
    );
  });

  it("counts this turn's response, which the history can't hold yet", () => {
    const done = responseNow({ id: 'pelvic_tilt', before: 2 }, 3, [], at(0, 1));
    expect(done).toEqual({ exerciseId: 'pelvic_tilt', before: 2, after: 3, outcome: 'peripheralized', at: at(0, 1) });
    expect(planSession(asOf(0, { at: at(0, 2) }), clear, [done!]).ids).not.toContain('pelvic_tilt');
  });

  it('offers nothing after an urgent screen, and suggests a physio review once an exercise is dropped', () => {
    expect(planSession(asOf(0), { answers: { fever: 'yes' }, disposition: 'urgent' }).ids).toEqual([]);
    const twice = [response('pelvic_tilt', at(0), 'peripheralized'), response('pelvic_tilt', at(3), 'peripheralized')];
    const plan = planSession(asOf(6, { responses: twice }), clear);
    expect(plan.physioReview).toBe(true);
    expect(plan.ids).not.toContain('pelvic_tilt');
  });

  it('marks a try after the 48-hour rest as a smaller range, and knows no response without a level before', () => {
    expect(responseNow({ id: 'pelvic_tilt', before: 2 }, 2, ['pelvic_tilt'], at(0))).toMatchObject({
      smallerRange: true,
      outcome: 'same',
    });
    expect(responseNow({ id: 'pelvic_tilt', before: null }, 2, [], at(0))).toBeNull();
    expect(responseNow(null, 2, [], at(0))).toBeNull();
  });
});
