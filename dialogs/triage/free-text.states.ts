import { and } from 'xstate';
import { conversationSetup } from '../machine.setup.js';

const c = conversationSetup;

/**
 * What a message with red flags in the patient's own words does, in any state (CONTRACT §5):
 * an emergency flag, or a combination of rules 2–4 it completes → the emergency outcome at
 * once; words that only might mean a flag, a question about a sign, a swollen calf → their
 * questions first (`clarify`), then back to where the conversation was; urgent and routine flags
 * → acknowledged and counted as answered. Crisis talk is answered in every case.
 */
export const noticedTransitions = [
  { guard: 'noticedEmergency', target: '#outcome', reenter: true, actions: ['acknowledge', 'setNoticed'] },
  {
    guard: 'noticedQuestions',
    target: '#clarify',
    reenter: true,
    actions: ['acknowledge', 'explainSigns', 'queueClarify', 'setNoticed'],
  },
  { actions: ['acknowledge', 'explainSigns', 'setNoticed'] },
] as const;

/** The clarifying questions, one by one; then back to where the conversation stood (the flow or a detour), through `main`'s history state. */
export const clarify = c.createStateConfig({
  id: 'clarify',
  entry: 'askClarify',
  on: {
    ANSWER: [
      { guard: and(['validAnswer', 'clarifiedEmergency']), target: '#outcome', actions: 'setClarified' },
      { guard: and(['validAnswer', 'moreToClarify']), target: '#clarify', reenter: true, actions: 'setClarified' },
      { guard: 'validAnswer', target: '#mainHistory', actions: 'setClarified' },
    ],
    NOTICED: [
      { guard: 'noticedEmergency', target: '#outcome', actions: ['acknowledge', 'setNoticed'] },
      { actions: ['acknowledge', 'explainSigns', 'queueClarify', 'setNoticed', 'reaskClarify'] },
    ],
  },
});
