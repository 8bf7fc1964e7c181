import { offeredChoices, type ConversationContext } from './conversation.setup.js';
import { base } from './conversation.base.js';
import { decideNow } from './triage/facts.js';
import { exercisesAllowed } from './exercise/exercise.rules.js';
import { isExerciseId } from './exercise/ids.js';
import { exerciseById } from './exercise/library.js';
import { planSteps } from './exercise/walkthrough.js';
import type { AskIntent } from './intents.js';

const c = base;

/**
 * The outcome, and a triage record when it is a new one (coming back to the outcome after a
 * detour, with nothing changed, records nothing twice). An emergency locks exercises, also
 * across conversations (the profile keeps it).
 */
export const decideAndRecord = c.enqueueActions(({ context, enqueue }) => {
  const outcome = decideNow(context);
  const changed = JSON.stringify(outcome) !== JSON.stringify(context.outcome);
  enqueue.assign({
    outcome,
    outcomeDay: context.today,
    // Only a new emergency outcome locks: coming back to the same one after a clinician cleared it doesn't.
    emergencyLock: context.emergencyLock || (changed && outcome.disposition === 'emergency'),
    urgentDay: outcome.disposition === 'urgent' ? context.today : context.urgentDay,
  });
  enqueue({ type: 'outcome', params: outcome });
  if (!changed) return;
  const { age, country, painLeft, painRight, score, weeks } = context;
  enqueue({
    type: 'record',
    params: {
      kind: 'triage',
      data: {
        disposition: outcome.disposition,
        flags: outcome.flags,
        unsure: outcome.unsure,
        age,
        country,
        painLeft,
        painRight,
        score,
        weeks,
      },
    },
  });
  if (outcome.disposition === 'emergency') enqueue({ type: 'profile', params: { patch: { emergency: true } } });
});

/** After the outcome: an emergency stays pinned (shown again); otherwise a short pointer. */
export const repeatOutcome = c.enqueueActions(({ context, enqueue }) => {
  if (context.outcome?.disposition === 'emergency') enqueue({ type: 'outcome', params: context.outcome });
  else enqueue({ type: 'say', params: { id: 'outcome_after' } });
});

/** Why exercises can't start now, or the invitation to start (CLINICAL §6: never while an emergency or urgent flag is unresolved). */
function exercisesMessage(context: ConversationContext): string {
  const d = context.outcome?.disposition;
  if (context.emergencyLock || d === 'emergency' || d === 'urgent') return 'exercises_locked';
  if (!context.outcome) return context.consented ? 'exercises_checkin_first' : 'exercises_after_screen';
  if (context.outcome.underAge) return 'exercises_clinician';
  if (!exercisesAllowed(context)) return 'exercises_checkin_first';
  return 'exercises_ready';
}

/** After a self-care or routine outcome: what comes next about exercises. */
export const offerNext = c.enqueueActions(({ context, enqueue }) => {
  const d = context.outcome?.disposition;
  if (d === 'self_care' || d === 'routine') enqueue({ type: 'say', params: { id: exercisesMessage(context) } });
});

export const exercisesAnswer = c.enqueueActions(({ context, enqueue }) => {
  enqueue({ type: 'say', params: { id: exercisesMessage(context) } });
});

/**
 * The pending question as it was put: the same choices (today's exercises for `exercise.pick`)
 * and, for `exercise.step`, the same step, so "2" still means the second exercise shown.
 */
function pendingAsk(context: ConversationContext, hint: boolean): Omit<AskIntent, 'type'> | undefined {
  if (!context.asking) return undefined;
  const offered = offeredChoices(context);
  const ex = context.exercise;
  const step =
    context.asking === 'exercise.step' && ex && isExerciseId(ex.id)
      ? planSteps(exerciseById(ex.id))[ex.step]
      : undefined;
  return {
    questionId: context.asking,
    ...(hint && { hint: true }),
    ...(offered && { offered }),
    ...(step && { step }),
  };
}

/**
 * The pending question as it was put, for a user who comes back to the conversation (the web
 * page after a lost connection); undefined when nothing is pending. Reading it changes nothing.
 */
export function pendingQuestion(context: ConversationContext): AskIntent | undefined {
  const ask = pendingAsk(context, false);
  return ask && { type: 'ask', ...ask };
}

/** Puts the pending question again (after `help` or a command that doesn't move on). */
export const reask = c.enqueueActions(({ context, enqueue }) => {
  const ask = pendingAsk(context, false);
  if (ask) enqueue({ type: 'ask', params: ask });
});

/** An answer the bot couldn't read: the same question with a hint, or a pointer to `help`. */
export const reaskWithHint = c.enqueueActions(({ context, enqueue }) => {
  const ask = pendingAsk(context, true);
  if (ask) enqueue({ type: 'ask', params: ask });
  else enqueue({ type: 'say', params: { id: 'idle' } });
});
