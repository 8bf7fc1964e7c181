import { assign } from 'xstate';
import { askActions, conversationSetup, freshContext, stateOf, type ConversationContext } from './conversation.setup.js';
import { decide } from './triage/decide.js';
import { intakeStates, onboardingStates } from './triage/intake.states.js';
import { clarifyStates, noticedTransitions } from './triage/free-text.states.js';

/**
 * Bumped whenever states or context change shape: a stored snapshot of another version is
 * not resumed (the conversation restarts politely).
 */
export const MACHINE_VERSION = 3;

const c = conversationSetup;

const decideNow = ({ context }: { context: ConversationContext }) =>
  decide({ answers: context.answers, age: context.age, weeks: context.weeks, painLeft: context.painLeft, painRight: context.painRight });

/** Puts the pending question again (after `help` or a command that doesn't move on). */
const reask = c.enqueueActions(({ context, enqueue }) => {
  if (context.asking) enqueue({ type: 'ask', params: { questionId: context.asking } });
});

/** An answer the bot couldn't read: the same question with a hint, or a pointer to `help`. */
const reaskWithHint = c.enqueueActions(({ context, enqueue }) => {
  if (context.asking) enqueue({ type: 'ask', params: { questionId: context.asking, hint: true } });
  else enqueue({ type: 'say', params: { id: 'idle' } });
});

/** After the outcome: an emergency stays pinned (shown again); otherwise a short pointer. */
const repeatOutcome = c.enqueueActions(({ context, enqueue }) => {
  if (context.outcome?.disposition === 'emergency') enqueue({ type: 'outcome', params: context.outcome });
  else enqueue({ type: 'say', params: { id: 'outcome_after' } });
});

/** What exercises the user may have now (CLINICAL §6: never while an emergency or urgent flag is unresolved). */
function exercisesMessage(context: ConversationContext): string {
  const d = context.outcome?.disposition;
  if (context.emergencyLock || d === 'emergency' || d === 'urgent') return 'exercises_locked';
  if (!context.outcome) return 'exercises_after_screen';
  if (context.outcome.underAge) return 'exercises_clinician';
  return 'exercises_coming';
}

/**
 * The outcome, and a triage record when it is a new one (coming back to the outcome after a
 * detour, with nothing changed, records nothing twice).
 */
const decideAndRecord = c.enqueueActions(({ context, enqueue }) => {
  const outcome = decideNow({ context });
  const changed = JSON.stringify(outcome) !== JSON.stringify(context.outcome);
  enqueue.assign({ outcome, emergencyLock: context.emergencyLock || outcome.disposition === 'emergency' });
  enqueue({ type: 'outcome', params: outcome });
  if (!changed) return;
  const { age, country, painLeft, painRight, score, weeks } = context;
  enqueue({ type: 'record', params: { kind: 'triage', data: { disposition: outcome.disposition, flags: outcome.flags, unsure: outcome.unsure, age, country, painLeft, painRight, score, weeks } } });
});

const offerNext = c.enqueueActions(({ context, enqueue }) => {
  const d = context.outcome?.disposition;
  if (d === 'self_care' || d === 'routine') enqueue({ type: 'say', params: { id: exercisesMessage(context) } });
});

const exercisesAnswer = c.enqueueActions(({ context, enqueue }) => {
  enqueue({ type: 'say', params: { id: exercisesMessage(context) } });
});

const onboarding = onboardingStates();
const intake = intakeStates();
/** States a conversation can go back to after clarifying questions. */
const RESUMABLE = [...Object.keys(onboarding).filter((n) => n !== 'locate'), ...Object.keys(intake), 'outcome', 'stopped', 'declined', 'q_language'];

/** Where the conversation stands, to come back to after a detour (a language choice). */
const here = ({ context }: { context: ConversationContext }) => (context.asking ? stateOf(context.asking) : context.outcome ? 'outcome' : 'consent');

/**
 * The root conversation machine: onboarding and consent, the triage intake, the outcome, and
 * the commands that work at any point. Pure: run it with `initialTransition`/`transition`.
 */
export const conversationMachine = c.createMachine({
  id: 'conversation',
  initial: 'consent',
  context: ({ input }) => freshContext({ country: input.country ?? null, emergencyLock: false }),
  states: {
    ...onboarding,
    ...intake,
    ...clarifyStates(RESUMABLE),
    outcome: {
      entry: [{ type: 'setAsking', params: { questionId: null } }, decideAndRecord, offerNext],
      on: {
        ANSWER: { actions: repeatOutcome },
        UNREADABLE: { actions: repeatOutcome },
        REASK: { actions: repeatOutcome },
        NOTICED: noticedTransitions('outcome'),
      },
    },
    q_language: {
      entry: askActions('language'),
      on: {
        ANSWER: {
          guard: 'validAnswer',
          target: 'resumeAfterLanguage',
          actions: [{ type: 'profile', params: ({ event }) => ({ patch: { language: String(event.type === 'ANSWER' ? event.value : 'en') } }) }, { type: 'say', params: { id: 'language_set' } }],
        },
      },
    },
    resumeAfterLanguage: {
      always: [...RESUMABLE.map((name) => ({ guard: ({ context }: { context: ConversationContext }) => context.languageResume === name, target: name })), { target: 'consent' }],
    },
    stopped: {
      entry: [{ type: 'setAsking', params: { questionId: null } }, { type: 'say', params: { id: 'stopped' } }],
      on: {
        ANSWER: { actions: { type: 'say', params: { id: 'stopped_again' } } },
        UNREADABLE: { actions: { type: 'say', params: { id: 'stopped_again' } } },
        NOTICED: noticedTransitions('stopped'),
      },
    },
  },
  on: {
    COMMAND: [
      { guard: ({ event }) => event.command === 'help', actions: [{ type: 'say', params: { id: 'help' } }, reask] },
      {
        guard: ({ event }) => event.command === 'restart',
        target: '.consent',
        reenter: true,
        actions: [assign(({ context }) => freshContext({ country: context.country, emergencyLock: context.emergencyLock })), { type: 'say', params: { id: 'restarted' } }],
      },
      { guard: ({ event }) => event.command === 'stop', target: '.stopped' },
      { guard: ({ event }) => event.command === 'exercises', actions: [exercisesAnswer, reask] },
      { guard: ({ event }) => event.command === 'language', target: '.q_language', actions: assign({ languageResume: ({ context }) => (context.asking === 'language' ? context.languageResume : here({ context })) }) },
      { actions: [{ type: 'say', params: ({ event }) => ({ id: `command_coming.${event.command}` }) }, reask] },
    ],
    ANSWER: { actions: reaskWithHint },
    UNREADABLE: { actions: reaskWithHint },
    REASK: { actions: reask },
    NOTICED: noticedTransitions(),
  },
});
