import type { CheckinPoint } from '../../dialogs/exercise/distal-trend.js';
import type { ExerciseId } from '../../dialogs/exercise/ids.js';
import type { ExerciseOutcome } from '../../dialogs/exercise/response-rules.js';
import type { ExerciseResponse } from '../../dialogs/exercise/response-record.js';
import type { FlagId } from '../../dialogs/triage/red-flags.js';

/** Day 0, 09:00 UTC: every test clock counts from here. */
const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An ISO time `days` (and `hours`) after T0. */
export function at(days: number, hours = 0): string {
  return new Date(T0 + days * DAY + hours * HOUR).toISOString();
}

export function clock(days: number, hours = 0): Date {
  return new Date(T0 + days * DAY + hours * HOUR);
}

/** A check-in on day `days` (09:00 UTC) with a clear screen, unless `flags` says otherwise (`null`: no screen recorded). */
export function checkin(
  days: number,
  left: number,
  right: number,
  score: number,
  flags: readonly FlagId[] | null = [],
): CheckinPoint {
  return { at: at(days), left, right, score, ...(flags && { flags }) };
}

/** A response with levels that match its outcome. */
export function response(
  exerciseId: ExerciseId,
  when: string,
  outcome: ExerciseOutcome,
  extra: Partial<ExerciseResponse> = {},
): ExerciseResponse {
  const [before, after] = outcome === 'peripheralized' ? [2, 3] : outcome === 'centralized' ? [3, 2] : [2, 2];
  return { exerciseId, before, after, outcome, at: when, ...extra };
}
