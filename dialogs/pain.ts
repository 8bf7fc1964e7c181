/** How far down the leg pain reaches (CLINICAL.md §3): the index is the level 0–5. */
export const PAIN_LEVELS = ['none', 'back', 'buttock', 'thigh', 'below_knee', 'foot'] as const;
export type PainLevelId = (typeof PAIN_LEVELS)[number];

/** Level 0–5 of a pain-map answer. */
export function painLevel(id: PainLevelId): number {
  return PAIN_LEVELS.indexOf(id);
}

/** `both_legs` of CLINICAL §3: both sides reach the thigh or further (means `bilateral_sciatica`). */
export function bothLegs(left: number | null | undefined, right: number | null | undefined): boolean {
  return (left ?? 0) >= 3 && (right ?? 0) >= 3;
}

/** True for a pain-map answer. */
export function isPainLevel(value: unknown): value is PainLevelId {
  return typeof value === 'string' && (PAIN_LEVELS as readonly string[]).includes(value);
}
