/**
 * A user's activity is kept per UTC day (`YYYY-MM-DD`): retention counts in days, and a day
 * changes once a day, so a store writes the activity of a user at most once a day, not every turn.
 */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** The day of `at` (an ISO time a caller stored), or of `fallback()` when `at` is not one. */
export function activityDay(at: string | undefined, fallback: () => Date): string {
  return at !== undefined && ISO_TIME.test(at) ? at.slice(0, 10) : fallback().toISOString().slice(0, 10);
}

/** True when a user last active on `day` has been idle since `idleBefore` (nothing on or after its day). */
export function isIdleSince(day: string, idleBefore: Date): boolean {
  return day < idleBefore.toISOString().slice(0, 10);
}
