/**
 * The data one message is turned into, step by step: mentions of concepts, context cues and their
 * scopes, findings and verdicts. `detect` keeps only the outcome; `explain` returns all of it.
 */
import type { FlagId } from '../../../dialogs/triage/red-flags.js';
import type { Category } from '../red-flag-lists.js';
import type { Language } from '../language.js';
import type { RuleTier, SignalId } from './rule-syntax.js';

/** Inclusive token span. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Whether two spans share a token. */
export const overlaps = (a: Span, b: Span): boolean => a.start <= b.end && b.start <= a.end;

/** Whether token `k` lies in `s`. */
export const within = (s: Span, k: number): boolean => s.start <= k && k <= s.end;

/** Whether `owned` starts inside or right after `owner` and runs past it ("my husband" + "husband's mate"). */
export const ownedBy = (owned: Span, owner: Span): boolean =>
  owned.start > owner.start && owned.start <= owner.end + 1 && owned.end > owner.end;

/** A concept found in the message. */
export interface Mention extends Span {
  readonly concept: string;
  readonly lng: Language;
  /** The lexicon term that matched, as written in locales/ (with its region marks). */
  readonly term: string;
}

/** A context cue (ConText trigger) found in the message, and the tokens its scope covers. */
export interface Cue extends Span {
  readonly category: Category;
  readonly direction: 'forward' | 'backward' | 'both';
  readonly lng: Language;
  readonly term: string;
  /** Tokens the cue reaches; empty (`from > to`) for markers without a scope. */
  readonly from: number;
  readonly to: number;
  /** An "if" whose clause a plan for care follows ("si noto algo raro, me voy a urgencias"). */
  readonly planned?: boolean;
}

/** A fixed expression whose words never count ("weak at the knees"). */
export interface IdiomHit extends Span {
  readonly lng: Language;
  readonly term: string;
}

/**
 * What a finding comes to: `affirmed` (the tier of its rule), `possible` (ask the catalog
 * question), `asked` (a question or hypothetical), `other` (about someone else: kept only when the
 * writer speaks for them), `dropped` (negated, resolved, an idiom...).
 */
export type Verdict = 'affirmed' | 'possible' | 'asked' | 'other' | 'dropped';

/** A rule matched by mentions, judged in context. */
export interface Finding {
  readonly id: FlagId | SignalId;
  readonly tier: RuleTier | 'signal';
  readonly rule: string;
  readonly mentions: readonly Mention[];
  /** Every cue whose scope covers one of the mentions. */
  readonly cues: readonly Cue[];
  readonly verdict: Verdict;
  /** The cue that decided the verdict, if any. */
  readonly because: Cue | null;
}
