/**
 * The red-flag catalog of CLINICAL.md §2: ids, tiers and the order they are asked in.
 * Words live in locales/<lng>/questions.json under `redflag.<id>`.
 */

/** Disposition levels of CLINICAL.md §1, most serious first. */
export const DISPOSITIONS = ['emergency', 'urgent', 'routine', 'self_care'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Emergency tier (§2a): each asked on its own, in this order. */
export const EMERGENCY_FLAGS = [
  'saddle_anaesthesia',
  'urinary_retention',
  'urinary_incontinence',
  'bowel_incontinence',
  'sexual_dysfunction',
  'bilateral_sciatica',
  'bilateral_leg_weakness',
  'major_trauma',
  'aaa_symptoms',
  'chest_pain',
] as const;

/** Urgent tier (§2b). */
export const URGENT_FLAGS = [
  'fever',
  'infection_risk',
  'cancer_history',
  'weight_loss',
  'constant_night_pain',
  'progressive_weakness',
  'upper_back_pain',
  'back_deformity',
  'fragility_fracture',
  'calf_swelling',
  'uncontrolled_pain',
] as const;

/** Routine tier (§2c). */
export const ROUTINE_FLAGS = ['not_improving', 'age_new_onset', 'inflammatory_pattern'] as const;

export type EmergencyFlag = (typeof EMERGENCY_FLAGS)[number];
export type UrgentFlag = (typeof URGENT_FLAGS)[number];
export type RoutineFlag = (typeof ROUTINE_FLAGS)[number];
export type FlagId = EmergencyFlag | UrgentFlag | RoutineFlag;

/** The seven cauda equina questions re-asked at every check-in (CLINICAL §2). */
export const CES_FLAGS: readonly EmergencyFlag[] = EMERGENCY_FLAGS.slice(0, 7);

/**
 * Lower tiers are asked as small multi-select groups (`redflags.<group>`), small enough to fit
 * one SMS message with numbered options. Order: urgent groups first, then routine.
 */
export const FLAG_GROUPS = {
  infection: ['fever', 'infection_risk'],
  cancer: ['cancer_history', 'weight_loss', 'constant_night_pain'],
  nerves: ['progressive_weakness', 'uncontrolled_pain', 'calf_swelling'],
  bones: ['upper_back_pain', 'back_deformity', 'fragility_fracture'],
  routine: ['not_improving', 'age_new_onset', 'inflammatory_pattern'],
} as const satisfies Record<string, readonly (UrgentFlag | RoutineFlag)[]>;
export type FlagGroup = keyof typeof FLAG_GROUPS;
export const FLAG_GROUP_ORDER = Object.keys(FLAG_GROUPS) as FlagGroup[];

export type Tier = 'emergency' | 'urgent' | 'routine';

const TIER: Record<FlagId, Tier> = Object.fromEntries([
  ...EMERGENCY_FLAGS.map((f) => [f, 'emergency'] as const),
  ...URGENT_FLAGS.map((f) => [f, 'urgent'] as const),
  ...ROUTINE_FLAGS.map((f) => [f, 'routine'] as const),
]) as Record<FlagId, Tier>;

/** The tier a flag belongs to. */
export function tierOf(flag: FlagId): Tier {
  return TIER[flag];
}

/** All flag ids, emergency first. */
export const ALL_FLAGS: readonly FlagId[] = [...EMERGENCY_FLAGS, ...URGENT_FLAGS, ...ROUTINE_FLAGS];

/** Type guard for flag ids coming from outside (answers, stored records). */
export function isFlagId(value: unknown): value is FlagId {
  return typeof value === 'string' && value in TIER;
}
