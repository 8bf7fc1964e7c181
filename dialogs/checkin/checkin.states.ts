import { and } from 'xstate';
import { askActions, conversationSetup, decideCheckin } from '../conversation.setup.js';
import { CES_FLAGS, type EmergencyFlag } from '../triage/red-flags.js';
import { foldEarlier } from '../triage/facts.js';
import { groupAnswerTransitions } from '../triage/intake.states.js';
import { programmeMessages, withConsequence } from './report.js';

const c = conversationSetup;

/** The check-in asks the seven cauda equina questions again (CLINICAL §2), then one-sided weakness, then the pain map. */
const CHECKIN_STATES = [...CES_FLAGS.map((f) => `ci_${f}`), 'ci_nerves', 'ci_pain_left', 'ci_pain_right', 'ci_pain_score'];
const next = (name: string) => CHECKIN_STATES[CHECKIN_STATES.indexOf(name) + 1] ?? 'checkinDone';

/** The first state of a check-in. */
export const CHECKIN_FIRST = CHECKIN_STATES[0]!;

/**
 * A check-in is a fresh screen: earlier answers don't carry over (CES can develop at any time),
 * but what was affirmed still counts for the combination rules 2–4 (`earlier`). It doesn't ask
 * `pain.weeks`: only an intake's record holds it, which is how the intake's pain map is told
 * from a check-in's (the baseline of the trend).
 */
export const startCheckin = c.assign(({ context }) => ({
  answers: {},
  earlier: foldEarlier(context),
  painLeft: null,
  painRight: null,
  score: null,
  weeks: null,
  walk: null,
  run: null,
  report: null,
  outcome: null,
  clarify: [],
  resume: null,
  age: context.age,
}));

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

/** The check-in's record and its report (the trend, CONTRACT §4), as decided by `reportCheckin`. */
const recordCheckin = c.enqueueActions(({ context, enqueue }) => {
  if (!context.report) return;
  enqueue({ type: 'record', params: { kind: 'checkin', data: context.report.record } });
  enqueue({ type: 'checkin', params: { centralization: context.report.centralization } });
});

/**
 * The check-in's outcome: the screen's decision, raised to `routine` by a sustained
 * peripheralization (CLINICAL §3), which is then given and recorded as an outcome; then what the
 * check-in changed in the programme (phase, walk-run stage).
 */
const settleCheckin = c.enqueueActions(({ context, enqueue }) => {
  const screen = decideCheckin(context);
  const report = context.report;
  const outcome = report ? withConsequence(screen, report.consequence) : screen;
  enqueue.assign({ outcome, outcomeDay: context.today });
  if (report && outcome !== screen) {
    enqueue({ type: 'outcome', params: outcome });
    const { disposition, flags, unsure } = outcome;
    enqueue({ type: 'record', params: { kind: 'triage', data: { disposition, flags, unsure, reason: 'sustained_peripheralization', stepBack: report.consequence.stepBack } } });
  }
  for (const id of report ? programmeMessages(report) : []) enqueue({ type: 'say', params: { id } });
});

/**
 * Return visits (CLINICAL §3, §5): the offer, the re-screen, the pain map, from phase 2 the
 * walking test (and, once running, the walk-run session), the record and the report. A red flag
 * ends in the outcome as in the intake; otherwise the check-in is recorded and reported against
 * the point before it (the intake's pain map for the first), with what the trend changes.
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
  const score = { type: 'setNumber', params: { field: 'score' } } as const;
  states.ci_pain_score = c.createStateConfig({
    entry: askActions('pain.score', 'ci_pain_score'),
    on: {
      ANSWER: [
        { guard: and(['validAnswer', 'walkDue']), target: 'ci_walk', actions: score },
        { guard: 'validAnswer', target: 'checkinDone', actions: score },
      ],
    },
  });
  const walk = { type: 'setWalking', params: { field: 'walk' } } as const;
  states.ci_walk = c.createStateConfig({
    entry: askActions('checkin.walk', 'ci_walk'),
    on: {
      ANSWER: [
        { guard: and(['validAnswer', 'runDue']), target: 'ci_run', actions: walk },
        { guard: 'validAnswer', target: 'checkinDone', actions: walk },
      ],
    },
  });
  states.ci_run = c.createStateConfig({
    entry: askActions('checkin.run', 'ci_run'),
    on: { ANSWER: { guard: 'validAnswer', target: 'checkinDone', actions: { type: 'setWalking', params: { field: 'run' } } } },
  });
  states.checkinDone = c.createStateConfig({
    entry: [{ type: 'rest', params: { place: 'home' } }, 'reportCheckin', recordCheckin],
    // An urgent flag (new one-sided weakness, uncontrolled pain, a swollen calf) gives the outcome.
    always: [{ guard: 'checkinNeedsCare', target: '#conversation.outcome' }, { target: 'afterCheckin' }],
  });
  states.afterCheckin = c.createStateConfig({
    entry: settleCheckin,
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
