import { assign, setup } from 'xstate';
import { questionSpec, type QuestionId } from './questions.js';
import { bothLegs, painLevel, type PainLevelId } from './pain.js';
import type { FlagGroup } from './triage/red-flags.js';
import { breathlessUnknown, emergencyWith, groupAnswers, noticedAnswers, noticedIsEmergency, toClarify } from './triage/facts.js';
import { decide, type AskableFinding, type FlagAnswer, type Finding, type TriageDecision } from './triage/decide.js';
import { isFlagId, type FlagId } from './triage/red-flags.js';
import type { AskIntent, CheckinIntent, OutcomeIntent, ProfileIntent, ProgressIntent, RecordIntent, ReminderIntent, SayIntent } from './intents.js';
import { historyOf, type History } from './checkin/history.js';
import { checkinReport, runDue, walkDue, type CheckinEntry, type CheckinReport } from './checkin/report.js';
import { planSession, responseNow } from './exercise/plan.js';
import type { WalkAnswer } from './exercise/walks.js';
import type { RunAnswer } from './exercise/running.js';

/** Commands a user can give at any point (CONTRACT §5). */
export const COMMANDS = ['help', 'restart', 'stop', 'checkin', 'exercises', 'progress', 'language', 'forget_me'] as const;
export type Command = (typeof COMMANDS)[number];

/** An answer's value: a choice value, a number, or the values picked in a `multi` question. */
export type AnswerValue = string | number | string[];

/** Red flags (and crisis talk) recognised in free text, at any moment (CONTRACT §5). */
export interface NoticedEvent {
  type: 'NOTICED';
  /** Emergency-tier flags stated plainly: the emergency outcome at once. */
  emergency: FlagId[];
  /** Emergency-tier flags the words only might mean: their question first. */
  possible: FlagId[];
  /** Urgent- and routine-tier flags: acknowledged and counted as answered "yes". */
  others: FlagId[];
  crisis: boolean;
  /** Flags asked about or raised hypothetically: a short plain answer, then their question (CLINICAL §2f). */
  asked?: FlagId[];
  /** The flags are about someone the writer speaks for: from now on the bot speaks of "the person with the pain". */
  carer?: boolean;
  /** Shortness of breath, affirmed (rule 4 with a swollen calf). */
  breathless?: boolean;
}

/**
 * Answers and commands carry the user's `history` when the bot loaded it for this turn (see
 * `needsHistory`): a check-in's trend, today's session and the progress view are decided from it.
 */
export type ConversationEvent =
  | { type: 'ANSWER'; questionId: QuestionId; value: AnswerValue; history?: History }
  | { type: 'UNREADABLE' }
  /** The pending question again, without a hint (after something noticed in free text, or a greeting). */
  | { type: 'REASK' }
  /** A button's answer to a question that is no longer pending (an older card): it changes nothing. */
  | { type: 'STALE' }
  | { type: 'COMMAND'; command: Command; history?: History }
  /** The bot's calendar day (YYYY-MM-DD), sent when it changed: screens count for the day they were made. */
  | { type: 'DAY'; today: string }
  | NoticedEvent;

