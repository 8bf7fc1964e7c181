/**
 * Walking → running (CLINICAL.md §5) [P; needs physio sign-off]: readiness, the six stages, and
 * when to move up or back. Pure: inject `now`.
 */
import { DAY_MS, dayNumber, ms } from './calendar.js';
import { compare } from '../checkin/trend.js';
import type { CheckinPoint } from './distal-trend.js';
import type { Phase } from './ids.js';
import { latestBriskWalk, type BriskWalk } from './walks.js';

export interface RunningStage {
  stage: 1 | 2 | 3 | 4 | 5 | 6;
  /** Minutes jogging per round. */
  jogMinutes: number;
  /** Minutes walking after each jog (between rounds). */
  walkMinutes: number;
  rounds: number;
  /** Stage 6 grows from `jogMinutes` to this. */
  maxJogMinutes?: number;
}

/** The table of §5; words under `exercises:running.stage_<n>`. Stage 6 starts at its low end. */
export const RUNNING_STAGES: readonly RunningStage[] = [
  { stage: 1, jogMinutes: 1, walkMinutes: 2, rounds: 6 },
  { stage: 2, jogMinutes: 2, walkMinutes: 2, rounds: 5 },
  { stage: 3, jogMinutes: 3, walkMinutes: 1, rounds: 5 },
  { stage: 4, jogMinutes: 5, walkMinutes: 1, rounds: 4 },
  { stage: 5, jogMinutes: 10, walkMinutes: 2, rounds: 2 },
  { stage: 6, jogMinutes: 20, walkMinutes: 0, rounds: 1, maxJogMinutes: 30 },
];

/** Highest leg pain for running: §5 says 2–3/10; the low end [P]. */
const RUNNING_MAX_SCORE = 2;
/** Days of check-ins that must all be at or under that score [P]. */
const RUNNING_PAIN_DAYS = 7;
/** A qualifying brisk walk must be this recent [P]. */
const RUNNING_WALK_DAYS = 14;
/** Good sessions at a stage before moving up: §5 says 2–3; the high end [P]. */
const RUNS_TO_ADVANCE = 3;
/** Runs in any 7 days (§5: 3 a week, not on consecutive days). */
const RUNS_PER_WEEK = 3;

export type ReadinessReason =
  | 'not_phase_3'
  | 'screen_missing'
  | 'red_flags'
  | 'peripheralizing'
  | 'no_recent_checkin'
  | 'leg_pain_high'
  | 'no_brisk_walk'
  | 'awaiting_next_morning'
  | 'weakness';

export interface ReadinessInput {
  phase: Phase;
  checkins: readonly CheckinPoint[];
  walks: readonly BriskWalk[];
  /** `cleared`: a clinician has cleared a weakness; `unknown` counts as not cleared. */
  weakness: 'none' | 'cleared' | 'present' | 'unknown';
  now: Date;
}

export interface Readiness {
  ready: boolean;
  /** Every readiness rule not met (empty when ready). */
  reasons: ReadinessReason[];
}

/**
 * §5 readiness: 30 min of brisk walking with no spread and no next-day flare (the latest such
 * walk, within 14 days), leg pain ≤ 2/10 at every check-in of the last 7 days, no weakness (or
 * cleared by a clinician); and, cautiously, phase 3, a clear latest screen and no spread at the
 * latest check-in.
 */
