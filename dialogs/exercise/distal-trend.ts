/**
 * A small local copy of the check-in trend rules of CLINICAL.md §3, so the programme doesn't
 * depend on dialogs/checkin/trend.ts while that is being written. Same definitions: `most_distal`
 * is the max of the sides, a leg is involved from the thigh down (level ≥ 3), and a sustained
 * peripheralization is two spreads in a row or ≥ 2 levels from the window's baseline.
 */
import type { FlagId } from '../triage/red-flags.js';

/** One check-in, oldest first in every history. */
export interface CheckinPoint {
  /** When it was recorded (ISO 8601). */
  at: string;
  /** How far the pain reaches on each side, levels 0–5 of `PAIN_LEVELS`. */
  left: number;
  right: number;
  /** Leg pain 0–10. */
  score: number;
  /**
   * Red flags answered yes (or not sure) in this check-in's screen; `[]` for a clear screen.
   * Left out, the screen counts as unknown and the programme does not move on.
   */
  flags?: readonly FlagId[];
}

/** Trend between two check-ins (§3). */
export type PairTrend = 'centralizing' | 'peripheralizing' | 'stable';

const INVOLVED = 3;

/** `most_distal` of §3: the further-reaching side. */
export function mostDistal(p: Pick<CheckinPoint, 'left' | 'right'>): number {
  return Math.max(p.left, p.right);
}

function secondLeg(prev: Pick<CheckinPoint, 'left' | 'right'>, now: Pick<CheckinPoint, 'left' | 'right'>): boolean {
  const inv = (l: number) => l >= INVOLVED;
  const newly = (a: number, b: number) => !inv(a) && inv(b);
  return (newly(prev.left, now.left) && (inv(prev.right) || inv(now.right))) || (newly(prev.right, now.right) && (inv(prev.left) || inv(now.left)));
}

/** Trend from one check-in to the next (§3); a newly involved second leg is a spread. */
export function compare(prev: Pick<CheckinPoint, 'left' | 'right'>, now: Pick<CheckinPoint, 'left' | 'right'>): PairTrend {
  const d = mostDistal(now) - mostDistal(prev);
  if (d >= 1 || secondLeg(prev, now)) return 'peripheralizing';
  return d <= -1 ? 'centralizing' : 'stable';
}

/**
 * Sustained peripheralization at the last check-in of a window of 2–3 check-ins (oldest =
 * baseline): the last step spreads, and the step before spread too or `most_distal` is ≥ 2
 * levels above the baseline. Two check-ins are enough, so a big early spread is not missed.
 */
export function sustainedSpread(window: readonly CheckinPoint[]): boolean {
  const n = window.length;
  const now = window[n - 1];
  const prev = window[n - 2];
  const base = window[0];
  if (!now || !prev || !base || compare(prev, now) !== 'peripheralizing') return false;
  if (n >= 3 && compare(base, prev) === 'peripheralizing') return true;
  return mostDistal(now) - mostDistal(base) >= 2;
}
