import { and } from 'xstate';
import { conversationSetup } from '../machine.setup.js';
import { askActions } from '../conversation.base.js';
import { firstState, questionStates } from '../question.states.js';

const c = conversationSetup;

/** The first question of a check-in (the `checkin` command, a re-screen after an exercise). */
export const CHECKIN_FIRST = `#checkin.${firstState('checkin')}`;

/**
 * Return visits (CLINICAL §3, §5): the offer, then the question table's check-in questions (the
 * seven cauda equina questions again, one-sided weakness, the pain map, from phase 2 the walking
 * test and, once running, the walk-run session), the record and the report. A red flag ends in
 * the outcome as in the intake; otherwise the check-in is recorded and reported against the point
 * before it (the intake's pain map for the first), with what the trend changes.
 */
export const checkin = c.createStateConfig({
  id: 'checkin',
  initial: 'offer',
  states: {
    offer: {
      entry: [{ type: 'say', params: { id: 'welcome_back' } }, ...askActions('checkin.start', 'checkin.offer')],
      on: {
        ANSWER: [
          {
            guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]),
            target: CHECKIN_FIRST,
            actions: 'startCheckin',
          },
          { guard: 'validAnswer', target: '#home', actions: { type: 'say', params: { id: 'checkin_later' } } },
        ],
      },
    },
    ...questionStates('checkin', 'done', false),
    done: {
      entry: [{ type: 'rest', params: { place: 'home' } }, 'reportCheckin', 'recordCheckin'],
      // An urgent flag (new one-sided weakness, uncontrolled pain, a swollen calf) gives the outcome.
      always: [{ guard: 'checkinNeedsCare', target: '#outcome' }, { target: 'settle' }],
    },
    settle: {
      entry: 'settleCheckin',
      always: [{ guard: 'canRemind', target: '#reminder' }, { target: '#home' }],
    },
  },
});
