/**
 * The three programme phases of CLINICAL.md §5 and their gates, replayed over the check-in
 * history: the phase moves on at a check-in where its gate is met, and drops back one at a
 * check-in that shows a sustained peripheralization (§3). Pure: inject `now`.
 */
import { DAY_MS, HOUR_MS, dayNumber, ms } from './calendar.js';
import { compare } from '../checkin/trend.js';
import { sustainedSpread, type CheckinPoint } from './distal-trend.js';
import type { Phase } from './ids.js';
import { responsesUpTo, type ExerciseResponse } from './response-record.js';
import { latestBriskWalk, type BriskWalk } from './walks.js';

/** Why the phase is what it is (first) and what holds back the next gate (the rest). */
export type PhaseReason =
  | 'start'
  | 'gate_1_met'
  | 'gate_2_met'
  /** The latest check-in showed a sustained peripheralization: one phase back, review in 1–2 weeks. */
  | 'sustained_peripheralization'
  /** An earlier sustained peripheralization put the user back a phase. */
  | 'stepped_back'
  | 'screen_missing'
  | 'red_flags'
  | 'peripheralizing'
  | 'too_few_days'
  | 'leg_pain_high'
  | 'recent_exercise_spread'
  | 'no_brisk_walk'
  | 'awaiting_next_morning';

export interface PhaseDecision {
  phase: Phase;
  reasons: PhaseReason[];
  /** When the user entered this phase (the check-in's time), `null` from the start. */
  since: string | null;
}

export interface PhaseOptions {
  /** Self-reported brisk walks (`walkBriskMinutes`), for the phase 2 → 3 gate. */
  walks?: readonly BriskWalk[];
  /** Minutes east of UTC, to count the user's calendar days; default 0. */
  utcOffsetMinutes?: number;
}

/** Days looked back for "leg pain ≤ 5/10 on most days" [P]. */
const GATE_WINDOW_DAYS = 7;
/** Days with a check-in needed in that window before "most days" means anything [P]. */
const GATE_MIN_DAYS = 3;
/** Highest leg pain score of a good day for gate 1 (§5). */
const GATE_1_MAX_SCORE = 5;
/** An exercise that spread within this many hours holds back any gate [P]. */
const RECENT_SPREAD_HOURS = 48;

function screenReasons(c: CheckinPoint): PhaseReason[] {
  if (!c.flags) return ['screen_missing'];
  return c.flags.length ? ['red_flags'] : [];
}

function mostDaysReasons(upTo: readonly CheckinPoint[], t: number, offset: number): PhaseReason[] {
  const recent = upTo.filter((c) => ms(c.at) > t - GATE_WINDOW_DAYS * DAY_MS);
  const worstByDay = new Map<number, number>();
  for (const c of recent) {
    const d = dayNumber(c.at, offset);
    worstByDay.set(d, Math.max(worstByDay.get(d) ?? 0, c.score));
  }
  if (worstByDay.size < GATE_MIN_DAYS) return ['too_few_days'];
  const good = [...worstByDay.values()].filter((s) => s <= GATE_1_MAX_SCORE).length;
  return good * 2 > worstByDay.size ? [] : ['leg_pain_high'];
}

/** What holds back the gate out of `phase` at check-in `j` (empty: gate met). */
function gateReasons(
  phase: Phase,
  checkins: readonly CheckinPoint[],
  j: number,
  responses: readonly ExerciseResponse[],
  since: string | null,
  opts: PhaseOptions,
): PhaseReason[] {
  const c = checkins[j]!;
  const t = ms(c.at);
  const prev = checkins[j - 1];
  const reasons = screenReasons(c);
  if (prev && compare(prev, c) === 'peripheralizing') reasons.push('peripheralizing');
  if (
    responses.some(
      (r) => r.outcome === 'peripheralized' && ms(r.at) <= t && ms(r.at) > t - RECENT_SPREAD_HOURS * HOUR_MS,
    )
  )
    reasons.push('recent_exercise_spread');
  if (phase === 1) return [...reasons, ...mostDaysReasons(checkins.slice(0, j + 1), t, opts.utcOffsetMinutes ?? 0)];
  if (phase === 2) {
    const latest = latestBriskWalk(opts.walks ?? [], checkins, since ? ms(since) : -Infinity, t);
    if (!latest || latest.result === 'fails') reasons.push('no_brisk_walk');
    else if (latest.result === 'pending') reasons.push('awaiting_next_morning');
  }
  return reasons;
}

/**
 * The current phase from the check-ins (and exercise responses and walks) up to `now`.
 * Gate 1 → 2: a clear screen at that check-in, no spread since the one before, leg pain ≤ 5 on
 * most of the days checked in over the last 7 (at least 3 days), and no exercise that spread in
 * the last 48 h. Gate 2 → 3: the same screen, trend and exercise conditions, and the latest brisk
 * walk (≥ 30 min, since entering phase 2) had no spread and the next morning was no worse.
 * A sustained peripheralization steps back one phase, once per episode of spreading.
 */
export function currentPhase(
  history: readonly CheckinPoint[],
  responses: readonly ExerciseResponse[],
  now: Date,
  opts: PhaseOptions = {},
): PhaseDecision {
  const checkins = history.filter((c) => ms(c.at) <= now.getTime()).sort((a, b) => ms(a.at) - ms(b.at));
  const done = responsesUpTo(responses, now);
  let phase: Phase = 1;
  let since: string | null = null;
  let how: PhaseReason = 'start';
  // A step back uses up its window: the next one needs check-ins after it.
  let lastDrop = 0;
  for (const [j, c] of checkins.entries()) {
    const start = Math.max(0, j - 2);
    if (start >= lastDrop && sustainedSpread(checkins.slice(start, j + 1))) {
      lastDrop = j;
      how = 'sustained_peripheralization';
      if (phase > 1) {
        phase = (phase - 1) as Phase;
        since = c.at;
      }
      continue;
    }
    if (how === 'sustained_peripheralization') how = 'stepped_back';
    if (phase < 3 && gateReasons(phase, checkins, j, done, since, opts).length === 0) {
      how = phase === 1 ? 'gate_1_met' : 'gate_2_met';
      phase = (phase + 1) as Phase;
      since = c.at;
    }
  }
  const last = checkins.length - 1;
  const pending =
    phase === 3
      ? []
      : last < 0
        ? (['too_few_days'] as PhaseReason[])
        : gateReasons(phase, checkins, last, done, since, opts);
  return { phase, since, reasons: [how, ...pending] };
}
