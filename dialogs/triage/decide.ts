import { EMERGENCY_FLAGS, URGENT_FLAGS, ROUTINE_FLAGS, type Disposition, type FlagId } from './red-flags.js';
import { bothLegs } from '../pain.js';

/** An answer to one red-flag question. */
export type FlagAnswer = 'yes' | 'no' | 'unsure';

/** What the screen learned: the input of the decision rules. */
export interface TriageFacts {
  answers: Partial<Record<FlagId, FlagAnswer>>;
  age?: number | null;
  weeks?: number | null;
  painLeft?: number | null;
  painRight?: number | null;
}

export interface TriageDecision {
  disposition: Disposition;
  /** Flags that drove the disposition. */
  flags: FlagId[];
  /** Emergency flags answered "not sure". */
  unsure: FlagId[];
  underAge: boolean;
}

/** Age below which NICE NG59 does not apply (CLINICAL scope). */
export const MIN_AGE = 16;
/** Weeks after which the episode counts as chronic (CLINICAL §2d rule 6). */
export const CHRONIC_WEEKS = 12;

/**
 * The decision rules of CLINICAL.md §2d, applied in order; the first match wins.
 * Pure: the same facts always give the same decision. A pain score never changes it.
 */
export function decide(facts: TriageFacts): TriageDecision {
  const yes = (f: FlagId) => facts.answers[f] === 'yes';
  // Invariant of §3: both legs to the thigh or further means bilateral sciatica.
  const answers = bothLegs(facts.painLeft, facts.painRight) ? { ...facts.answers, bilateral_sciatica: 'yes' as const } : facts.answers;
  const isYes = (f: FlagId) => answers[f] === 'yes';
  const unsure = EMERGENCY_FLAGS.filter((f) => answers[f] === 'unsure');
  const underAge = facts.age != null && facts.age < MIN_AGE;
  const result = (disposition: Disposition, flags: FlagId[]): TriageDecision => ({ disposition, flags, unsure, underAge });

  const emergency = EMERGENCY_FLAGS.filter(isYes);
  if (emergency.length) return result('emergency', emergency);
  if (yes('cancer_history') && yes('progressive_weakness')) return result('emergency', ['cancer_history', 'progressive_weakness']);
  if (yes('fever') && yes('progressive_weakness')) return result('emergency', ['fever', 'progressive_weakness']);

  const urgent = URGENT_FLAGS.filter(yes);
  // "Not sure" on an emergency question is at least urgent (CLINICAL §2).
  if (urgent.length || unsure.length) return result('urgent', [...urgent, ...unsure]);

  const routine = ROUTINE_FLAGS.filter(yes);
  const chronic = facts.weeks != null && facts.weeks > CHRONIC_WEEKS;
  if (routine.length || underAge || chronic) return result('routine', routine);
  return result('self_care', []);
}
