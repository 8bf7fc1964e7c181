import type { Disposition, FlagId } from './triage/red-flags.js';
import type { Finding } from './triage/decide.js';
import type { QuestionId } from './questions.js';
import type { WalkStep } from './exercise/walkthrough.js';
import type { Centralization, CheckinPoint } from './checkin/trend.js';

/** Something the bot says that is not a question; `id` is a key under locales/<lng>/messages.json. */
export interface SayIntent {
  type: 'say';
  id: string;
  /** Flags the message is about (e.g. the ones noticed in free text). */
  flags?: FlagId[];
}

/** A question; `hint` when the previous answer could not be read. */
export interface AskIntent {
  type: 'ask';
  questionId: QuestionId;
  hint?: boolean;
  /** The choices offered, when only some of the catalog's are (`exercise.pick`). */
  offered?: string[];
  /** The exercise step this question walks through (`exercise.step`). */
  step?: WalkStep;
}

/** The outcome of a screening (CONTRACT §4 `channelData.triage`). */
export interface OutcomeIntent {
  type: 'outcome';
  disposition: Disposition;
  /** Findings that drove the disposition (answered yes, or "not sure"; both findings of rules 2–4). */
  flags: Finding[];
  /** Emergency-tier questions answered "not sure": the message adds "if it is true, go now". */
  unsure: Finding[];
  /** Under 16: outside the guideline's scope, see a clinician. */
  underAge: boolean;
}

/** Facts to remember about the user (no free text). */
export interface ProfileIntent {
  type: 'profile';
  patch: { consent?: 'agree' | 'decline'; age?: number; country?: string; language?: string; emergency?: boolean };
}

/** An append-only record of the user (the bot adds the time). */
export interface RecordIntent {
  type: 'record';
  kind: 'triage' | 'checkin' | 'exercise';
  data: Record<string, unknown>;
}

/** A check-in's report: its trend against the point before (CONTRACT §4 `channelData.centralization`). */
export interface CheckinIntent {
  type: 'checkin';
  centralization: Centralization;
}

/** Remind the user to check in after `days` days (a proactive message). */
export interface ReminderIntent {
  type: 'reminder';
  days: number;
}

/** Show the user's progress (chart or text): the points of the trend, the intake's first. */
export interface ProgressIntent {
  type: 'progress';
  points: CheckinPoint[];
}

/** Delete everything stored about the user (confirmed). */
export interface ForgetIntent {
  type: 'forget';
}

/** What a machine emits: ids and numbers only, never words. */
export type Intent =
  | SayIntent
  | AskIntent
  | OutcomeIntent
  | ProfileIntent
  | RecordIntent
  | CheckinIntent
  | ReminderIntent
  | ProgressIntent
  | ForgetIntent;

export const INTENT_TYPES = [
  'say',
  'ask',
  'outcome',
  'profile',
  'record',
  'checkin',
  'reminder',
  'progress',
  'forget',
] as const;
