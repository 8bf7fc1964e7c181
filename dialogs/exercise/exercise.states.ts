import { and } from 'xstate';
import { askActions, conversationSetup, type ConversationContext } from '../conversation.setup.js';
import { painLevel, type PainLevelId } from '../pain.js';
import { exerciseById } from './library.js';
import { isExerciseId } from './ids.js';
import { planSteps, respond } from './walkthrough.js';
import { exerciseRecordData } from './response-record.js';
import { responseNow } from './plan.js';
import { CHECKIN_FIRST, startCheckin } from '../checkin/checkin.states.js';
import { emergencyWith } from '../triage/facts.js';

const c = conversationSetup;

/** The steps of the exercise being walked through. */
const stepsOf = (context: ConversationContext) => (context.exercise && isExerciseId(context.exercise.id) ? planSteps(exerciseById(context.exercise.id)) : []);
const answerValue = (event: { type: string; value?: unknown }) => (event.type === 'ANSWER' ? event.value : undefined);
const levelOf = (event: { type: string; value?: unknown }) => painLevel(answerValue(event) as PainLevelId);

/**
 * Exercises are for today's self-care or routine outcome (an intake or a check-in of today), and
 * never while an emergency is on record, on the day of an urgent outcome, or for an under-16
 * (CLINICAL §6).
 */
export function exercisesAllowed(context: ConversationContext): boolean {
  const d = context.outcome?.disposition;
  return (d === 'self_care' || d === 'routine') && context.outcomeDay === context.today && context.urgentDay !== context.today && !context.emergencyLock && !context.outcome?.underAge;
}

const askPick = c.enqueueActions(({ context, enqueue }) => {
  enqueue({ type: 'setAsking', params: { questionId: 'exercise.pick', place: 'ex_pick' } });
  enqueue({ type: 'ask', params: { questionId: 'exercise.pick', offered: [...context.session, 'done'] } });
});

const askStep = c.enqueueActions(({ context, enqueue }) => {
  const step = stepsOf(context)[context.exercise?.step ?? 0];
  if (!step) return;
  enqueue({ type: 'setAsking', params: { questionId: 'exercise.step', place: 'ex_step' } });
  enqueue({ type: 'ask', params: { questionId: 'exercise.step', step } });
});

const recordResponse = c.enqueueActions(({ context, event, enqueue }) => {
  const response = responseNow(context.exercise, levelOf(event), context.smallerRange, '');
  if (!response) return;
  enqueue({ type: 'record', params: { kind: 'exercise', data: exerciseRecordData(response) } });
  enqueue({ type: 'say', params: { id: `exercises:response.${response.outcome}` } });
});

const spread = ({ context, event }: { context: ConversationContext; event: { type: string; value?: unknown } }) =>
  context.exercise?.before != null && respond(context.exercise.before, levelOf(event)) === 'peripheralized';

/** Plans today's session from the history the event carries (every way into `ex_plan` takes it). */
export const planToday = { type: 'planSession', params: { justDone: false } } as const;

/**
 * Guided exercises (CLINICAL §3–6): today's session (planned on the way into `ex_plan` from the
 * history the event carries), the pick, the pain point before, each step as its own message, the
 * pain point after, and the response. Pain spreading stops the exercise and asks about new
 * numbness or weakness, which re-runs the red-flag screen.
 */
export function exerciseStates() {
  return {
    ex_plan: c.createStateConfig({
      always: [
        { guard: and(['noSession', 'physioReview']), target: 'home', actions: { type: 'say', params: { id: 'exercises_none_physio' } } },
        { guard: 'noSession', target: 'home', actions: { type: 'say', params: { id: 'exercises_none' } } },
        { guard: 'physioReview', target: 'ex_pick', actions: { type: 'say', params: { id: 'exercises:dropped' } } },
        { target: 'ex_pick' },
      ],
    }),
    ex_pick: c.createStateConfig({
      entry: askPick,
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'done' } }]), target: 'home', actions: { type: 'say', params: { id: 'exercises_done' } } },
          {
            guard: and(['validAnswer', ({ context, event }) => context.session.includes(String(answerValue(event)))]),
            target: 'ex_before',
            actions: [
              c.assign({ exercise: ({ event }) => ({ id: String(answerValue(event)), step: 0, before: null }) }),
              c.enqueueActions(({ context, event, enqueue }) => {
                if (context.smallerRange.includes(String(answerValue(event)))) enqueue({ type: 'say', params: { id: 'exercises:smaller_range' } });
              }),
            ],
          },
        ],
      },
    }),
    ex_before: c.createStateConfig({
      entry: askActions('pain.now', 'ex_before'),
      on: { ANSWER: { guard: 'validAnswer', target: 'ex_step', actions: c.assign({ exercise: ({ context, event }) => ({ ...context.exercise!, before: levelOf(event) }) }) } },
    }),
    ex_step: c.createStateConfig({
      entry: askStep,
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'repeat' } }]), target: 'ex_step', reenter: true },
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'stop' } }]), target: 'ex_after' },
          { guard: and(['validAnswer', ({ context }) => (context.exercise?.step ?? 0) + 1 < stepsOf(context).length]), target: 'ex_step', reenter: true, actions: c.assign({ exercise: ({ context }) => ({ ...context.exercise!, step: context.exercise!.step + 1 }) }) },
          { guard: 'validAnswer', target: 'ex_after' },
        ],
      },
    }),
    ex_after: c.createStateConfig({
      entry: askActions('pain.now', 'ex_after'),
      on: {
        ANSWER: [
          { guard: and(['validAnswer', spread]), target: 'ex_numbness', actions: recordResponse },
          // The session is planned again with this response in it: an exercise that spread rests from now.
          { guard: 'validAnswer', target: 'ex_plan', actions: [recordResponse, { type: 'planSession', params: { justDone: true } }] },
        ],
      },
    }),
    ex_numbness: c.createStateConfig({
      entry: askActions('exercise.numbness', 'ex_numbness'),
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'no' } }]), target: 'ex_plan', actions: planToday },
          // New numbness or weakness after a history of cancer: rule 2, the emergency at once (CLINICAL §2d).
          {
            guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }, ({ context }) => emergencyWith(context, { new_leg_deficit: 'yes' })]),
            target: '#conversation.outcome',
            actions: c.assign({ answers: ({ context }) => ({ ...context.answers, new_leg_deficit: 'yes' as const }) }),
          },
          // New numbness or weakness, or not sure: the red-flag screen again (CLINICAL §3).
          { guard: 'validAnswer', target: CHECKIN_FIRST, actions: [{ type: 'say', params: { id: 'exercises:rescreen' } }, startCheckin] },
        ],
      },
    }),
  };
}
