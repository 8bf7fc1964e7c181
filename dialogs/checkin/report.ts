/**
 * What a check-in tells and changes (CLINICAL §3, §5), decided from the history handed in with the
 * answer that ends it: the trend against the point before (the intake's pain map, for the first
 * check-in), its consequence, the programme phase before and after, and the walk-run stage.
 * Pure: no I/O, no words.
 */
import type { Disposition, FlagId } from '../triage/red-flags.js';
import type { TriageDecision } from '../triage/decide.js';
import { consequence, mostDistal, trend, type Centralization, type Consequence } from './trend.js';
import type { History } from './history.js';
import { currentPhase } from '../exercise/programme.js';
import type { Phase } from '../exercise/ids.js';
import type { CheckinPoint } from '../exercise/distal-trend.js';
import { walkFromAnswer, type WalkAnswer } from '../exercise/walks.js';
import {
  canRunToday,
  nextRunningStage,
  runFromAnswer,
  runningReadiness,
  type RunAnswer,
  type StageDecision,
} from '../exercise/running.js';

/** What this check-in's questions gave. */
export interface CheckinEntry {
  left: number;
  right: number;
  score: number;
  /** Red flags of this check-in's screen (answered yes or not sure). */
  flags: FlagId[];
  /** `checkin.walk`, when it was asked. */
  walk: WalkAnswer | null;
  /** `checkin.run`, when it was asked. */
  run: RunAnswer | null;
}

/** The walk-run advice of a check-in: the next session's stage (and whether today is a running day), or a pause. */
export type RunningAdvice = (StageDecision & { today: boolean }) | { change: 'pause' };

/** What a check-in tells and changes, kept in the context as `report` and recorded as the check-in's record. */
export interface CheckinReport {
  /** `channelData.centralization` of CONTRACT §4. */
  centralization: Centralization;
  consequence: Consequence;
  /** The programme phase (§5) before this check-in and after it. */
  phase: { before: Phase; after: Phase };
  /** Only in phase 3 when ready to run, or once running has started. */
  running: RunningAdvice | null;
  /** The `data` of the check-in's record: what later check-ins read back as history. */
  record: Record<string, unknown>;
}

/** Flags that mean leg weakness now, for running readiness (§5: no weakness). */
const WEAKNESS: readonly FlagId[] = ['progressive_weakness', 'bilateral_leg_weakness'];

/** The programme phase as of the history's time. */
export function phaseOf(history: History): Phase {
  return currentPhase(history.points, history.responses, new Date(history.at), { walks: history.walks }).phase;
}

/** `checkin.walk` is asked from phase 2 on (§5: the gate out of phase 2). */
export function walkDue(history: History): boolean {
  return phaseOf(history) >= 2;
}

/** `checkin.run` is asked in phase 3 once a walk-run stage has been given. */
export function runDue(history: History): boolean {
  return history.runStage !== null && phaseOf(history) === 3;
}

function runningAdvice(
  history: History,
  points: readonly CheckinPoint[],
  entry: CheckinEntry,
  phase: Phase,
): RunningAdvice | null {
  const started = history.runStage !== null;
  if (phase !== 3) return started ? { change: 'pause' } : null;
  const now = new Date(history.at);
  const walks = [...history.walks, ...walkFromAnswer(entry.walk, history.at)];
  const weakness = entry.flags.some((f) => WEAKNESS.includes(f)) ? 'present' : 'none';
  if (!runningReadiness({ phase, checkins: points, walks, weakness, now }).ready)
    return started ? { change: 'pause' } : null;
  const runs = [...history.runs, ...runFromAnswer(entry.run, history.at, history.runStage)];
  // Started but no session reported yet: the same stage again, not a new start.
  const decision: StageDecision =
    runs.length || !history.runStage ? nextRunningStage(runs, now) : { stage: history.runStage, change: 'stay' };
  return { ...decision, today: canRunToday(runs, now) };
}

/** The check-in's report, with this check-in as the newest point at the history's time. */
export function checkinReport(history: History, entry: CheckinEntry): CheckinReport {
  const point: CheckinPoint = {
    at: history.at,
    left: entry.left,
    right: entry.right,
    score: entry.score,
    flags: entry.flags,
  };
  const points = [...history.points, point];
  const previous = history.points.at(-1);
  const centralization = trend(points) ?? {
    level: mostDistal(point),
    previous: previous ? mostDistal(previous) : null,
    trend: 'first',
    sustained: false,
  };
  const walks = [...history.walks, ...walkFromAnswer(entry.walk, history.at)];
  const after = currentPhase(points, history.responses, new Date(history.at), { walks }).phase;
  const running = runningAdvice(history, points, entry, after);
  const { left, right, score, flags, walk, run } = entry;
  return {
    centralization,
    // One-sided weakness is screened by the check-in's own questions (an urgent outcome); here only the trend counts.
    consequence: consequence(centralization, { newWeakness: false }),
    phase: { before: phaseOf(history), after },
    running,
    record: {
      left,
      right,
      level: Math.max(left, right),
      score,
      flags,
      ...(walk && { walk }),
      ...(run && history.runStage && { run: { answer: run, stage: history.runStage } }),
      phase: after,
      ...(running && running.change !== 'pause' && { nextRun: running.stage }),
    },
  };
}

const RANK: Record<Disposition, number> = { self_care: 0, routine: 1, urgent: 2, emergency: 3 };

/**
 * The screen's decision, raised to what the trend calls for (§3: sustained peripheralization →
 * routine); the same object when the trend changes nothing.
 */
export function withConsequence(decision: TriageDecision, c: Consequence): TriageDecision {
  return c.disposition && RANK[c.disposition] > RANK[decision.disposition]
    ? { ...decision, disposition: c.disposition }
    : decision;
}

/** Message ids (`exercises:*`) for what the check-in changed in the programme: the phase, then the walk-run advice. */
export function programmeMessages(report: CheckinReport): string[] {
  const { before, after } = report.phase;
  const ids: string[] = [];
  if (after > before) ids.push(`exercises:phase.up_${after}`);
  if (after < before) ids.push(`exercises:phase.back_${after}`);
  const r = report.running;
  if (!r) return ids;
  if (r.change === 'pause') return [...ids, 'exercises:running.pause'];
  if (r.change !== 'stay') ids.push(`exercises:running.${r.change}`);
  ids.push(`exercises:running.stage_${r.stage}`);
  if (!r.today) ids.push('exercises:running.not_today');
  return ids;
}
