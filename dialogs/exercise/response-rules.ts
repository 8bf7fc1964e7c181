/**
 * How symptoms responded to an exercise (CLINICAL.md §3 "During an
 * exercise", §4 general rules). Levels are `most_distal` 0–5 of `PAIN_LEVELS`, asked before and
 * after each set (`pain.now`).
 */

/** The response of symptoms to one exercise. */
export type ExerciseOutcome = 'peripheralized' | 'centralized' | 'same';

export const EXERCISE_OUTCOMES = ['peripheralized', 'centralized', 'same'] as const;

function level(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 5) throw new RangeError(`${name} must be a pain level 0–5, got ${v}`);
  return v;
}

/**
 * The response of §3: further out → `peripheralized`, closer to the spine (or gone) →
 * `centralized`, otherwise `same`. New numbness or weakness counts as peripheralization whatever
 * the levels say (§4 cobra: stop on new tingling or numbness). Throws RangeError on a level
 * outside 0–5.
 */
export function respond(
  before: number,
  after: number,
  opts: { newNumbnessOrWeakness?: boolean } = {},
): ExerciseOutcome {
  const d = level('after', after) - level('before', before);
  if (opts.newNumbnessOrWeakness || d > 0) return 'peripheralized';
  return d < 0 ? 'centralized' : 'same';
}
