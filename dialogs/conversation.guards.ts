import { assertEvent } from 'xstate';
import { bothLegs, isPainLevel, painLevel } from './pain.js';
import { breathlessUnknown, emergencyWith, groupAnswers, noticedIsEmergency, toClarify } from './triage/facts.js';
import type { FlagGroup, FlagId } from './triage/red-flags.js';
import { historyOf } from './checkin/history.js';
import { runDue, walkDue } from './checkin/report.js';
import { exercisesAllowed, stepsOf } from './exercise/exercise.rules.js';
import { respond } from './exercise/response-rules.js';
import {
  decideCheckin,
  isValidAnswer,
  type Command,
  type ConversationContext,
  type ConversationEvent,
} from './conversation.setup.js';

type Args = { context: ConversationContext; event: ConversationEvent };

const picked = (event: ConversationEvent): string[] => {
  assertEvent(event, 'ANSWER');
  return Array.isArray(event.value) ? event.value : [];
};

/** Every guard of the dialog, by name (CLINICAL §2d, §3, §5, §6 where they decide). */
export const conversationGuards = {
  /** The event answers the question being asked, with a valid value. */
  validAnswer: ({ context, event }: Args) =>
    event.type === 'ANSWER' && event.questionId === context.asking && isValidAnswer(event.questionId, event.value),
  /** The event answers another question, or has an invalid value: it changes nothing. */
  invalidAnswer: ({ context, event }: Args) =>
    !(event.type === 'ANSWER' && event.questionId === context.asking && isValidAnswer(event.questionId, event.value)),
  /** The answer equals one value (yes/no questions and the like). */
  answerIs: ({ event }: Args, params: { value: string }) => {
    assertEvent(event, 'ANSWER');
    return event.value === params.value;
  },
  /** The answer is a number below `max`. */
  answerBelow: ({ event }: Args, params: { max: number }) => {
    assertEvent(event, 'ANSWER');
    return typeof event.value === 'number' && event.value < params.max;
  },
  /** The answer is a number above `min`. */
  answerAbove: ({ event }: Args, params: { min: number }) => {
    assertEvent(event, 'ANSWER');
    return typeof event.value === 'number' && event.value > params.min;
  },
  /** The right-side answer makes both legs reach the thigh or further (an emergency). */
  bothLegsWith: ({ context, event }: Args) => {
    assertEvent(event, 'ANSWER');
    return isPainLevel(event.value) && bothLegs(context.painLeft, painLevel(event.value));
  },
  /** Free text gives the emergency outcome now: an emergency flag, or a combination of rules 2–4 it completes. */
  noticedEmergency: ({ context, event }: Args) => {
    assertEvent(event, 'NOTICED');
    return noticedIsEmergency(context, event);
  },
  /** Free text leaves something to ask: a hinted emergency flag, a sign asked about, breathlessness after a swollen calf. */
  noticedQuestions: ({ context, event }: Args) => {
    assertEvent(event, 'NOTICED');
    return toClarify(context, event).length > 0;
  },
  /** A group's answer makes it an emergency now (rules 2–4 with what was said before). */
  groupEmergency: ({ context, event }: Args, params: { group: FlagGroup }) =>
    emergencyWith(context, groupAnswers(context, params.group, picked(event))),
  /** A group's answer affirms a swollen calf, and breathlessness is still to be asked (rule 4). */
  groupNeedsBreathless: ({ context, event }: Args) =>
    picked(event).includes('calf_swelling') && breathlessUnknown(context),
  /** An emergency question already answered (in a clarifying question): skip it in the screen. */
  flagAnswered: ({ context }: Args, params: { flag: FlagId }) => context.answers[params.flag] !== undefined,
  /** Clarifying questions are queued (after free text, or `breathless` after a swollen calf). */
  clarifyPending: ({ context }: Args) => context.clarify.length > 0,
  countryKnown: ({ context }: Args) => context.country !== null,
  consented: ({ context }: Args) => context.consented,
  canRemind: ({ context }: Args) => context.canRemind,
  /** A self-care or routine outcome where reminders can be sent: the reminder question follows. */
  offerReminder: ({ context }: Args) =>
    ['self_care', 'routine'].includes(context.outcome?.disposition ?? '') && context.canRemind,
  /** `checkin.walk` is due: phase 2 or later, from the history the answer carries (CLINICAL §5). */
  walkDue: ({ context, event }: Args) => walkDue(historyOf(event, context.today)),
  /** `checkin.run` is due: phase 3, and a walk-run stage was given at an earlier check-in. */
  runDue: ({ context, event }: Args) => runDue(historyOf(event, context.today)),
  /** The check-in's screen calls for care today or now: the outcome, as in the intake. */
  checkinNeedsCare: ({ context }: Args) => ['emergency', 'urgent'].includes(decideCheckin(context).disposition),
  /** Today's session is empty (every exercise resting, dropped, excluded or off). */
  noSession: ({ context }: Args) => context.session.length === 0,
  /** Today's session suggests a physio review (an exercise was dropped). */
  physioReview: ({ context }: Args) => context.physioReview,
  /** The command given is `command`. */
  commandIs: ({ event }: Args, params: { command: Command }) =>
    event.type === 'COMMAND' && event.command === params.command,
  /** CLINICAL §6: exercises for today's self-care or routine outcome only. */
  exercisesAllowed: ({ context }: Args) => exercisesAllowed(context),
  /** Exercises wait for a clinician's clearance after an emergency (not asked twice in a row). */
  exercisesLocked: ({ context }: Args) => context.emergencyLock && context.asking !== 'clinician.cleared',
  /** The picked exercise is one of today's session. */
  inSession: ({ context, event }: Args) => {
    assertEvent(event, 'ANSWER');
    return context.session.includes(String(event.value));
  },
  /** The exercise walked through has a step after this one. */
  moreSteps: ({ context }: Args) => (context.exercise?.step ?? 0) + 1 < stepsOf(context).length,
  /** The pain spread further down the leg during the exercise (CLINICAL §3). */
  spread: ({ context, event }: Args) => {
    assertEvent(event, 'ANSWER');
    const before = context.exercise?.before;
    return before != null && isPainLevel(event.value) && respond(before, painLevel(event.value)) === 'peripheralized';
  },
  /** New numbness or weakness after a history of cancer: rule 2, the emergency at once (CLINICAL §2d). */
  newDeficitEmergency: ({ context }: Args) => emergencyWith(context, { new_leg_deficit: 'yes' }),
};
