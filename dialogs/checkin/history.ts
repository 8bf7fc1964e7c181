/**
 * What the machine needs from the user's records (ARCHITECTURE: loaded by the bot in step 1 and
 * handed in as event data; the store never decides): the pain maps of the trend, the intake's
 * first (CLINICAL §3), the walks and runs reported at check-ins (§5) and the exercise responses.
 * Pure: records in, history out.
 */
import type { Command, ConversationEvent } from '../conversation.setup.js';
import { isFlagId } from '../triage/red-flags.js';
import type { CheckinPoint } from '../exercise/distal-trend.js';
import { exerciseResponseFromRecord, type ExerciseResponse } from '../exercise/response-record.js';
import { isWalkAnswer, walkFromAnswer, type BriskWalk } from '../exercise/walks.js';
import { isRunAnswer, isRunningStage, runFromAnswer, type RunReport, type RunningStage } from '../exercise/running.js';

/** A stored record as the bot reads it back (kind, time, data), whatever the store. */
export interface StoredRecord {
  kind: string;
  at: string;
  data: Record<string, unknown>;
}

/** The user's history as of one moment, every list oldest first. */
export interface History {
  /** When the bot loaded it (ISO 8601): the "now" of every rule that counts hours and days. */
  at: string;
  /** The points of the trend: the intake's pain map (the baseline), then each check-in's, with their screens' flags. */
  points: CheckinPoint[];
  /** Walks reported at check-ins (`checkin.walk`). */
  walks: BriskWalk[];
  /** Walk-run sessions reported at check-ins (`checkin.run`). */
  runs: RunReport[];
  /** The walk-run stage given at the latest check-in that gave one; `null` before running starts. */
  runStage: RunningStage['stage'] | null;
  /** Responses to guided exercises. */
  responses: ExerciseResponse[];
}

/** Nothing known yet, as of `at`. */
export function emptyHistory(at: string): History {
  return { at, points: [], walks: [], runs: [], runStage: null, responses: [] };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const flagsOf = (v: unknown) => (Array.isArray(v) ? v.filter(isFlagId) : undefined);

/**
 * The intake's pain map as the first point of the trend. A triage record is an intake's when it
 * holds the whole pain map and the weeks since the episode began: only the intake asks
 * `pain.weeks` (a check-in starts without it), and an outcome reached before the pain questions
 * holds no map.
 */
function intakePoint(r: StoredRecord): CheckinPoint | undefined {
  const [left, right, score, weeks] = [
    num(r.data.painLeft),
    num(r.data.painRight),
    num(r.data.score),
    num(r.data.weeks),
  ];
  if (left === undefined || right === undefined || score === undefined || weeks === undefined) return undefined;
  const flags = flagsOf(r.data.flags);
  return { at: r.at, left, right, score, intake: true, ...(flags && { flags }) };
}

function checkinPoint(r: StoredRecord): CheckinPoint | undefined {
  const [left, right, score] = [num(r.data.left), num(r.data.right), num(r.data.score)];
  if (left === undefined || right === undefined || score === undefined) return undefined;
  const flags = flagsOf(r.data.flags);
  return { at: r.at, left, right, score, ...(flags && { flags }) };
}

/** What one check-in record reports of its walk-run session: `{ answer, stage }`. */
function runOf(r: StoredRecord): RunReport[] {
  const run = r.data.run as { answer?: unknown; stage?: unknown } | undefined;
  if (!run || typeof run !== 'object' || !isRunAnswer(run.answer) || !isRunningStage(run.stage)) return [];
  return runFromAnswer(run.answer, r.at, run.stage);
}

/**
 * The history in the records (any order, any kinds), as of `at`. Records of an old or foreign
 * shape are skipped, never guessed at.
 */
export function historyFromRecords(records: readonly StoredRecord[], at: Date): History {
  const sorted = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const history = emptyHistory(at.toISOString());
  for (const r of sorted) {
    if (r.kind === 'triage') {
      const point = intakePoint(r);
      if (point) history.points.push(point);
    } else if (r.kind === 'checkin') {
      const point = checkinPoint(r);
      if (point) history.points.push(point);
      if (isWalkAnswer(r.data.walk)) history.walks.push(...walkFromAnswer(r.data.walk, r.at));
      history.runs.push(...runOf(r));
      if (isRunningStage(r.data.nextRun)) history.runStage = r.data.nextRun;
    } else if (r.kind === 'exercise') {
      const response = exerciseResponseFromRecord(r);
      if (response) history.responses.push(response);
    }
  }
  return history;
}

/**
 * Where the next answer ends a check-in (the trend, its consequence, the walking questions) or
 * plans today's exercises: the states whose answers need the history.
 */
const HISTORY_PLACES: readonly string[] = [
  'checkin.pain_score',
  'checkin.checkin_walk',
  'checkin.checkin_run',
  'exercises.after',
  'exercises.numbness',
];

/**
 * Whether the bot must load the history before this turn is decided: the conversation rests where
 * the next answer needs it, or the message is a command that shows progress or plans exercises.
 */
export function needsHistory(place: string | null | undefined, command: Command | undefined): boolean {
  return command === 'progress' || command === 'exercises' || HISTORY_PLACES.includes(place ?? '');
}

/** The event with the history attached (only answers and commands carry it). */
export function withHistory(event: ConversationEvent, history: History | undefined): ConversationEvent {
  return history && (event.type === 'ANSWER' || event.type === 'COMMAND') ? { ...event, history } : event;
}

/**
 * The history an event carries; without one (a machine driven without the bot), nothing is known
 * yet, as of the start of the conversation's day.
 */
export function historyOf(event: ConversationEvent, today: string | null): History {
  const carried = event.type === 'ANSWER' || event.type === 'COMMAND' ? event.history : undefined;
  return carried ?? emptyHistory(`${today ?? '1970-01-01'}T00:00:00.000Z`);
}
