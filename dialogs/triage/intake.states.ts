import { and } from 'xstate';
import { askActions, conversationSetup, stateOf } from '../conversation.setup.js';

import type { QuestionId } from '../questions.js';
import { EMERGENCY_FLAGS, FLAG_GROUP_ORDER, type FlagGroup } from './red-flags.js';
import { MIN_AGE } from './decide.js';


const OUTCOME = '#conversation.outcome';

/** The order of the intake after consent: age, country, red flags by tier, pain map, score, weeks. */
export const SCREEN_ORDER: readonly QuestionId[] = [
  ...EMERGENCY_FLAGS.map((f) => `redflag.${f}` as const),
  ...FLAG_GROUP_ORDER.map((g) => `redflags.${g}` as const),
];
export const PAIN_ORDER: readonly QuestionId[] = ['pain.left', 'pain.right', 'pain.score', 'pain.weeks'];

const c = conversationSetup;

/** Puts an emergency question unless it was answered already (then `always` moves on). */
function askUnlessAnswered(flag: (typeof EMERGENCY_FLAGS)[number]) {
  return c.enqueueActions(({ context, enqueue }) => {
    if (context.answers[flag] !== undefined) return;
    enqueue({ type: 'setAsking', params: { questionId: `redflag.${flag}`, place: stateOf(`redflag.${flag}`) } });
    enqueue({ type: 'ask', params: { questionId: `redflag.${flag}` } });
  });
}

/** Emergency flags: one question each; "yes" goes straight to the outcome (CLINICAL §2d rule 1). */
function emergencyState(flag: (typeof EMERGENCY_FLAGS)[number], next: string) {
  return c.createStateConfig({
    // Already answered in a clarifying question (after free text): not asked twice.
    always: { guard: { type: 'flagAnswered', params: { flag } }, target: next },
    entry: askUnlessAnswered(flag),
    on: {
      ANSWER: [
        { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]), target: OUTCOME, actions: { type: 'setFlagAnswer', params: { flag } } },
        { guard: 'validAnswer', target: next, actions: { type: 'setFlagAnswer', params: { flag } } },
      ],
    },
  });
}

/**
 * The answers to a group question (`redflags.<group>`), and where they lead: an emergency at once
 * when they complete a combination of rules 2–4 with what was said before; `redflag.breathless`
 * first when a swollen calf is ticked (rule 4); else `next`. Also used by the check-in.
 */
export function groupAnswerTransitions(group: FlagGroup, next: string) {
  const set = { type: 'setGroupAnswers', params: { group } } as const;
  return [
    { guard: and(['validAnswer', { type: 'groupEmergency', params: { group } }]), target: OUTCOME, actions: set },
    { guard: and(['validAnswer', 'groupNeedsBreathless']), target: '#conversation.clarify', actions: [set, { type: 'queueBreathless', params: { resume: next === OUTCOME ? 'outcome' : next } }] },
    { guard: 'validAnswer', target: next, actions: set },
  ] as const;
}

function groupState(group: FlagGroup, next: string) {
  return c.createStateConfig({
    entry: askActions(`redflags.${group}`),
    on: { ANSWER: [...groupAnswerTransitions(group, next)] },
  });
}

/** The screen and the pain map as flat sibling states, in asking order. */
export function intakeStates() {
  const order = [...SCREEN_ORDER, ...PAIN_ORDER];
  const nextOf = (i: number) => (i + 1 < order.length ? stateOf(order[i + 1]!) : OUTCOME);
  const states: Record<string, ReturnType<typeof c.createStateConfig>> = {};
  EMERGENCY_FLAGS.forEach((flag, i) => (states[stateOf(`redflag.${flag}`)] = emergencyState(flag, nextOf(i))));
  FLAG_GROUP_ORDER.forEach((group, j) => (states[stateOf(`redflags.${group}`)] = groupState(group, nextOf(EMERGENCY_FLAGS.length + j))));
  const p = SCREEN_ORDER.length;
  states[stateOf('pain.left')] = c.createStateConfig({
    entry: askActions('pain.left'),
    on: { ANSWER: { guard: 'validAnswer', target: nextOf(p), actions: { type: 'setPain', params: { side: 'left' } } } },
  });
  states[stateOf('pain.right')] = c.createStateConfig({
    entry: askActions('pain.right'),
    on: {
      ANSWER: [
        { guard: and(['validAnswer', 'bothLegsWith']), target: OUTCOME, actions: { type: 'setPain', params: { side: 'right' } } },
        { guard: 'validAnswer', target: nextOf(p + 1), actions: { type: 'setPain', params: { side: 'right' } } },
      ],
    },
  });
  states[stateOf('pain.score')] = c.createStateConfig({
    entry: askActions('pain.score'),
    on: { ANSWER: { guard: 'validAnswer', target: nextOf(p + 2), actions: { type: 'setNumber', params: { field: 'score' } } } },
  });
  states[stateOf('pain.weeks')] = c.createStateConfig({
    entry: askActions('pain.weeks'),
    on: { ANSWER: { guard: 'validAnswer', target: OUTCOME, actions: { type: 'setNumber', params: { field: 'weeks' } } } },
  });
  return states;
}

const profileAge = { type: 'profile', params: ({ context }: { context: { age: number | null } }) => ({ patch: { age: context.age ?? undefined } }) } as const;

/** Onboarding before the screen: consent, age (under 16 → see a clinician, and still screened), country. */
export function onboardingStates() {
  const firstScreen = stateOf(SCREEN_ORDER[0]!);
  return {
    consent: c.createStateConfig({
      entry: [{ type: 'say', params: { id: 'welcome' } }, ...askActions('consent')],
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'agree' } }]), target: stateOf('age'), actions: [{ type: 'profile', params: { patch: { consent: 'agree' } } }, c.assign({ consented: true })] },
          { guard: 'validAnswer', target: 'declined', actions: { type: 'profile', params: { patch: { consent: 'decline' } } } },
        ],
      },
    }),
    declined: c.createStateConfig({
      entry: [{ type: 'rest', params: { place: 'declined' } }, { type: 'say', params: { id: 'consent_declined' } }],
    }),
    [stateOf('age')]: c.createStateConfig({
      entry: askActions('age'),
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerBelow', params: { max: MIN_AGE } }]), target: 'locate', actions: [{ type: 'setNumber', params: { field: 'age' } }, profileAge, { type: 'say', params: { id: 'age_under16' } }] },
          { guard: 'validAnswer', target: 'locate', actions: [{ type: 'setNumber', params: { field: 'age' } }, profileAge] },
        ],
      },
    }),
    locate: c.createStateConfig({ always: [{ guard: 'countryKnown', target: firstScreen }, { target: stateOf('country') }] }),
    [stateOf('country')]: c.createStateConfig({
      entry: askActions('country'),
      on: { ANSWER: { guard: 'validAnswer', target: firstScreen, actions: ['setCountry', { type: 'profile', params: ({ event }) => ({ patch: { country: String(event.type === 'ANSWER' ? event.value : '') } }) }] } },
    }),
  };
}
