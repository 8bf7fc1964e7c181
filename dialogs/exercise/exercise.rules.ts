import type { ConversationContext } from '../conversation.setup.js';
import { exerciseById } from './library.js';
import { isExerciseId } from './ids.js';
import { planSteps } from './walkthrough.js';

/** The steps of the exercise being walked through. */
export const stepsOf = (context: ConversationContext) =>
  context.exercise && isExerciseId(context.exercise.id) ? planSteps(exerciseById(context.exercise.id)) : [];

/**
 * Exercises are for today's self-care or routine outcome (an intake or a check-in of today), and
 * never while an emergency is on record, on the day of an urgent outcome, or for an under-16
 * (CLINICAL §6).
 */
export function exercisesAllowed(context: ConversationContext): boolean {
  const d = context.outcome?.disposition;
  return (
    (d === 'self_care' || d === 'routine') &&
    context.outcomeDay === context.today &&
    context.urgentDay !== context.today &&
    !context.emergencyLock &&
    !context.outcome?.underAge
  );
}
