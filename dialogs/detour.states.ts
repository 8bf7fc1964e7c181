import { and } from 'xstate';
import { conversationSetup } from './machine.setup.js';
import { askActions } from './conversation.base.js';

const c = conversationSetup;

/** Back to where the conversation stood: a clarifying question still queued, else the flow's history state. */
const BACK = '#resume';

/** `language`: the choice, then back. */
export const language = c.createStateConfig({
  id: 'language',
  entry: askActions('language', 'language'),
  on: {
    ANSWER: {
      guard: 'validAnswer',
      target: BACK,
      actions: ['saveLanguage', { type: 'say', params: { id: 'language_set' } }],
    },
  },
});

/** `forget_me`: confirmed, everything goes; kept, back. */
export const forget = c.createStateConfig({
  id: 'forget',
  entry: askActions('forget.confirm', 'forget'),
  on: {
    ANSWER: [
      {
        guard: and(['validAnswer', { type: 'answerIs', params: { value: 'delete' } }]),
        target: '#forgotten',
        actions: ['forget', { type: 'say', params: { id: 'forgotten' } }],
      },
      { guard: 'validAnswer', target: BACK, actions: { type: 'say', params: { id: 'forget_kept' } } },
    ],
  },
});

/**
 * CLINICAL §6: after an emergency, exercise coaching stays off until the user confirms a
 * clinician has assessed them.
 */
export const cleared = c.createStateConfig({
  id: 'cleared',
  entry: askActions('clinician.cleared', 'cleared'),
  on: {
    ANSWER: [
      {
        guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]),
        target: BACK,
        actions: [
          'clearLock',
          { type: 'profile', params: { patch: { emergency: false } } },
          { type: 'say', params: { id: 'clinician_cleared' } },
        ],
      },
      { guard: 'validAnswer', target: BACK, actions: { type: 'say', params: { id: 'exercises_locked' } } },
    ],
  },
});

/** Nothing is kept after a deletion; the next message starts a new conversation. */
export const forgotten = c.createStateConfig({
  id: 'forgotten',
  entry: { type: 'rest', params: { place: 'forgotten' } },
});
