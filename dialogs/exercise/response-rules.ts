/**
 * How symptoms responded to an exercise, and what to do about it (CLINICAL.md §3 "During an
 * exercise", §4 general rules). Levels are `most_distal` 0–5 of `PAIN_LEVELS`, asked before and
 * after each set (`pain.now`).
 */

/** The response of symptoms to one exercise. */
export type ExerciseOutcome = 'peripheralized' | 'centralized' | 'same';

export const EXERCISE_OUTCOMES = ['peripheralized', 'centralized', 'same'] as const;

/** Rise in the 0–10 score above the starting level that is still acceptable (§4: "about 3/10"). */
export const MAX_SCORE_RISE = 3;

/** Minutes a peripheralization may take to settle before the red-flag screen is run again (§3). */
export const SETTLE_MINUTES = 30;

export interface AdviceOptions {
  /** New numbness or weakness during or after the exercise. */
  newNumbnessOrWeakness?: boolean;
  /**
   * Asked about `SETTLE_MINUTES` after a peripheralization: `false` when it has not settled
   * (→ re-run the screen). Leave out until then.
   */
  settled?: boolean;
  /** Score after minus score before (0–10 scale), when both were asked. */
  scoreRise?: number;
}

/** What the bot does next. */
export interface ExerciseAdvice {
  outcome: ExerciseOutcome;
  /** Stop this exercise now and go back to a comfortable position. */
  stopNow: boolean;
  /** Run the red-flag screen again (§3: new numbness or weakness, or a spread that won't settle). */
  rescreen: boolean;
}

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
export function respond(before: number, after: number, opts: { newNumbnessOrWeakness?: boolean } = {}): ExerciseOutcome {
  const d = level('after', after) - level('before', before);
  if (opts.newNumbnessOrWeakness || d > 0) return 'peripheralized';
  return d < 0 ? 'centralized' : 'same';
}

/**
 * The advice of §3 and §4 for one response:
 * - peripheralized → stop now; re-screen with new numbness or weakness, or when it hasn't settled;
 * - centralized → continue (a brief rise of central back pain is acceptable);
 * - same → continue;
 * - and in every case stop when the score rose by more than `MAX_SCORE_RISE` (§4 "gentle").
 */
export function exerciseAdvice(before: number, after: number, opts: AdviceOptions = {}): ExerciseAdvice {
  const outcome = respond(before, after, opts);
  const peripheral = outcome === 'peripheralized';
  const tooSore = (opts.scoreRise ?? 0) > MAX_SCORE_RISE;
  return {
    outcome,
    stopNow: peripheral || tooSore,
    rescreen: peripheral && (opts.newNumbnessOrWeakness === true || opts.settled === false),
  };
}
