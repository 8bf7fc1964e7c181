import { and } from 'xstate';
import { freshContext, type Command } from './conversation.setup.js';
import { conversationSetup } from './machine.setup.js';
import { intake, onboarding } from './triage/intake.states.js';
import { clarify, noticedTransitions } from './triage/free-text.states.js';
import { CHECKIN_FIRST, checkin } from './checkin/checkin.states.js';
import { exercises, planToday } from './exercise/exercise.states.js';
import { home, outcome, stopped } from './outcome.states.js';
import { cleared, forget, forgotten, language } from './detour.states.js';

/**
 * Bumped whenever states or context change shape: a stored snapshot of another version is
 * not resumed (the conversation restarts politely).
 */
export const MACHINE_VERSION = 9;

const is = (command: Command) => ({ type: 'commandIs', params: { command } }) as const;

/**
 * The root conversation machine. `main` holds the `flow` (onboarding → intake | checkin →
 * outcome → exercises, and the resting states) and the commands' detours (language, forget_me,
 * a clinician's clearance), which return into the flow through its history state (by way of a
 * clarifying question still queued). The clarifying questions that free text may call for sit
 * outside `main` and return through its history state: to the flow, or to a detour's question.
 * Pure: run it with `transition`.
 */
export const conversationMachine = conversationSetup.createMachine({
  id: 'conversation',
  initial: 'main',
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
    main: {
      initial: 'flow',
      states: {
        history: { id: 'mainHistory', type: 'history', history: 'deep' },
        flow: {
          initial: 'start',
          states: {
            history: { id: 'flowHistory', type: 'history', history: 'deep' },
            start: { id: 'start', always: [{ guard: 'consented', target: '#checkin' }, { target: '#onboarding' }] },
            onboarding,
            intake,
            checkin,
            outcome,
            exercises,
            home,
            stopped,
          },
        },
        language,
        forget,
        cleared,
        forgotten,
        // After a command's detour: a clarifying question still queued first, then the flow where it stood.
        resume: { id: 'resume', always: [{ guard: 'clarifyPending', target: '#clarify' }, { target: '#flowHistory' }] },
      },
    },
    clarify,
  },
  on: {
    COMMAND: [
      { guard: is('help'), actions: [{ type: 'say', params: { id: 'help' } }, 'reask'] },
      {
        guard: is('restart'),
        target: '#start',
        reenter: true,
        actions: ['restartContext', { type: 'say', params: { id: 'restarted' } }],
      },
      { guard: is('stop'), target: '#stopped' },
      { guard: and([is('exercises'), 'exercisesAllowed']), target: '#exercises', actions: planToday },
      { guard: and([is('exercises'), 'exercisesLocked']), target: '#cleared' },
      { guard: is('exercises'), actions: ['exercisesAnswer', 'reask'] },
      { guard: is('language'), target: '#language' },
      { guard: is('forget_me'), target: '#forget' },
      { guard: and([is('checkin'), 'consented']), target: CHECKIN_FIRST, actions: 'startCheckin' },
      { guard: is('checkin'), actions: [{ type: 'say', params: { id: 'checkin_needs_consent' } }, 'reask'] },
      // The points of the trend, the intake's first, from the history the command carries; the question stays pending.
      { guard: is('progress'), actions: ['showProgress', 'reask'] },
    ],
    ANSWER: { actions: 'reaskWithHint' },
    UNREADABLE: { actions: 'reaskWithHint' },
    REASK: { actions: 'reask' },
    // Said briefly, then the question pending now (CONTRACT §3).
    STALE: { actions: [{ type: 'say', params: { id: 'stale_answer' } }, 'reask'] },
    DAY: { actions: 'setDay' },
    NOTICED: [...noticedTransitions],
  },
});
