import { and } from 'xstate';
import { askActions, conversationSetup, freshContext, type Command, type ConversationContext } from './conversation.setup.js';
import { intakeStates, onboardingStates } from './triage/intake.states.js';
import { clarifyStates, goBackTo, noticedTransitions } from './triage/free-text.states.js';
import { foldEarlier } from './triage/facts.js';
import { CHECKIN_FIRST, checkinStates, returnStates, startCheckin } from './checkin/checkin.states.js';
import { decideAndRecord, exercisesAnswer, offerNext, reask, reaskWithHint, repeatOutcome } from './outcome.actions.js';
import { exerciseStates, exercisesAllowed, planToday } from './exercise/exercise.states.js';
import { historyOf } from './checkin/history.js';

/**
 * Bumped whenever states or context change shape: a stored snapshot of another version is
 * not resumed (the conversation restarts politely).
 */
export const MACHINE_VERSION = 8;

const c = conversationSetup;

const onboarding = onboardingStates();
const intake = intakeStates();
const checkin = checkinStates();
const returning = returnStates();
const exercises = exerciseStates();

/** States a conversation can go back to after clarifying questions or a detour. */
const PLACES = [
  ...Object.keys(onboarding).filter((n) => n !== 'locate'),
  ...Object.keys(intake),
  ...Object.keys(checkin).filter((n) => n !== 'checkinDone' && n !== 'afterCheckin'),
  ...Object.keys(returning),
  ...Object.keys(exercises).filter((n) => n !== 'ex_plan'),
  'outcome',
  'stopped',
  'clarify',
  'q_cleared',
  'q_language',
  'q_forget',
];

const is = (command: Command) => ({ event }: { event: { type: string; command?: Command } }) => event.command === command;

/** Remembers where to come back to after a detour, unless already in it. */
const enterDetour = (detourState: string) => c.assign({ detour: ({ context }) => (context.place === detourState ? context.detour : context.place) });


/**
 * The root conversation machine: onboarding and consent, the triage intake, return visits,
 * the outcome, and the commands and red-flag words that work at any point. Pure: run it with
 * `initialTransition`/`transition`.
 */
export const conversationMachine = c.createMachine({
  id: 'conversation',
  initial: 'start',
  context: ({ input }) =>
    freshContext({
      country: input.country ?? null,
      emergencyLock: input.emergencyLock ?? false,
      consented: input.returning ?? false,
      canRemind: input.canRemind ?? true,
      urgentDay: input.urgentDay ?? null,
      language: input.language ?? null,
      earlier: input.earlier ?? [],
    }),
  states: {
    start: { always: [{ guard: ({ context }) => context.consented, target: 'q_checkin_start' }, { target: 'consent' }] },
    ...onboarding,
    ...intake,
    ...checkin,
    ...returning,
    ...exercises,
    ...clarifyStates(PLACES),
    outcome: {
      entry: [{ type: 'rest', params: { place: 'outcome' } }, decideAndRecord, offerNext],
      always: { guard: and([({ context }) => ['self_care', 'routine'].includes(context.outcome?.disposition ?? ''), ({ context }) => context.canRemind]), target: 'q_reminder' },
      on: { ANSWER: { actions: repeatOutcome }, UNREADABLE: { actions: repeatOutcome }, REASK: { actions: repeatOutcome } },
    },
    stopped: {
      entry: [{ type: 'rest', params: { place: 'stopped' } }, { type: 'say', params: { id: 'stopped' } }],
      on: { ANSWER: { actions: { type: 'say', params: { id: 'stopped_again' } } }, UNREADABLE: { actions: { type: 'say', params: { id: 'stopped_again' } } } },
    },
    q_language: {
      entry: askActions('language', 'q_language'),
      on: {
        ANSWER: {
          guard: 'validAnswer',
          target: 'back',
          actions: [
            c.assign({ language: ({ event }) => String(event.type === 'ANSWER' ? event.value : 'en') }),
            { type: 'profile', params: ({ event }) => ({ patch: { language: String(event.type === 'ANSWER' ? event.value : 'en') } }) },
            { type: 'say', params: { id: 'language_set' } },
          ],
        },
      },
    },
    q_forget: {
      entry: askActions('forget.confirm', 'q_forget'),
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'delete' } }]), target: 'forgotten', actions: [{ type: 'forget' }, { type: 'say', params: { id: 'forgotten' } }] },
          { guard: 'validAnswer', target: 'back', actions: { type: 'say', params: { id: 'forget_kept' } } },
        ],
      },
    },
    // CLINICAL §6: after an emergency, exercise coaching stays off until the user confirms a
    // clinician has assessed them.
    q_cleared: {
      entry: askActions('clinician.cleared', 'q_cleared'),
      on: {
        ANSWER: [
          {
            guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]),
            target: 'back',
            actions: [c.assign({ emergencyLock: false }), { type: 'profile', params: { patch: { emergency: false } } }, { type: 'say', params: { id: 'clinician_cleared' } }],
          },
          { guard: 'validAnswer', target: 'back', actions: { type: 'say', params: { id: 'exercises_locked' } } },
        ],
      },
    },
    // Nothing is kept after a deletion; the next message starts a new conversation.
    forgotten: { entry: { type: 'rest', params: { place: 'forgotten' } } },
    back: { always: goBackTo(PLACES, (context: ConversationContext) => context.detour) },
  },
  on: {
    COMMAND: [
      { guard: is('help'), actions: [{ type: 'say', params: { id: 'help' } }, reask] },
      {
        guard: is('restart'),
        target: '.start',
        reenter: true,
        actions: [
          c.assign(({ context }) => {
            const { country, emergencyLock, canRemind, urgentDay, language, today, carer } = context;
            // What was affirmed still counts for rules 2–4, and a carer still writes for the same person.
            return { ...freshContext({ country, emergencyLock, canRemind, urgentDay, language, consented: false, carer, earlier: foldEarlier(context) }), today };
          }),
          { type: 'say', params: { id: 'restarted' } },
        ],
      },
      { guard: is('stop'), target: '.stopped' },
      { guard: and([is('exercises'), ({ context }) => exercisesAllowed(context)]), target: '.ex_plan', actions: planToday },
      { guard: and([is('exercises'), ({ context }) => context.emergencyLock && context.place !== 'q_cleared']), target: '.q_cleared', actions: enterDetour('q_cleared') },
      { guard: is('exercises'), actions: [exercisesAnswer, reask] },
      { guard: is('language'), target: '.q_language', actions: enterDetour('q_language') },
      { guard: is('forget_me'), target: '.q_forget', actions: enterDetour('q_forget') },
      { guard: and([is('checkin'), ({ context }) => context.consented]), target: `.${CHECKIN_FIRST}`, actions: startCheckin },
      { guard: is('checkin'), actions: [{ type: 'say', params: { id: 'checkin_needs_consent' } }, reask] },
      // The points of the trend, the intake's first, from the history the command carries; the question stays pending.
      { guard: is('progress'), actions: [{ type: 'progress', params: ({ context, event }) => ({ points: historyOf(event, context.today).points }) }, reask] },
    ],
    ANSWER: { actions: reaskWithHint },
    UNREADABLE: { actions: reaskWithHint },
    REASK: { actions: reask },
    // Said briefly, then the question pending now (CONTRACT §3).
    STALE: { actions: [{ type: 'say', params: { id: 'stale_answer' } }, reask] },
    DAY: { actions: c.assign(({ event }) => (event.type === 'DAY' ? { today: event.today } : {})) },
    NOTICED: noticedTransitions(),
  },
});
