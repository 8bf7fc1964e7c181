import type { Disposition, FlagId } from './triage/red-flags.js';
import type { QuestionId } from './questions.js';

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
}

/** The outcome of a screening (CONTRACT §4 `channelData.triage`). */
export interface OutcomeIntent {
  type: 'outcome';
  disposition: Disposition;
  /** Flags that drove the disposition (answered yes, or "not sure" on an emergency flag). */
  flags: FlagId[];
  /** Emergency flags answered "not sure": the message adds "if it is true, go now". */
  unsure: FlagId[];
  /** Under 16: outside the guideline's scope, see a clinician. */
  underAge: boolean;
}

/** Facts to remember about the user (no free text). */
export interface ProfileIntent {
  type: 'profile';
  patch: { consent?: 'agree' | 'decline'; age?: number; country?: string; language?: string };
}

/** An append-only record of the user (the bot adds the time). */
export interface RecordIntent {
  type: 'record';
  kind: 'triage';
  data: Record<string, unknown>;
}

/** What a machine emits: ids and numbers only, never words. */
export type Intent = SayIntent | AskIntent | OutcomeIntent | ProfileIntent | RecordIntent;

export const INTENT_TYPES = ['say', 'ask', 'outcome', 'profile', 'record'] as const;
