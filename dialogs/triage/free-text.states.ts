import { and } from 'xstate';
import { conversationSetup, stateOf, type ConversationContext } from '../conversation.setup.js';
import type { FlagAnswer } from './decide.js';

const c = conversationSetup;

/** Crisis talk first (a calm message with the crisis line), then what was noticed. */
const acknowledge = c.enqueueActions(({ event, enqueue }) => {
  if (event.type !== 'NOTICED') return;
  if (event.crisis) enqueue({ type: 'say', params: { id: 'crisis' } });
  if (event.others.length) enqueue({ type: 'say', params: { id: 'noticed', flags: event.others } });
});

/** Queues the hinted flags; `resumeTo` 'keep' leaves the way back as it was (already clarifying). */
const queueClarify = (resumeTo: string | undefined) =>
  c.assign(({ context, event }) => ({
    clarify: [...new Set([...context.clarify, ...(event.type === 'NOTICED' ? event.possible : []).filter((f) => context.answers[f] === undefined)])],
    resume: resumeTo === 'keep' ? context.resume : (resumeTo ?? (context.asking ? stateOf(context.asking) : 'consent')),
  }));

const reaskClarify = c.enqueueActions(({ context, enqueue }) => {
  if (context.asking) enqueue({ type: 'ask', params: { questionId: context.asking } });
});

/**
 * What a message with red flags in the patient's own words does, in any state (CONTRACT §5):
 * an emergency flag → the emergency outcome at once; words that only might mean one → its
 * question first, then back to `resumeTo` (default: the pending question); urgent and routine
 * flags → acknowledged and counted as answered. Crisis talk is answered in every case.
 */
export function noticedTransitions(resumeTo?: string) {
  return [
    { guard: 'noticedEmergency', target: '#conversation.outcome', reenter: true, actions: [acknowledge, 'setNoticed'] },
    { guard: 'noticedPossible', target: '#conversation.clarify', actions: [acknowledge, 'setNoticed', queueClarify(resumeTo)] },
    { actions: [acknowledge, 'setNoticed'] },
  ] as const;
}

const askClarify = c.enqueueActions(({ context, enqueue }) => {
  const flag = context.clarify[0];
  if (!flag) return;
  enqueue({ type: 'setAsking', params: { questionId: `redflag.${flag as never}` } });
  enqueue({ type: 'ask', params: { questionId: `redflag.${flag as never}` } });
});

const setClarified = c.assign(({ context, event }) => ({
  answers: { ...context.answers, [context.clarify[0]!]: (event.type === 'ANSWER' ? event.value : undefined) as FlagAnswer },
  clarify: context.clarify.slice(1),
}));

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
          { actions: [acknowledge, 'setNoticed', queueClarify('keep'), reaskClarify] },
        ],
      },
    }),
    resume: c.createStateConfig({
      always: [
        ...resumable.map((name) => ({ guard: ({ context }: { context: ConversationContext }) => context.resume === name, target: name })),
        { target: 'consent' },
      ],
    }),
  };
}
