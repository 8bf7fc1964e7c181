/**
 * The check-in trend as the programme reads it: the rules of CLINICAL.md §3 from
 * dialogs/checkin/trend.ts, on check-ins that also carry their screen's flags.
 */
import type { FlagId } from '../triage/red-flags.js';
import { trend, type CheckinPoint as TrendPoint } from '../checkin/trend.js';

/** One check-in, oldest first in every history. */
export interface CheckinPoint extends TrendPoint {
  /**
   * Red flags answered yes (or not sure) in this check-in's screen; `[]` for a clear screen.
   * Left out, the screen counts as unknown and the programme does not move on.
   */
  flags?: readonly FlagId[];
}

/** Sustained peripheralization at the last check-in of a window of 2–3 check-ins (oldest = baseline). */
export function sustainedSpread(window: readonly CheckinPoint[]): boolean {
  const c = trend(window.slice(-3));
  return c?.trend === 'peripheralizing' && c.sustained;
}
