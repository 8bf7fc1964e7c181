import { questionSpec, type QuestionId } from './questions.js';
import { decide, type AskableFinding, type FlagAnswer, type Finding, type TriageDecision } from './triage/decide.js';
import { isFlagId, type FlagId } from './triage/red-flags.js';
import type { History } from './checkin/history.js';
import type { CheckinEntry, CheckinReport } from './checkin/report.js';
import type { WalkAnswer } from './exercise/walks.js';
import type { RunAnswer } from './exercise/running.js';

/** Commands a user can give at any point (CONTRACT §5). */
export const COMMANDS = [
  'help',
  'restart',
  'stop',
  'checkin',
  'exercises',
  'progress',
  'language',
  'forget_me',
] as const;
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
  /**
   * Where the conversation rests (`<compound>.<state>`): tells the bot whether the next answer
   * needs the history (`needsHistory`). Detours come back through history states, not through it.
   */
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
  keep: Pick<ConversationContext, 'country' | 'emergencyLock' | 'consented' | 'canRemind' | 'urgentDay' | 'language'> &
    Partial<Pick<ConversationContext, 'earlier' | 'carer'>>,
): ConversationContext {
  return {
    asking: null,
    age: null,
    answers: {},
    earlier: [],
    carer: false,
    painLeft: null,
    painRight: null,
    score: null,
    weeks: null,
    outcome: null,
    clarify: [],
    place: null,
    today: null,
    outcomeDay: null,
    session: [],
    smallerRange: [],
    physioReview: false,
    walk: null,
    run: null,
    report: null,
    exercise: null,
    ...keep,
  };
}

/** True when `value` is a valid answer to the question (the machine's own defence; understand checks too). */
export function isValidAnswer(questionId: QuestionId, value: AnswerValue): boolean {
  const spec = questionSpec(questionId);
  const values = spec.choices?.map((c) => c.value) ?? [];
  if (spec.kind === 'number')
    return (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= (spec.min ?? -Infinity) &&
      value <= (spec.max ?? Infinity)
    );
  if (spec.kind === 'multi') return Array.isArray(value) && value.every((v) => values.includes(v));
  return typeof value === 'string' && values.includes(value);
}

/** The check-in's screen decision (CES questions, one-sided weakness, the pain map). */
export function decideCheckin(context: ConversationContext): TriageDecision {
  return decide({
    answers: context.answers,
    earlier: context.earlier,
    painLeft: context.painLeft,
    painRight: context.painRight,
  });
}

/** What this check-in's questions gave, as its report reads it. */
export function checkinEntry(context: ConversationContext): CheckinEntry {
  const flags = decideCheckin(context).flags.filter(isFlagId);
  return {
    left: context.painLeft ?? 0,
    right: context.painRight ?? 0,
    score: context.score ?? 0,
    flags,
    walk: context.walk,
    run: context.run,
  };
}

/** The choices offered for the pending question when only some of the catalog's are. */
export function offeredChoices(context: Pick<ConversationContext, 'asking' | 'session'>): string[] | null {
  return context.asking === 'exercise.pick' ? [...context.session, 'done'] : null;
}