export interface ConversationContext {
  /** The question waiting for an answer, if any. */
  asking: QuestionId | null;
  /** The state the conversation rests in (asking, or showing an outcome): where a detour comes back to. */
  place: string | null;
  country: string | null;
  age: number | null;
  answers: Partial<Record<Finding, FlagAnswer>>;
  /**
   * Findings affirmed earlier in this conversation that `answers` no longer holds (a check-in or
   * a restart starts a fresh screen): they still count for the combination rules 2–4.
   */
  earlier: Finding[];
  /** The user writes for someone else (CLINICAL §2f): questions and outcomes speak of "the person with the pain". */
  carer: boolean;
  painLeft: number | null;
  painRight: number | null;
  score: number | null;
  weeks: number | null;
  outcome: TriageDecision | null;
  /** Set by an emergency outcome; survives `restart`, so exercises stay off (CLINICAL §6). */
  emergencyLock: boolean;
  /** Findings to ask about one by one (`clarify` state): hinted at or asked about in free text, or `breathless` after a swollen calf. */
  clarify: AskableFinding[];
  /** The state to go back to after the clarifying questions. */
  resume: string | null;
  /** The state to go back to after a detour (choosing a language, confirming a deletion). */
  detour: string | null;
  /** Consent given (in this conversation or an earlier one). */
  consented: boolean;
  /** The bot's day when the last event arrived, and the day of the outcome in `outcome`. */
  today: string | null;
  /** The day of the latest urgent outcome: exercises stay off that day, whatever follows. */
  urgentDay: string | null;
  /** The language the user chose (`language`), kept here so turns needn't read the profile. */
  language: string | null;
  outcomeDay: string | null;
  /** Today's exercise session and those to do in a smaller range. */
  session: string[];
  smallerRange: string[];
  /** An exercise was dropped after spreading twice: the session suggests a physio review. */
  physioReview: boolean;
  /** This check-in's walking answers (`checkin.walk`, `checkin.run`), when asked. */
  walk: WalkAnswer | null;
  run: RunAnswer | null;
  /** The report of the latest check-in of this conversation: trend, consequence, phase, walk-run advice. */
  report: CheckinReport | null;
  /** The exercise being walked through: its step (0-based) and the pain level before. */
  exercise: { id: string; step: number; before: number | null } | null;
  canRemind: boolean;
}

export interface ConversationInput {
  /** Country already known (from the channel's locale or the user's profile). */
  country?: string | null;
  /** A user who consented and was screened before: the conversation starts as a check-in. */
  returning?: boolean;
  /** An emergency outcome not yet cleared by a clinician (kept in the user's profile). */
  emergencyLock?: boolean;
  /** False where the channel can't take proactive messages (no reminders offered). */
  canRemind?: boolean;
  /** The day of an urgent outcome of the user's, if it was today: no exercises today. */
  urgentDay?: string | null;
  /** The language the user chose earlier (`language` command), if any. */
  language?: string | null;
  /** Findings of the user's earlier screens that never lapse (a history of cancer), for rules 2–4. */
  earlier?: Finding[];
}

/** A fresh context; `keep` carries what a restart must not forget. */
export function freshContext(
  keep: Pick<ConversationContext, 'country' | 'emergencyLock' | 'consented' | 'canRemind' | 'urgentDay' | 'language'> & Partial<Pick<ConversationContext, 'earlier' | 'carer'>>,
): ConversationContext {
  return { asking: null, age: null, answers: {}, earlier: [], carer: false, painLeft: null, painRight: null, score: null, weeks: null, outcome: null, clarify: [], resume: null, detour: null, place: null, today: null, outcomeDay: null, session: [], smallerRange: [], physioReview: false, walk: null, run: null, report: null, exercise: null, ...keep };
}

/** True when `value` is a valid answer to the question (the machine's own defence; understand checks too). */
export function isValidAnswer(questionId: QuestionId, value: AnswerValue): boolean {
  const spec = questionSpec(questionId);
  const values = spec.choices?.map((c) => c.value) ?? [];
  if (spec.kind === 'number') return typeof value === 'number' && Number.isFinite(value) && value >= (spec.min ?? -Infinity) && value <= (spec.max ?? Infinity);
  if (spec.kind === 'multi') return Array.isArray(value) && value.every((v) => values.includes(v));
  return typeof value === 'string' && values.includes(value);
}

type AnswerEvent = Extract<ConversationEvent, { type: 'ANSWER' }>;
const answerOf = (event: ConversationEvent): AnswerEvent | undefined => (event.type === 'ANSWER' ? event : undefined);

/** The check-in's screen decision (CES questions, one-sided weakness, the pain map). */
export function decideCheckin(context: ConversationContext): TriageDecision {
  return decide({ answers: context.answers, earlier: context.earlier, painLeft: context.painLeft, painRight: context.painRight });
}

