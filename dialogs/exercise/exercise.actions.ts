import { assertEvent } from 'xstate';
import { base } from '../conversation.base.js';
import { isPainLevel, painLevel } from '../pain.js';
import { exerciseRecordData } from './response-record.js';
import { responseNow } from './plan.js';
import { stepsOf } from './exercise.rules.js';

/** Today's exercises, and `done`. */
export const askPick = base.enqueueActions(({ context, enqueue }) => {
  enqueue({ type: 'setAsking', params: { questionId: 'exercise.pick', place: 'exercises.pick' } });
  enqueue({ type: 'ask', params: { questionId: 'exercise.pick', offered: [...context.session, 'done'] } });
});

/** The step of the exercise walked through, as its own message. */
export const askStep = base.enqueueActions(({ context, enqueue }) => {
  const step = stepsOf(context)[context.exercise?.step ?? 0];
  if (!step) return;
  enqueue({ type: 'setAsking', params: { questionId: 'exercise.step', place: 'exercises.step' } });
  enqueue({ type: 'ask', params: { questionId: 'exercise.step', step } });
});

/** The exercise picked, and a word when it is to be done in a smaller range. */
export const startExercise = base.enqueueActions(({ context, event, enqueue }) => {
  assertEvent(event, 'ANSWER');
  const id = String(event.value);
  enqueue.assign({ exercise: { id, step: 0, before: null } });
  if (context.smallerRange.includes(id)) enqueue({ type: 'say', params: { id: 'exercises:smaller_range' } });
});

/** The pain point before the exercise. */
export const setBefore = base.assign(({ context, event }) => {
  assertEvent(event, 'ANSWER');
  return context.exercise && isPainLevel(event.value)
    ? { exercise: { ...context.exercise, before: painLevel(event.value) } }
    : {};
});

export const nextStep = base.assign(({ context }) =>
  context.exercise ? { exercise: { ...context.exercise, step: context.exercise.step + 1 } } : {},
);

/** The response to the exercise (the pain point after against before), recorded and told. */
export const recordResponse = base.enqueueActions(({ context, event, enqueue }) => {
  assertEvent(event, 'ANSWER');
  if (!isPainLevel(event.value)) return;
  const response = responseNow(context.exercise, painLevel(event.value), context.smallerRange, '');
  if (!response) return;
  enqueue({ type: 'record', params: { kind: 'exercise', data: exerciseRecordData(response) } });
  enqueue({ type: 'say', params: { id: `exercises:response.${response.outcome}` } });
});

/** New numbness or weakness after an exercise: a finding for rule 2 (CLINICAL §2d). */
export const markNewDeficit = base.assign(({ context }) => ({
  answers: { ...context.answers, new_leg_deficit: 'yes' as const },
}));
