/** Time helpers for rules that count days ("not on back-to-back days", "next morning"). */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * The user's calendar day as a number (days since 1970-01-01 in their time zone). The offset is
 * minutes east of UTC (e.g. 60 for Madrid in winter, −360 for Mexico City); default UTC.
 */
export function dayNumber(at: string | Date, utcOffsetMinutes = 0): number {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return Math.floor((t + utcOffsetMinutes * 60_000) / DAY_MS);
}

/** Milliseconds of an ISO time. */
export function ms(at: string): number {
  return Date.parse(at);
}
