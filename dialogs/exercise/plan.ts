/**
 * Today's exercise session, decided in the dialog from the history the bot hands in with the
 * event (CLINICAL §5): the programme phase from the trend's points, the walks and the responses,
 * then 2–4 exercises by phase and directional preference. Pure: no I/O.
 */
import type { History } from '../checkin/history.js';
import type { FlagAnswer, Finding } from '../triage/decide.js';
import { isFlagId, type Disposition, type FlagId } from '../triage/red-flags.js';
import { currentPhase } from './programme.js';
import { todaysSession } from './session.js';
import { isExerciseId, type ExerciseId } from './ids.js';
import { respond } from './response-rules.js';
import type { ExerciseResponse } from './response-record.js';

/** What the exercise states keep of a session. */
export interface SessionChoice {
  /** Exercise ids to offer (`exercise.pick`), none when every exercise is off today. */
  ids: ExerciseId[];
  /** Those to do in a smaller range (the tries after a 48 h rest). */
  smallerRange: ExerciseId[];
  /** Some exercise was dropped after spreading twice: suggest a physio review (§3). */
  physioReview: boolean;
}

/** The latest screen as the conversation holds it: its answers and its outcome. */
export interface ScreenNow {
  answers: Partial<Record<Finding, FlagAnswer>>;
  disposition: Disposition | null;
}

/**
 * Today's session. `justDone` holds the response of this very turn, which the history loaded
 * before the turn can't hold yet (an exercise that spread rests from now, not from the next turn).
 */
export function planSession(
  history: History,
  screen: ScreenNow,
  justDone: readonly ExerciseResponse[] = [],
): SessionChoice {
  const now = new Date(history.at);
  const responses = [...history.responses, ...justDone];
  const phase = currentPhase(history.points, responses, now, { walks: history.walks }).phase;
  const flags: Partial<Record<FlagId, FlagAnswer>> = {};
  // A Partial's key may be present and hold undefined: typed so, the truthiness check stays meaningful.
  for (const [f, answer] of Object.entries<FlagAnswer | undefined>(screen.answers))
    if (isFlagId(f) && answer) flags[f] = answer;
  const plan = todaysSession({
    phase,
    responses,
    now,
    flags,
    ...(screen.disposition && { disposition: screen.disposition }),
  });
  return { ids: plan.blocked ? [] : plan.ids, smallerRange: plan.smallerRange, physioReview: plan.physioReview };
}

/**
 * The response to the exercise being walked through, with the pain level after it; `null` when
 * no exercise with a level before is under way.
 */
export function responseNow(
  exercise: { id: string; before: number | null } | null,
  after: number,
  smallerRange: readonly string[],
  at: string,
): ExerciseResponse | null {
  if (!exercise || exercise.before === null || !isExerciseId(exercise.id)) return null;
  const outcome = respond(exercise.before, after);
  return {
    exerciseId: exercise.id,
    before: exercise.before,
    after,
    outcome,
    at,
    ...(smallerRange.includes(exercise.id) && { smallerRange: true }),
  };
}
