/**
 * Trend of the pain map across check-ins (CLINICAL.md §3) and what it changes (§3, §5).
 * Pure: no I/O, no words. Every history is in time order, oldest first.
 */

/**
 * One point of the trend: how far the pain reaches on each side (levels 0–5 of `PAIN_LEVELS`) and
 * the 0–10 score, at a check-in or at the intake (the first point, CLINICAL §3).
 */
export interface CheckinPoint {
  /** When it was recorded (ISO 8601). */
  at: string;
  left: number;
  right: number;
  score: number;
  /** The intake's pain map (the baseline), not a check-in's. */
  intake?: boolean;
}

/** Trend label of CONTRACT §4. */
export type Trend = 'first' | 'centralizing' | 'peripheralizing' | 'stable';

/** `channelData.centralization` of CONTRACT §4. */
export interface Centralization {
  /** `most_distal` now, 0–5. */
  level: number;
  /** `most_distal` at the point before (a check-in, or the intake), or `null` when there is none. */
  previous: number | null;
  trend: Trend;
  sustained: boolean;
}

/** What a check-in's trend changes in the plan (CLINICAL §3). */
export interface Consequence {
  /** Set only when the trend calls for a clinician; other screens may raise it further. */
  disposition?: 'urgent' | 'routine';
  /** Drop back one exercise phase (§5). */
  stepBack: boolean;
  /** The trend part of the §5 gate is met: the programme may move on. */
  allowProgression: boolean;
}

/** A leg counts as involved when its pain reaches the thigh or further (level ≥ 3, as `both_legs`). */
const INVOLVED_LEVEL = 3;

/** Levels of change from the window's baseline that make a trend sustained (§3). */
const SUSTAINED_CHANGE = 2;

const DAY_MS = 24 * 60 * 60 * 1000;

/** `most_distal` of CLINICAL §3: the further-reaching side. */
export function mostDistal(p: Pick<CheckinPoint, 'left' | 'right'>): number {
  return Math.max(p.left, p.right);
}

/**
 * Whether a leg that was not involved at `prev` is involved at `now`, while the other leg is
 * or was involved. This covers a new leg on top of the first one (`both_legs`), and pain that
 * jumps from one leg to the other: both are new nerve territory, so both count.
 * A first leg becoming involved is not a *second* leg; its rise in `most_distal` already shows.
 */
export function newlyInvolvedSecondLeg(
  prev: Pick<CheckinPoint, 'left' | 'right'>,
  now: Pick<CheckinPoint, 'left' | 'right'>,
): boolean {
  const involved = (level: number) => level >= INVOLVED_LEVEL;
  const newly = (before: number, after: number) => !involved(before) && involved(after);
  const otherInvolved = (before: number, after: number) => involved(before) || involved(after);
  return (
    (newly(prev.left, now.left) && otherInvolved(prev.right, now.right)) ||
    (newly(prev.right, now.right) && otherInvolved(prev.left, now.left))
  );
}

/**
 * The trend from one check-in to the next. Peripheralization is checked first, so a new leg
 * wins over a drop in `most_distal` (e.g. foot on the left → thigh on the right).
 */
export function compare(
  prev: Pick<CheckinPoint, 'left' | 'right'>,
  now: Pick<CheckinPoint, 'left' | 'right'>,
): Exclude<Trend, 'first'> {
  const d = mostDistal(now) - mostDistal(prev);
  if (d >= 1 || newlyInvolvedSecondLeg(prev, now)) return 'peripheralizing';
  // The "distal symptom has gone" case (0 now, > 0 before) is d ≤ −1 on this integer scale.
  if (d <= -1) return 'centralizing';
  return 'stable';
}

/**
 * Is the trend of the last check-in sustained? The window is the last three check-ins, and its
 * baseline is the oldest of them. Sustained when the trend is centralizing or peripheralizing and
 * either
 *  - the step before had the same trend (the same direction twice in a row), or
 *  - `most_distal` has moved at least `SUSTAINED_CHANGE` levels from the baseline in that same
 *    direction.
 * Cautious on both sides: peripheralization may also be sustained with only two check-ins (the
 * first is the baseline), so a big early spread gets a review; centralization needs the full
 * window, so progression waits for a second look. A stable or first check-in is never sustained,
 * and a net change against the latest trend (foot → buttock → thigh) does not count, so
 * alternating directions never are.
 */
function isSustained(window: readonly CheckinPoint[], last: Trend): boolean {
  if (last !== 'centralizing' && last !== 'peripheralizing') return false;
  if (last === 'centralizing' && window.length < 3) return false;
  const [baseline, middle] = window;
  const now = window[window.length - 1];
  if (!baseline || !middle || !now) return false;
  if (window.length === 3 && compare(baseline, middle) === last) return true;
  const change = mostDistal(now) - mostDistal(baseline);
  return last === 'peripheralizing' ? change >= SUSTAINED_CHANGE : change <= -SUSTAINED_CHANGE;
}

/**
 * `channelData.centralization` for the last check-in of `history` against the one before.
 * Returns `null` for an empty history.
 */
export function trend(history: readonly CheckinPoint[]): Centralization | null {
  const now = history[history.length - 1];
  if (!now) return null;
  const prev = history[history.length - 2];
  if (!prev) return { level: mostDistal(now), previous: null, trend: 'first', sustained: false };
  const last = compare(prev, now);
  return {
    level: mostDistal(now),
    previous: mostDistal(prev),
    trend: last,
    sustained: isSustained(history.slice(-3), last),
  };
}

/** `most_distal` of each check-in, oldest first (for the SMS trend line). */
export function summarize(history: readonly CheckinPoint[]): number[] {
  return history.map(mostDistal);
}

/** Whole days between the first and the last check-in (0 for fewer than two, or unreadable dates). */
export function spanDays(history: readonly CheckinPoint[]): number {
  const first = Date.parse(history[0]?.at ?? '');
  const last = Date.parse(history[history.length - 1]?.at ?? '');
  if (history.length < 2 || Number.isNaN(first) || Number.isNaN(last)) return 0;
  return Math.max(0, Math.round((last - first) / DAY_MS));
}

/**
 * What the trend changes (CLINICAL §3): new weakness → `urgent`; sustained peripheralization →
 * `routine` and one phase back; sustained centralization → progression allowed (never alongside
 * new weakness). Both legs involved (`bilateral_sciatica`, emergency) is the red-flag screen's
 * job, which runs before this at every check-in.
 */
export function consequence(c: Centralization, opts: { newWeakness: boolean }): Consequence {
  const worse = c.trend === 'peripheralizing' && c.sustained;
  const better = c.trend === 'centralizing' && c.sustained;
  const disposition = opts.newWeakness ? 'urgent' : worse ? 'routine' : undefined;
  return {
    ...(disposition ? { disposition } : {}),
    stepBack: worse,
    allowProgression: better && !opts.newWeakness,
  };
}
