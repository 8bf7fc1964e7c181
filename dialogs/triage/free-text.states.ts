import { and } from 'xstate';
import { conversationSetup, type ConversationContext, type ConversationEvent } from '../conversation.setup.js';
import type { FlagAnswer } from './decide.js';
import { breathlessUnknown, emergencyWith, signsToExplain, toClarify } from './facts.js';

const c = conversationSetup;

/** Crisis talk first (a calm message with the crisis line), then what was noticed. */
const acknowledge = c.enqueueActions(({ event, enqueue }) => {
  if (event.type !== 'NOTICED') return;
  if (event.crisis) enqueue({ type: 'say', params: { id: 'crisis' } });
  if (event.others.length) enqueue({ type: 'say', params: { id: 'noticed', flags: event.others } });
});

/** A question about a sign gets a short plain answer: what it is, and where to go if it happens (CLINICAL §2f). */
const explainSigns = c.enqueueActions(({ context, event, enqueue }) => {
  if (event.type !== 'NOTICED') return;
  for (const flag of signsToExplain(context, event)) enqueue({ type: 'say', params: { id: `sign.${flag}`, flags: [flag] } });
});

/** Queues what is left to ask and remembers where to come back to (unless already clarifying). Runs before `setNoticed`. */
const queueClarify = c.assign(({ context, event }) => ({
  clarify: [...context.clarify, ...(event.type === 'NOTICED' ? toClarify(context, event) : [])],
  resume: context.place === 'clarify' ? context.resume : (context.place ?? 'consent'),
}));

const reaskClarify = c.enqueueActions(({ context, enqueue }) => {
  if (context.asking) enqueue({ type: 'ask', params: { questionId: context.asking } });
});

/**
 * What a message with red flags in the patient's own words does, in any state (CONTRACT §5):
 * an emergency flag, or a combination of rules 2–4 it completes → the emergency outcome at
 * once; words that only might mean a flag, a question about a sign, a swollen calf → their
 * questions first, then back to where the conversation was; urgent and routine flags →
 * acknowledged and counted as answered. Crisis talk is answered in every case.
 */
export function noticedTransitions() {
  return [
    { guard: 'noticedEmergency', target: '#conversation.outcome', reenter: true, actions: [acknowledge, 'setNoticed'] },
    { guard: 'noticedQuestions', target: '#conversation.clarify', reenter: true, actions: [acknowledge, explainSigns, queueClarify, 'setNoticed'] },
    { actions: [acknowledge, explainSigns, 'setNoticed'] },
  ] as const;
}

const askClarify = c.enqueueActions(({ context, enqueue }) => {
  const flag = context.clarify[0];
  if (!flag) return;
  enqueue({ type: 'setAsking', params: { questionId: `redflag.${flag}`, place: 'clarify' } });
  enqueue({ type: 'ask', params: { questionId: `redflag.${flag}` } });
});

type Ctx = { context: ConversationContext; event: ConversationEvent };

/** The answer to the clarifying question; an earlier "yes" is never taken back by it. */
const clarifiedAnswer = ({ context, event }: Ctx): FlagAnswer => {
  const flag = context.clarify[0];
  const value = (event.type === 'ANSWER' ? event.value : 'unsure') as FlagAnswer;
  return flag && context.answers[flag] === 'yes' ? 'yes' : value;
};

/** What is left to ask after this answer: a swollen calf confirmed brings `redflag.breathless` (rule 4). */
const queueAfter = ({ context, event }: Ctx) => {
  const rest = context.clarify.slice(1);
  const calf = context.clarify[0] === 'calf_swelling' && clarifiedAnswer({ context, event }) === 'yes';
  return calf && breathlessUnknown(context) && !rest.includes('breathless') ? [...rest, 'breathless' as const] : rest;
};

const setClarified = c.assign(({ context, event }) => ({
  answers: context.clarify[0] ? { ...context.answers, [context.clarify[0]]: clarifiedAnswer({ context, event }) } : context.answers,
  clarify: queueAfter({ context, event }),
}));

/** The answer makes it an emergency (an emergency flag confirmed, or the second finding of rules 2–4). */
const clarifiedEmergency = ({ context, event }: Ctx) => {
  const flag = context.clarify[0];
  return !!flag && emergencyWith(context, { [flag]: clarifiedAnswer({ context, event }) });
};

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
          { guard: and(['validAnswer', clarifiedEmergency]), target: 'outcome', actions: setClarified },
          { guard: and(['validAnswer', (x: Ctx) => queueAfter(x).length > 0]), target: 'clarify', reenter: true, actions: setClarified },
          { guard: 'validAnswer', target: 'resume', actions: setClarified },
        ],
        NOTICED: [
          { guard: 'noticedEmergency', target: 'outcome', actions: [acknowledge, 'setNoticed'] },
          { actions: [acknowledge, explainSigns, queueClarify, 'setNoticed', reaskClarify] },
        ],
      },
    }),
    resume: c.createStateConfig({ always: goBackTo(resumable, (context) => context.resume) }),
  };
}
