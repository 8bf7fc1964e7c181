import { EMERGENCY_FLAGS, URGENT_FLAGS, ROUTINE_FLAGS, type Disposition, type FlagId } from './red-flags.js';
import { bothLegs } from '../pain.js';

/** An answer to one red-flag question. */
export type FlagAnswer = 'yes' | 'no' | 'unsure';

/**
 * Findings that are not catalog flags but feed the combination rules of CLINICAL §2d:
 * `breathless` (rule 4, question `redflag.breathless`) and `new_leg_deficit`, new numbness or
 * weakness in a leg (rule 2; reported after an exercise made the pain spread).
 */
export const EXTRA_FINDINGS = ['breathless', 'new_leg_deficit'] as const;
export type ExtraFinding = (typeof EXTRA_FINDINGS)[number];

/** A red flag of the catalog, or one of the extra findings. */
export type Finding = FlagId | ExtraFinding;

/** Findings with a yes/no question of their own (`redflag.<id>`, CONTRACT §3). */
export type AskableFinding = FlagId | 'breathless';

/** What the screen learned: the input of the decision rules. */
export interface TriageFacts {
  answers: Partial<Record<Finding, FlagAnswer>>;
  /**
   * Findings affirmed earlier in the conversation (in free text or answers), also those a
   * check-in's fresh screen no longer holds in `answers`. They count for the combination rules
   * 2–4 only (CLINICAL §2f: "however far apart the two mentions are"), never on their own.
   */
  earlier?: readonly Finding[];
  age?: number | null;
  weeks?: number | null;
  painLeft?: number | null;
  painRight?: number | null;
}

export interface TriageDecision {
  disposition: Disposition;
  /** Findings that drove the disposition (both findings for rules 2–4). */
  flags: Finding[];
  /** Emergency-tier questions answered "not sure" (emergency flags and `breathless`). */
  unsure: Finding[];
  underAge: boolean;
}

/** Age below which NICE NG59 does not apply (CLINICAL scope). */
export const MIN_AGE = 16;
/** Weeks after which the episode counts as chronic (CLINICAL §2d rule 6). */
const CHRONIC_WEEKS = 12;

/** Rules 2–4 of CLINICAL §2d: the pairs of findings that together are an emergency, in rule order. */
export const COMBINATIONS: readonly (readonly [Finding, Finding])[] = [
  ['cancer_history', 'progressive_weakness'],
  ['cancer_history', 'new_leg_deficit'],
  ['fever', 'progressive_weakness'],
  ['calf_swelling', 'breathless'],
  ['calf_swelling', 'chest_pain'],
];

/**
 * The decision rules of CLINICAL.md §2d, applied in order; the first match wins.
 * Pure: the same facts always give the same decision. A pain score never changes it.
 */
export function decide(facts: TriageFacts): TriageDecision {
  // Invariant of §3: both legs to the thigh or further means bilateral sciatica.
  const answers: Partial<Record<Finding, FlagAnswer>> = bothLegs(facts.painLeft, facts.painRight)
    ? { ...facts.answers, bilateral_sciatica: 'yes' }
    : facts.answers;
  const isYes = (f: Finding) => answers[f] === 'yes';
  const earlier = facts.earlier ?? [];
  const affirmed = (f: Finding) => isYes(f) || earlier.includes(f);
  const unsure = [...EMERGENCY_FLAGS, 'breathless' as const].filter((f) => answers[f] === 'unsure');
  const underAge = facts.age != null && facts.age < MIN_AGE;
  const result = (disposition: Disposition, flags: Finding[]): TriageDecision => ({
    disposition,
    flags,
    unsure,
    underAge,
  });
  // A pair counts when both findings were affirmed in the conversation and at least one of them in
  // this screen: two old findings alone already gave their emergency when the second was told.
  const pair = COMBINATIONS.find(([a, b]) => affirmed(a) && affirmed(b) && (isYes(a) || isYes(b)));

  const emergency: Finding[] = EMERGENCY_FLAGS.filter(isYes);
  if (emergency.length) {
    // A swollen calf with chest pain is rule 4 as well: the staff should hear of both.
    return result(
      'emergency',
      isYes('chest_pain') && affirmed('calf_swelling') ? [...emergency, 'calf_swelling'] : emergency,
    );
  }
  if (pair) return result('emergency', [...pair]);

  // "Not sure" on an emergency question is at least urgent (CLINICAL §2); on an urgent-tier one
  // (asked on its own after a question about the sign) it counts as urgent too [P, the cautious side].
  const urgent = URGENT_FLAGS.filter((f) => isYes(f) || answers[f] === 'unsure');
  if (urgent.length || unsure.length) return result('urgent', [...urgent, ...unsure]);

  const routine = ROUTINE_FLAGS.filter((f) => isYes(f) || answers[f] === 'unsure');
  const chronic = facts.weeks != null && facts.weeks > CHRONIC_WEEKS;
  if (routine.length || underAge || chronic) return result('routine', routine);
  return result('self_care', []);
}
