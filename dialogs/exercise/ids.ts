/**
 * Ids of the exercise library (CLINICAL.md §4) and of everything an exercise refers to.
 * Words live in locales/<lng>/exercises.json; this file holds ids only.
 */
import type { FlagId } from '../triage/red-flags.js';

/** Exercise ids of CLINICAL §4, the cobra ladder as its three levels. Order = library order. */
export const EXERCISE_IDS = [
  'knee_to_chest',
  'standing_hamstring_stretch',
  'figure4_stretch',
  'prone_lying',
  'modified_cobra',
  'prone_press_up',
  'pelvic_tilt',
  'glute_bridge',
  'clamshell',
  'bird_dog',
  'tennis_ball_glute_release',
  'hamstring_self_massage',
  'calf_self_massage',
] as const;
export type ExerciseId = (typeof EXERCISE_IDS)[number];

/** Type guard for exercise ids coming from outside (answers, stored records). */
export function isExerciseId(value: unknown): value is ExerciseId {
  return typeof value === 'string' && (EXERCISE_IDS as readonly string[]).includes(value);
}

export const EXERCISE_KINDS = ['mobility', 'stretch', 'strength', 'massage'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

/** The direction the lower back moves in (directional preference, CLINICAL §3). */
export const DIRECTIONS = ['extension', 'flexion', 'neutral'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Programme phases of CLINICAL §5. */
export const PHASES = [1, 2, 3] as const;
export type Phase = (typeof PHASES)[number];

/**
 * How an exercise uses the sides of the body:
 * - `none`: done in the middle (no side);
 * - `both`: all sets on one side, then all sets on the other (the position changes, e.g. lying
 *   on the other side for clamshells, so the setup steps are repeated for the second side);
 * - `alternate`: each set is done on one side, then the other ("hold; swap").
 */
export const SIDE_MODES = ['both', 'alternate', 'none'] as const;
export type SideMode = (typeof SIDE_MODES)[number];

export type Side = 'left' | 'right';

/**
 * Conditions that are not red flags of the catalog but exclude exercises (CLINICAL §4 "Avoid",
 * §6 "Out of scope"). The lead decides how they are asked; each is a yes/no fact about the user:
 * - `pregnancy`: pregnant at any stage (§6: see a clinician first; no lying face down, §4 cobra);
 * - `recent_spine_surgery`: spine operation in the last 3 months (§6: see a clinician first);
 * - `hip_replacement`: a hip replacement the surgeon has not cleared for this stretch (§4);
 * - `stenosis`: a clinician said spinal stenosis or spondylolisthesis (§4 cobra: worse in
 *   extension). Only what a clinician said: the bot never diagnoses;
 * - `bleeding_risk`: blood thinners or a bleeding disorder (§4 tennis ball: avoid);
 * - `skin_problem`: bruising, broken skin or a skin infection where the massage would go (§4);
 * - `varicose_veins`: varicose veins in the legs (§4 calf massage: avoid).
 */
export const CONDITION_IDS = [
  'pregnancy',
  'recent_spine_surgery',
  'hip_replacement',
  'stenosis',
  'bleeding_risk',
  'skin_problem',
  'varicose_veins',
] as const;
export type ConditionId = (typeof CONDITION_IDS)[number];

/** Conditions that switch off every exercise until a clinician has cleared the user (§6). */
export const CLEARANCE_CONDITIONS: readonly ConditionId[] = ['pregnancy', 'recent_spine_surgery'];

/** What can exclude an exercise: a red flag of the catalog (answered yes or not sure) or a condition. */
export type ExclusionId = FlagId | ConditionId;

/** Caution ids; words under `exercises:cautions.<id>`. */
export const CAUTION_IDS = [
  'gentle',
  'no_bouncing',
  'breathe',
  'flexion_preference',
  'hip_replacement',
  'nerve_tension',
  'balance',
  'groin_pinch',
  'extension_caution',
  'back_stays_worse',
  'pregnancy',
  'no_over_arch',
  'cramp',
  'hip_pinch',
  'pad_knees',
  'ball_placement',
  'move_if_tingling',
  'moderate_pressure',
  'not_behind_knee',
  'stop_if_tingling',
  'calf_swelling',
  'varicose_veins',
] as const;
export type CautionId = (typeof CAUTION_IDS)[number];
