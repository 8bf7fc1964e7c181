import { and } from 'xstate';
import { conversationSetup } from './machine.setup.js';
import { askActions } from './conversation.base.js';

const c = conversationSetup;

/**
 * The outcome, given (and recorded when new) on the way in; an emergency stays pinned. After a
 * self-care or routine outcome, where the channel can remind, the reminder question.
 */
export const outcome = c.createStateConfig({
  id: 'outcome',
  initial: 'shown',
  states: {
    shown: {
      entry: [{ type: 'rest', params: { place: 'outcome' } }, 'decideAndRecord', 'offerNext'],
      always: { guard: 'offerReminder', target: 'reminder' },
      on: {
        ANSWER: { actions: 'repeatOutcome' },
        UNREADABLE: { actions: 'repeatOutcome' },
        REASK: { actions: 'repeatOutcome' },
      },
    },
    reminder: {
      id: 'reminder',
      entry: askActions('reminder.days', 'outcome.reminder'),
      on: {
        ANSWER: [
          {
            guard: and(['validAnswer', { type: 'answerAbove', params: { min: 0 } }]),
            target: '#home',
            actions: 'remind',
          },
          { guard: 'validAnswer', target: '#home', actions: { type: 'say', params: { id: 'reminder_none' } } },
        ],
      },
    },
  },
});

/** Resting: nothing pending; an answer gets a pointer to the commands. */
export const home = c.createStateConfig({
  id: 'home',
  entry: { type: 'rest', params: { place: 'home' } },
  on: {
    ANSWER: { actions: { type: 'say', params: { id: 'home_hint' } } },
    UNREADABLE: { actions: { type: 'say', params: { id: 'home_hint' } } },
  },
});

/** After `stop`: the conversation stays quiet until a command. */
export const stopped = c.createStateConfig({
  id: 'stopped',
  entry: [
    { type: 'rest', params: { place: 'stopped' } },
    { type: 'say', params: { id: 'stopped' } },
  ],
  on: {
    ANSWER: { actions: { type: 'say', params: { id: 'stopped_again' } } },
    UNREADABLE: { actions: { type: 'say', params: { id: 'stopped_again' } } },
  },
});
