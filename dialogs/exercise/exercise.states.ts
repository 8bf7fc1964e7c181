import { and } from 'xstate';
import { conversationSetup } from '../machine.setup.js';
import { askActions } from '../conversation.base.js';
import { CHECKIN_FIRST } from '../checkin/checkin.states.js';

const c = conversationSetup;

/** Plans today's session from the history the event carries (every way into the exercises takes it). */
export const planToday = { type: 'planSession', params: { justDone: false } } as const;

const answerIs = (value: string) => and(['validAnswer', { type: 'answerIs', params: { value } }]);

/**
 * Guided exercises (CLINICAL §3–6): today's session (planned on the way in from the history the
 * event carries), the pick, the pain point before, each step as its own message, the pain point
 * after, and the response. Pain spreading stops the exercise and asks about new numbness or
 * weakness, which re-runs the red-flag screen.
 */
export const exercises = c.createStateConfig({
  id: 'exercises',
  initial: 'plan',
  states: {
    plan: {
      always: [
        {
          guard: and(['noSession', 'physioReview']),
          target: '#home',
          actions: { type: 'say', params: { id: 'exercises_none_physio' } },
        },
        { guard: 'noSession', target: '#home', actions: { type: 'say', params: { id: 'exercises_none' } } },
        { guard: 'physioReview', target: 'pick', actions: { type: 'say', params: { id: 'exercises:dropped' } } },
        { target: 'pick' },
      ],
    },
    pick: {
      entry: 'askPick',
      on: {
        ANSWER: [
          { guard: answerIs('done'), target: '#home', actions: { type: 'say', params: { id: 'exercises_done' } } },
          { guard: and(['validAnswer', 'inSession']), target: 'before', actions: 'startExercise' },
        ],
      },
    },
    before: {
      entry: askActions('pain.now', 'exercises.before'),
      on: { ANSWER: { guard: 'validAnswer', target: 'step', actions: 'setBefore' } },
    },
    step: {
      entry: 'askStep',
      on: {
        ANSWER: [
          { guard: answerIs('repeat'), target: 'step', reenter: true },
          { guard: answerIs('stop'), target: 'after' },
          { guard: and(['validAnswer', 'moreSteps']), target: 'step', reenter: true, actions: 'nextStep' },
          { guard: 'validAnswer', target: 'after' },
        ],
      },
    },
    after: {
      entry: askActions('pain.now', 'exercises.after'),
      on: {
        ANSWER: [
          { guard: and(['validAnswer', 'spread']), target: 'numbness', actions: 'recordResponse' },
          // The session is planned again with this response in it: an exercise that spread rests from now.
          {
            guard: 'validAnswer',
            target: 'plan',
            actions: ['recordResponse', { type: 'planSession', params: { justDone: true } }],
          },
        ],
      },
    },
    numbness: {
      entry: askActions('exercise.numbness', 'exercises.numbness'),
      on: {
        ANSWER: [
          { guard: answerIs('no'), target: 'plan', actions: planToday },
          // New numbness or weakness after a history of cancer: rule 2, the emergency at once (CLINICAL §2d).
          { guard: and([answerIs('yes'), 'newDeficitEmergency']), target: '#outcome', actions: 'markNewDeficit' },
          // New numbness or weakness, or not sure: the red-flag screen again (CLINICAL §3).
          {
            guard: 'validAnswer',
            target: CHECKIN_FIRST,
            actions: [{ type: 'say', params: { id: 'exercises:rescreen' } }, 'startCheckin'],
          },
        ],
      },
    },
  },
});
