import { assertEvent } from 'xstate';
import { base } from '../conversation.base.js';
import type { ConversationContext, ConversationEvent } from '../conversation.setup.js';
import type { FlagAnswer } from './decide.js';
import { breathlessUnknown, emergencyWith, signsToExplain, toClarify } from './facts.js';

type Args = { context: ConversationContext; event: ConversationEvent };

/** Crisis talk first (a calm message with the crisis line), then what was noticed. */
export const acknowledge = base.enqueueActions(({ event, enqueue }) => {
  assertEvent(event, 'NOTICED');
  if (event.crisis) enqueue({ type: 'say', params: { id: 'crisis' } });
  if (event.others.length) enqueue({ type: 'say', params: { id: 'noticed', flags: event.others } });
});

/** A question about a sign gets a short plain answer: what it is, and where to go if it happens (CLINICAL §2f). */
export const explainSigns = base.enqueueActions(({ context, event, enqueue }) => {
  assertEvent(event, 'NOTICED');
  for (const flag of signsToExplain(context, event))
    enqueue({ type: 'say', params: { id: `sign.${flag}`, flags: [flag] } });
});

/** Queues what is left to ask. Runs before `setNoticed`. */
export const queueClarify = base.assign(({ context, event }) => {
  assertEvent(event, 'NOTICED');
  return { clarify: [...context.clarify, ...toClarify(context, event)] };
});

/** The clarifying question pending, again (after free text that added to the queue). */
export const reaskClarify = base.enqueueActions(({ context, enqueue }) => {
  if (context.asking) enqueue({ type: 'ask', params: { questionId: context.asking } });
});

/** The first queued clarifying question. */
export const askClarify = base.enqueueActions(({ context, enqueue }) => {
  const flag = context.clarify[0];
  if (!flag) return;
  enqueue({ type: 'setAsking', params: { questionId: `redflag.${flag}`, place: 'clarify' } });
  enqueue({ type: 'ask', params: { questionId: `redflag.${flag}` } });
});

const isFlagAnswer = (v: unknown): v is FlagAnswer => v === 'yes' || v === 'no' || v === 'unsure';

/** The answer to the clarifying question; an earlier "yes" is never taken back by it. */
function clarifiedAnswer({ context, event }: Args): FlagAnswer {
  assertEvent(event, 'ANSWER');
  const flag = context.clarify[0];
  const value = isFlagAnswer(event.value) ? event.value : 'unsure';
  return flag && context.answers[flag] === 'yes' ? 'yes' : value;
}

/** What is left to ask after this answer: a swollen calf confirmed brings `redflag.breathless` (rule 4). */
function queueAfter(args: Args) {
  const { context } = args;
  const rest = context.clarify.slice(1);
  const calf = context.clarify[0] === 'calf_swelling' && clarifiedAnswer(args) === 'yes';
  return calf && breathlessUnknown(context) && !rest.includes('breathless') ? [...rest, 'breathless' as const] : rest;
}

/** The clarifying answer into `answers`, and the queue moved on. */
export const setClarified = base.assign((args) => ({
  answers: args.context.clarify[0]
    ? { ...args.context.answers, [args.context.clarify[0]]: clarifiedAnswer(args) }
    : args.context.answers,
  clarify: queueAfter(args),
}));

/** Guards of the clarifying questions. */
export const clarifyGuards = {
  /** The answer makes it an emergency (an emergency flag confirmed, or the second finding of rules 2–4). */
  clarifiedEmergency: (args: Args) => {
    const flag = args.context.clarify[0];
    return !!flag && emergencyWith(args.context, { [flag]: clarifiedAnswer(args) });
  },
  /** More clarifying questions remain after this answer. */
  moreToClarify: (args: Args) => queueAfter(args).length > 0,
};