export function runningReadiness(input: ReadinessInput): Readiness {
  const t = input.now.getTime();
  const checkins = input.checkins.filter((c) => ms(c.at) <= t).sort((a, b) => ms(a.at) - ms(b.at));
  const reasons: ReadinessReason[] = [];
  if (input.phase !== 3) reasons.push('not_phase_3');
  const last = checkins.at(-1);
  const prev = checkins.at(-2);
  if (last && !last.flags) reasons.push('screen_missing');
  if (last?.flags?.length) reasons.push('red_flags');
  if (last && prev && compare(prev, last) === 'peripheralizing') reasons.push('peripheralizing');
  const recent = checkins.filter((c) => ms(c.at) > t - RUNNING_PAIN_DAYS * DAY_MS);
  if (!recent.length) reasons.push('no_recent_checkin');
  else if (recent.some((c) => c.score > RUNNING_MAX_SCORE)) reasons.push('leg_pain_high');
  const walk = latestBriskWalk(input.walks, checkins, t - RUNNING_WALK_DAYS * DAY_MS, t);
  if (!walk || walk.result === 'fails') reasons.push('no_brisk_walk');
  else if (walk.result === 'pending') reasons.push('awaiting_next_morning');
  if (input.weakness !== 'none' && input.weakness !== 'cleared') reasons.push('weakness');
  return { ready: reasons.length === 0, reasons };
}

/** One run the user reported. */
export interface RunReport {
  at: string;
  stage: RunningStage['stage'];
  /** Asked the next morning; left out until then. */
  nextMorningWorse?: boolean;
}

/**
 * Values of `checkin.run`, asked at check-ins once a walk-run stage has been given: a session
 * done and the next morning no worse, a session done and the next morning worse (a flare), or no
 * session since the last check-in.
 */
export const RUN_ANSWERS = ['fine', 'worse', 'not_run'] as const;
export type RunAnswer = (typeof RUN_ANSWERS)[number];

/** Type guard for a run answer read back from a stored check-in. */
export function isRunAnswer(value: unknown): value is RunAnswer {
  return typeof value === 'string' && (RUN_ANSWERS as readonly string[]).includes(value);
}

/** Type guard for a stage number read back from a stored check-in. */
export function isRunningStage(value: unknown): value is RunningStage['stage'] {
  return RUNNING_STAGES.some((s) => s.stage === value);
}

/** The run a `checkin.run` answer reports, at `stage` (the one given last), dated at the check-in. */
export function runFromAnswer(answer: RunAnswer | null, at: string, stage: RunningStage['stage'] | null): RunReport[] {
  if (!stage || !answer || answer === 'not_run') return [];
  return [{ at, stage, nextMorningWorse: answer === 'worse' }];
}

export interface StageDecision {
  stage: RunningStage['stage'];
  change: 'start' | 'stay' | 'advance' | 'back';
}

/**
 * The stage of the next run (§5): stage 1 to begin (after `runningReadiness`); one back after a
 * flare (the last run's next morning was worse); one up after 3 runs in a row at this stage with
 * the next morning no worse each time (an unanswered morning counts as not yet known); else stay.
 */
export function nextRunningStage(runs: readonly RunReport[], now: Date): StageDecision {
  const done = runs.filter((r) => ms(r.at) <= now.getTime()).sort((a, b) => ms(a.at) - ms(b.at));
  const last = done.at(-1);
  if (!last) return { stage: 1, change: 'start' };
  if (last.nextMorningWorse === true)
    return { stage: Math.max(1, last.stage - 1) as RunningStage['stage'], change: 'back' };
  let streak = 0;
  for (let i = done.length - 1; i >= 0 && done[i]!.stage === last.stage && done[i]!.nextMorningWorse === false; i--)
    streak++;
  if (streak >= RUNS_TO_ADVANCE && last.stage < 6)
    return { stage: (last.stage + 1) as RunningStage['stage'], change: 'advance' };
  return { stage: last.stage, change: 'stay' };
}

/** §5: run on non-consecutive days, at most 3 in any 7 days (the user's calendar days). */
export function canRunToday(runs: readonly RunReport[], now: Date, utcOffsetMinutes = 0): boolean {
  const today = dayNumber(now, utcOffsetMinutes);
  const days = new Set(runs.filter((r) => ms(r.at) <= now.getTime()).map((r) => dayNumber(r.at, utcOffsetMinutes)));
  if (days.has(today) || days.has(today - 1)) return false;
  return [...days].filter((d) => d >= today - 6).length < RUNS_PER_WEEK;
}