/** What this check-in's questions gave, as its report reads it. */
function checkinEntry(context: ConversationContext): CheckinEntry {
  const flags = decideCheckin(context).flags.filter(isFlagId);
  return { left: context.painLeft ?? 0, right: context.painRight ?? 0, score: context.score ?? 0, flags, walk: context.walk, run: context.run };
}

/**
 * The machines' vocabulary: intent actions (`say`, `ask`, `outcome`, `profile`, `record`) do
 * nothing when run; their resolved params are the intents the bot renders and records.
 */
export const conversationSetup = setup({
  types: {} as { context: ConversationContext; events: ConversationEvent; input: ConversationInput },
  actions: {
    say: (_, _params: Omit<SayIntent, 'type'>) => {},
    ask: (_, _params: Omit<AskIntent, 'type'>) => {},
    outcome: (_, _params: Omit<OutcomeIntent, 'type'>) => {},
    profile: (_, _params: Omit<ProfileIntent, 'type'>) => {},
    record: (_, _params: Omit<RecordIntent, 'type'>) => {},
    checkin: (_, _params: Omit<CheckinIntent, 'type'>) => {},
    reminder: (_, _params: Omit<ReminderIntent, 'type'>) => {},
    progress: (_, _params: Omit<ProgressIntent, 'type'>) => {},
    forget: () => {},
    setAsking: assign((_, params: { questionId: QuestionId; place: string }) => ({ asking: params.questionId, place: params.place })),
    /** A state that asks nothing: no question pending, and the place to come back to. */
    rest: assign((_, params: { place: string }) => ({ asking: null, place: params.place })),
    setFlagAnswer: assign(({ context, event }, params: { flag: FlagId }) => ({
      answers: { ...context.answers, [params.flag]: answerOf(event)?.value as FlagAnswer },
    })),
    setGroupAnswers: assign(({ context, event }, params: { group: FlagGroup }) => {
      const picked = answerOf(event)?.value;
      const chosen = Array.isArray(picked) ? picked : [];
      // A flag the patient already told us about in their own words stays "yes".
      return { answers: { ...context.answers, ...groupAnswers(context, params.group, chosen) } };
    }),
    setPain: assign(({ event }, params: { side: 'left' | 'right' }) => {
      const level = painLevel(answerOf(event)?.value as PainLevelId);
      return params.side === 'left' ? { painLeft: level } : { painRight: level };
    }),
    setNumber: assign(({ event }, params: { field: 'age' | 'score' | 'weeks' }) => ({ [params.field]: answerOf(event)?.value as number })),
    /** Flags stated in free text count as answered "yes"; a carer's words make the bot speak of "the person with the pain". */
    setNoticed: assign(({ context, event }) => {
      if (event.type !== 'NOTICED') return {};
      return { answers: { ...context.answers, ...noticedAnswers(event) }, carer: context.carer || event.carer === true };
    }),
    setCountry: assign(({ event }) => ({ country: answerOf(event)?.value as string })),
    /** A walking answer of the check-in (`checkin.walk` or `checkin.run`). */
    setWalking: assign(({ event }, params: { field: 'walk' | 'run' }) => ({ [params.field]: answerOf(event)?.value })),
    /** The check-in's report, decided from the history the answer that ends it carries (CLINICAL §3, §5). */
    reportCheckin: assign(({ context, event }) => ({ report: checkinReport(historyOf(event, context.today), checkinEntry(context)) })),
    /**
     * Today's session from the history the event carries (CLINICAL §5), for this conversation's
     * latest screen; `justDone` adds the response to the exercise this very answer ends.
     */
    planSession: assign(({ context, event }, params: { justDone: boolean }) => {
      const history = historyOf(event, context.today);
      const after = answerOf(event)?.value;
      const done = params.justDone && typeof after === 'string' ? responseNow(context.exercise, painLevel(after as PainLevelId), context.smallerRange, history.at) : null;
      const plan = planSession(history, { answers: context.answers, disposition: context.outcome?.disposition ?? null }, done ? [done] : []);
      return { session: plan.ids, smallerRange: plan.smallerRange, physioReview: plan.physioReview };
    }),
    /** Queues `redflag.breathless` (rule 4, after a swollen calf) and the state to go on to after it. */
    queueBreathless: assign(({ context }, params: { resume: string }) => ({
      clarify: context.clarify.includes('breathless') ? context.clarify : [...context.clarify, 'breathless' as const],
      resume: params.resume,
    })),
  },
  guards: {
    /** The event answers the question being asked, with a valid value. */
    validAnswer: ({ context, event }) => {
      const a = answerOf(event);
      return !!a && a.questionId === context.asking && isValidAnswer(a.questionId, a.value);
    },
    /** The answer equals one value (yes/no questions and the like). */
    answerIs: ({ event }, params: { value: string }) => answerOf(event)?.value === params.value,
    /** The answer is a number below `max`. */
    answerBelow: ({ event }, params: { max: number }) => {
      const v = answerOf(event)?.value;
      return typeof v === 'number' && v < params.max;
    },
    /** The right-side answer makes both legs reach the thigh or further (an emergency). */
    bothLegsWith: ({ context, event }) => {
      const v = answerOf(event)?.value;
      return typeof v === 'string' && bothLegs(context.painLeft, painLevel(v as PainLevelId));
    },
    /** Free text gives the emergency outcome now: an emergency flag, or a combination of rules 2–4 it completes. */
    noticedEmergency: ({ context, event }) => event.type === 'NOTICED' && noticedIsEmergency(context, event),
    /** Free text leaves something to ask: a hinted emergency flag, a sign asked about, breathlessness after a swollen calf. */
    noticedQuestions: ({ context, event }) => event.type === 'NOTICED' && toClarify(context, event).length > 0,
    /** A group's answer makes it an emergency now (rules 2–4 with what was said before). */
    groupEmergency: ({ context, event }, params: { group: FlagGroup }) => {
      const picked = answerOf(event)?.value;
      return emergencyWith(context, groupAnswers(context, params.group, Array.isArray(picked) ? picked : []));
    },
    /** A group's answer affirms a swollen calf, and breathlessness is still to be asked (rule 4). */
    groupNeedsBreathless: ({ context, event }) => {
      const picked = answerOf(event)?.value;
      return Array.isArray(picked) && picked.includes('calf_swelling') && breathlessUnknown(context);
    },
    /** An emergency question already answered (in a clarifying question): skip it in the screen. */
    flagAnswered: ({ context }, params: { flag: FlagId }) => context.answers[params.flag] !== undefined,
    countryKnown: ({ context }) => context.country !== null,
    /** `checkin.walk` is due: phase 2 or later, from the history the answer carries (CLINICAL §5). */
    walkDue: ({ context, event }) => walkDue(historyOf(event, context.today)),
    /** `checkin.run` is due: phase 3, and a walk-run stage was given at an earlier check-in. */
    runDue: ({ context, event }) => runDue(historyOf(event, context.today)),
    /** The check-in's screen calls for care today or now: the outcome, as in the intake. */
    checkinNeedsCare: ({ context }) => ['emergency', 'urgent'].includes(decideCheckin(context).disposition),
    /** Today's session is empty (every exercise resting, dropped, excluded or off). */
    noSession: ({ context }) => context.session.length === 0,
    /** Today's session suggests a physio review (an exercise was dropped). */
    physioReview: ({ context }) => context.physioReview,
  },
});

/** The choices offered for the pending question when only some of the catalog's are. */
export function offeredChoices(context: Pick<ConversationContext, 'asking' | 'session'>): string[] | null {
  return context.asking === 'exercise.pick' ? [...context.session, 'done'] : null;
}

/** State name of a question (dots would be read as state paths). */
export const stateOf = (id: QuestionId): string => `q_${id.replace(/\./g, '_')}`;

/** The two actions that put a question to the user and remember it is pending, and where. */
export function askActions(questionId: QuestionId, place: string = stateOf(questionId)) {
  return [
    { type: 'setAsking', params: { questionId, place } },
    { type: 'ask', params: { questionId } },
  ] as const;
}
