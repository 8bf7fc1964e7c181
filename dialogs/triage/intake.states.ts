import { and } from 'xstate';
import { conversationSetup } from '../machine.setup.js';
import { askActions } from '../conversation.base.js';
import { firstState, questionStates } from '../question.states.js';
import { MIN_AGE } from './decide.js';

const c = conversationSetup;

/** Onboarding before the screen: consent, age (under 16 → see a clinician, and still screened), country. */
export const onboarding = c.createStateConfig({
  id: 'onboarding',
  initial: 'consent',
  states: {
    consent: {
      entry: [{ type: 'say', params: { id: 'welcome' } }, ...askActions('consent', 'onboarding.consent')],
      on: {
        ANSWER: [
          {
            guard: and(['validAnswer', { type: 'answerIs', params: { value: 'agree' } }]),
            target: 'age',
            actions: [{ type: 'profile', params: { patch: { consent: 'agree' } } }, 'setConsented'],
          },
          {
            guard: 'validAnswer',
            target: 'declined',
            actions: { type: 'profile', params: { patch: { consent: 'decline' } } },
          },
        ],
      },
    },
    declined: {
      entry: [
        { type: 'rest', params: { place: 'onboarding.declined' } },
        { type: 'say', params: { id: 'consent_declined' } },
      ],
    },
    age: {
      entry: askActions('age', 'onboarding.age'),
      on: {
        ANSWER: [
          {
            guard: and(['validAnswer', { type: 'answerBelow', params: { max: MIN_AGE } }]),
            target: 'locate',
            actions: ['saveAge', { type: 'say', params: { id: 'age_under16' } }],
          },
          { guard: 'validAnswer', target: 'locate', actions: 'saveAge' },
        ],
      },
    },
    locate: { always: [{ guard: 'countryKnown', target: '#intake' }, { target: 'country' }] },
    country: {
      entry: askActions('country', 'onboarding.country'),
      on: { ANSWER: { guard: 'validAnswer', target: '#intake', actions: 'saveCountry' } },
    },
  },
});

/**
 * The intake: the question table's intake questions in its order (red flags by tier, then the
 * pain map), each leading to the outcome at once when its rule says so, else to the outcome at
 * the end.
 */
export const intake = c.createStateConfig({
  id: 'intake',
  initial: firstState('intake'),
  states: questionStates('intake', '#outcome', true),
});
