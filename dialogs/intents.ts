import type { Disposition, FlagId } from './triage/red-flags.js';
import type { Finding } from './triage/decide.js';
import type { QuestionId } from './questions.js';
import type { WalkStep } from './exercise/walkthrough.js';

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

/**
 * A check-in's pain map, to report against the user's earlier check-ins. The machine doesn't
 * hold the history: the bot reads it after recording this one and computes the trend with the
 * pure rules of `dialogs/checkin/trend.ts`.
 */
export interface CheckinIntent {
  type: 'checkin';
  left: number;
  right: number;
  score: number;
}

/** Remind the user to check in after `days` days (a proactive message). */
export interface ReminderIntent {
  type: 'reminder';
  days: number;
}

/** Show the user's check-in history (chart or text). */
export interface ProgressIntent {
  type: 'progress';
}

/** Work out today's exercise session from the user's history; the bot answers with a SESSION event. */
export interface PlanSessionIntent {
  type: 'planSession';
}

/** Delete everything stored about the user (confirmed). */
export interface ForgetIntent {
  type: 'forget';
}

/** What a machine emits: ids and numbers only, never words. */
export type Intent = SayIntent | AskIntent | OutcomeIntent | ProfileIntent | RecordIntent | CheckinIntent | ReminderIntent | ProgressIntent | ForgetIntent | PlanSessionIntent;

export const INTENT_TYPES = ['say', 'ask', 'outcome', 'profile', 'record', 'checkin', 'reminder', 'progress', 'forget', 'planSession'] as const;
