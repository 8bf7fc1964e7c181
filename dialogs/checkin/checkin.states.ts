import { and } from 'xstate';
import { askActions, conversationSetup, type ConversationContext } from '../conversation.setup.js';
import { CES_FLAGS, type EmergencyFlag } from '../triage/red-flags.js';
import { decide } from '../triage/decide.js';
import { foldEarlier } from '../triage/facts.js';
import { groupAnswerTransitions } from '../triage/intake.states.js';

const c = conversationSetup;

/** The check-in asks the seven cauda equina questions again (CLINICAL §2), then one-sided weakness, then the pain map. */
const CHECKIN_STATES = [...CES_FLAGS.map((f) => `ci_${f}`), 'ci_nerves', 'ci_pain_left', 'ci_pain_right', 'ci_pain_score'];
const next = (name: string) => CHECKIN_STATES[CHECKIN_STATES.indexOf(name) + 1] ?? 'checkinDone';

/** The first state of a check-in. */
export const CHECKIN_FIRST = CHECKIN_STATES[0]!;

/**
 * A check-in is a fresh screen: earlier answers don't carry over (CES can develop at any time),
 * but what was affirmed still counts for the combination rules 2–4 (`earlier`).
 */
export const startCheckin = c.assign(({ context }) => ({ answers: {}, earlier: foldEarlier(context), painLeft: null, painRight: null, score: null, outcome: null, clarify: [], resume: null, age: context.age }));

function cesState(flag: EmergencyFlag) {
  const name = `ci_${flag}`;
  return c.createStateConfig({
    entry: askActions(`redflag.${flag}`, name),
    on: {
      ANSWER: [
        { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]), target: '#conversation.outcome', actions: { type: 'setFlagAnswer', params: { flag } } },
        { guard: 'validAnswer', target: next(name), actions: { type: 'setFlagAnswer', params: { flag } } },
      ],
    },
  });
}

const decideCheckin = ({ context }: { context: ConversationContext }) =>
  decide({ answers: context.answers, earlier: context.earlier, painLeft: context.painLeft, painRight: context.painRight });

/**
 * Return visits (CLINICAL §3): the offer, the re-screen, the pain map, the record and report.
 * A red flag ends in the outcome as in the intake; otherwise the check-in is recorded and the
 * bot reports the trend against earlier check-ins.
 */
export function checkinStates() {
  const states: Record<string, ReturnType<typeof c.createStateConfig>> = {};
  for (const flag of CES_FLAGS) states[`ci_${flag}`] = cesState(flag);
  states.ci_nerves = c.createStateConfig({
    entry: askActions('redflags.nerves', 'ci_nerves'),
    on: { ANSWER: [...groupAnswerTransitions('nerves', next('ci_nerves'))] },
  });
  states.ci_pain_left = c.createStateConfig({
    entry: askActions('pain.left', 'ci_pain_left'),
    on: { ANSWER: { guard: 'validAnswer', target: next('ci_pain_left'), actions: { type: 'setPain', params: { side: 'left' } } } },
  });
  states.ci_pain_right = c.createStateConfig({
    entry: askActions('pain.right', 'ci_pain_right'),
    on: {
      ANSWER: [
        { guard: and(['validAnswer', 'bothLegsWith']), target: '#conversation.outcome', actions: { type: 'setPain', params: { side: 'right' } } },
        { guard: 'validAnswer', target: next('ci_pain_right'), actions: { type: 'setPain', params: { side: 'right' } } },
      ],
    },
  });
  states.ci_pain_score = c.createStateConfig({
    entry: askActions('pain.score', 'ci_pain_score'),
    on: { ANSWER: { guard: 'validAnswer', target: 'checkinDone', actions: { type: 'setNumber', params: { field: 'score' } } } },
  });
  states.checkinDone = c.createStateConfig({
    entry: [
      { type: 'rest', params: { place: 'home' } },
      {
        type: 'record',
        params: ({ context }) => ({
          kind: 'checkin' as const,
          data: { left: context.painLeft, right: context.painRight, level: Math.max(context.painLeft ?? 0, context.painRight ?? 0), score: context.score, flags: decideCheckin({ context }).flags },
        }),
      },
      { type: 'checkin', params: ({ context }) => ({ left: context.painLeft ?? 0, right: context.painRight ?? 0, score: context.score ?? 0 }) },
    ],
    // An urgent flag (new one-sided weakness, uncontrolled pain, a swollen calf) gives the outcome.
    always: [{ guard: ({ context }) => ['emergency', 'urgent'].includes(decideCheckin({ context }).disposition), target: '#conversation.outcome' }, { target: 'afterCheckin' }],
  });
  states.afterCheckin = c.createStateConfig({
    entry: c.assign(({ context }) => ({ outcome: decideCheckin({ context }), outcomeDay: context.today })),
    always: [{ guard: ({ context }) => context.canRemind, target: 'q_reminder' }, { target: 'home' }],
  });
  return states;
}

/** The offer that opens a return visit, the reminder question, and the resting state. */
export function returnStates() {
  return {
    q_checkin_start: c.createStateConfig({
      entry: [{ type: 'say', params: { id: 'welcome_back' } }, ...askActions('checkin.start')],
      on: {
        ANSWER: [
          { guard: and(['validAnswer', { type: 'answerIs', params: { value: 'yes' } }]), target: CHECKIN_FIRST, actions: startCheckin },
          { guard: 'validAnswer', target: 'home', actions: { type: 'say', params: { id: 'checkin_later' } } },
        ],
      },
    }),
    q_reminder: c.createStateConfig({
      entry: askActions('reminder.days', 'q_reminder'),
      on: {
        ANSWER: [
          { guard: and(['validAnswer', ({ event }) => event.type === 'ANSWER' && typeof event.value === 'number' && event.value > 0]), target: 'home', actions: [{ type: 'reminder', params: ({ event }) => ({ days: Number(event.type === 'ANSWER' ? event.value : 0) }) }, { type: 'say', params: { id: 'reminder_set' } }] },
          { guard: 'validAnswer', target: 'home', actions: { type: 'say', params: { id: 'reminder_none' } } },
        ],
      },
    }),
    home: c.createStateConfig({
      entry: { type: 'rest', params: { place: 'home' } },
      on: { ANSWER: { actions: { type: 'say', params: { id: 'home_hint' } } }, UNREADABLE: { actions: { type: 'say', params: { id: 'home_hint' } } } },
    }),
  };
}
