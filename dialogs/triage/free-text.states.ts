import { and } from 'xstate';
import { conversationSetup, type ConversationContext } from '../conversation.setup.js';
import type { FlagAnswer } from './decide.js';

const c = conversationSetup;

/** Crisis talk first (a calm message with the crisis line), then what was noticed. */
const acknowledge = c.enqueueActions(({ event, enqueue }) => {
  if (event.type !== 'NOTICED') return;
  if (event.crisis) enqueue({ type: 'say', params: { id: 'crisis' } });
  if (event.others.length) enqueue({ type: 'say', params: { id: 'noticed', flags: event.others } });
});

/** Queues the hinted flags and remembers where to come back to (unless already clarifying). */
const queueClarify = c.assign(({ context, event }) => ({
  clarify: [...new Set([...context.clarify, ...(event.type === 'NOTICED' ? event.possible : []).filter((f) => context.answers[f] === undefined)])],
  resume: context.place === 'clarify' ? context.resume : (context.place ?? 'consent'),
}));

const reaskClarify = c.enqueueActions(({ context, enqueue }) => {
  if (context.asking) enqueue({ type: 'ask', params: { questionId: context.asking } });
});

/**
 * What a message with red flags in the patient's own words does, in any state (CONTRACT §5):
 * an emergency flag → the emergency outcome at once; words that only might mean one → its
 * question first, then back to where the conversation was; urgent and routine
 * flags → acknowledged and counted as answered. Crisis talk is answered in every case.
 */
export function noticedTransitions() {
  return [
    { guard: 'noticedEmergency', target: '#conversation.outcome', reenter: true, actions: [acknowledge, 'setNoticed'] },
    { guard: 'noticedPossible', target: '#conversation.clarify', reenter: true, actions: [acknowledge, 'setNoticed', queueClarify] },
    { actions: [acknowledge, 'setNoticed'] },
  ] as const;
}

const askClarify = c.enqueueActions(({ context, enqueue }) => {
  const flag = context.clarify[0];
  if (!flag) return;
  enqueue({ type: 'setAsking', params: { questionId: `redflag.${flag as never}`, place: 'clarify' } });
  enqueue({ type: 'ask', params: { questionId: `redflag.${flag as never}` } });
});

const setClarified = c.assign(({ context, event }) => ({
  answers: { ...context.answers, [context.clarify[0]!]: (event.type === 'ANSWER' ? event.value : undefined) as FlagAnswer },
  clarify: context.clarify.slice(1),
}));

/** An `always` list that goes to the state named by `pick(context)`, one of `places`. */
export function goBackTo(places: readonly string[], pick: (context: ConversationContext) => string | null) {
  return [...places.map((name) => ({ guard: ({ context }: { context: ConversationContext }) => pick(context) === name, target: name })), { target: 'consent' }];
}

/** The clarifying questions, and the way back to where the conversation stood. */
export function clarifyStates(resumable: readonly string[]) {
  return {
    clarify: c.createStateConfig({
      entry: askClarify,
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]), target: 'outcome', actions: setClarified },
          { guard: and(['validAnswer', ({ context }) => context.clarify.length > 1]), target: 'clarify', reenter: true, actions: setClarified },
          { guard: 'validAnswer', target: 'resume', actions: setClarified },
        ],
        NOTICED: [
          { guard: 'noticedEmergency', target: 'outcome', actions: [acknowledge, 'setNoticed'] },
          { actions: [acknowledge, 'setNoticed', queueClarify, reaskClarify] },
        ],
      },
    }),
    resume: c.createStateConfig({ always: goBackTo(resumable, (context) => context.resume) }),
  };
}
