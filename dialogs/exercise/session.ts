/**
 * Today's exercises (CLINICAL.md §5): 2–4 items chosen by phase and directional preference,
 * respecting exclusions, rests after a spread, and "strengthening not on back-to-back days".
 */
import { availability, droppedExercises, type Availability, type AvailabilityInput } from './availability.js';
import { dayNumber, ms } from './calendar.js';
import type { Exercise } from './library.schema.js';
import type { ExerciseId, Phase } from './ids.js';
import { COBRA_LADDER, EXERCISES, exerciseById } from './library.js';
import { responsesUpTo, type ExerciseResponse } from './response-record.js';

export interface SessionInput extends AvailabilityInput {
  phase: Phase;
  /** Minutes east of UTC, to count the user's calendar days; default 0. */
  utcOffsetMinutes?: number;
}

export interface SessionPlan {
  /** Exercise ids in the order to offer them (`exercise.pick`). */
  ids: ExerciseId[];
  /** Those of `ids` to do in a smaller range (the tries after a 48 h rest). */
  smallerRange: ExerciseId[];
  /** Strength work is on today's list (allowed today, and some strength exercise could be offered). */
  strengthDay: boolean;
  /** The directional preference the plan follows, if one is known. */
  direction: 'extension' | 'flexion' | null;
  /** Some exercise was dropped after spreading twice: suggest a physio review (§3). */
  physioReview: boolean;
  /** Every exercise is off (emergency/urgent screen, or a clinician must see the user first). */
  blocked: boolean;
}

/** Strength days allowed in any 7 days, by phase: §5 "3–4 times a week", phase 3 "2–3×/week". */
const STRENGTH_DAYS_PER_WEEK: Record<Phase, number> = { 1: 0, 2: 4, 3: 3 };

const MIN_SESSION = 2;
const MAX_SESSION = 4;

const MOTOR: ExerciseId = 'pelvic_tilt';
type Slot = 'dir' | 'motor' | 'strength' | 'stretch' | 'massage';

/**
 * Slots of a session in order: `main` is the plan; `fill` is used only to reach 2 items when
 * something in `main` can't be offered.
 */
function slots(phase: Phase, strengthDay: boolean): { main: Slot[]; fill: Slot[] } {
  if (phase === 1) return { main: ['dir', 'motor', 'massage'], fill: ['massage', 'massage'] };
  if (strengthDay)
    return {
      main: ['dir', 'strength', 'strength', 'stretch'],
      fill: ['massage', 'stretch', ...(phase === 2 ? (['motor'] as Slot[]) : [])],
    };
  if (phase === 2) return { main: ['dir', 'stretch', 'motor', 'massage'], fill: ['stretch', 'massage'] };
  return { main: ['dir', 'stretch', 'massage'], fill: ['stretch', 'massage'] };
}

/**
 * The direction whose mobility exercise last centralized, unless it has spread since; the more
 * recent one if both did; `null` when none is known yet.
 */
export function directionalPreference(responses: readonly ExerciseResponse[]): 'extension' | 'flexion' | null {
  let best: { dir: 'extension' | 'flexion'; at: number } | null = null;
  for (const dir of ['extension', 'flexion'] as const) {
    const own = responses.filter((r) => {
      const e = exerciseById(r.exerciseId);
      return e.kind === 'mobility' && e.direction === dir;
    });
    const central = own.filter((r) => r.outcome === 'centralized').map((r) => ms(r.at));
    const spread = own.filter((r) => r.outcome === 'peripheralized').map((r) => ms(r.at));
    const lastCentral = Math.max(-Infinity, ...central);
    if (lastCentral > Math.max(-Infinity, ...spread) && (!best || lastCentral > best.at))
      best = { dir, at: lastCentral };
  }
  return best?.dir ?? null;
}

/**
 * The cobra ladder level to offer (§4): level 1 to begin; one up only when the last ladder
 * exercise stayed the same or centralized and was not a smaller-range try; the same level after
 * it spread (offered again in a smaller range once its 48 h rest is over); then down past any
 * level that can't be offered now (resting, dropped, excluded). `null`: no level can be offered.
 */
function ladderLevel(
  responses: readonly ExerciseResponse[],
  avail?: Record<ExerciseId, Availability>,
): 1 | 2 | 3 | null {
  const ladder = responses.filter((r) => exerciseById(r.exerciseId).ladder !== undefined);
  const last = ladder[ladder.length - 1];
  const lastLevel = last ? (exerciseById(last.exerciseId).ladder ?? 1) : 1;
  const lastState = last && avail?.[last.exerciseId];
  const cautious = last?.smallerRange === true || (lastState?.status === 'available' && lastState.smallerRange);
  let level = !last || last.outcome === 'peripheralized' || cautious ? lastLevel : Math.min(3, lastLevel + 1);
  const offerable = (l: number) => !avail || avail[COBRA_LADDER[l - 1]!.id].status === 'available';
  while (level >= 1 && !offerable(level)) level--;
  return level >= 1 ? (level as 1 | 2 | 3) : null;
}

/** True when strength work may be done today (not on back-to-back days, weekly cap by phase). */
function isStrengthDay(phase: Phase, responses: readonly ExerciseResponse[], now: Date, offset: number): boolean {
  const cap = STRENGTH_DAYS_PER_WEEK[phase];
  if (cap === 0) return false;
  const today = dayNumber(now, offset);
  const days = new Set(
    responses.filter((r) => exerciseById(r.exerciseId).kind === 'strength').map((r) => dayNumber(r.at, offset)),
  );
  if (days.has(today) || days.has(today - 1)) return false;
  const lastWeek = [...days].filter((d) => d >= today - 6 && d < today).length;
  return lastWeek < cap;
}

/**
 * Today's session. The directional slot follows the preference: the cobra ladder for extension
 * (or while none is known, as extension is the most common preference and its first level is
 * the gentlest), knee-to-chest for flexion or when no ladder level can be offered; exercises of
 * the opposite direction are left out once a preference is known, and a session never holds two
 * directional movements (so each response tells which direction helps). Among equals, the one
 * done least recently comes first. 2–4 ids; fewer only when exclusions and rests leave fewer.
 */
export function todaysSession(input: SessionInput): SessionPlan {
  const done = responsesUpTo(input.responses, input.now);
  const avail = availability(input);
  const direction = directionalPreference(done);
  const blocked = EXERCISES.every((e) => avail[e.id].status === 'blocked');
  const strengthAllowed = !blocked && isStrengthDay(input.phase, done, input.now, input.utcOffsetMinutes ?? 0);
  const opposite = direction === 'extension' ? 'flexion' : direction === 'flexion' ? 'extension' : null;
  const fits = (e: Exercise) =>
    avail[e.id].status === 'available' && e.phases.includes(input.phase) && e.direction !== opposite;
  const lastDone = (id: ExerciseId) =>
    Math.max(-Infinity, ...done.filter((r) => r.exerciseId === id).map((r) => ms(r.at)));
  const ids: ExerciseId[] = [];
  const take = (pool: readonly Exercise[]) => {
    const next = pool
      .filter((e) => fits(e) && !ids.includes(e.id))
      .sort((a, b) => lastDone(a.id) - lastDone(b.id) || 0)[0];
    if (next) ids.push(next.id);
  };

  const plan = slots(input.phase, strengthAllowed);
  const fill = (slot: Slot) => {
    if (slot === 'dir') {
      const level = direction === 'flexion' ? null : ladderLevel(done, avail);
      const rung = level && COBRA_LADDER[level - 1];
      if (rung && fits(rung)) ids.push(rung.id);
      else if (direction !== 'extension') take([exerciseById('knee_to_chest')]);
    } else if (slot === 'motor') take([exerciseById(MOTOR)]);
    else take(EXERCISES.filter((e) => e.kind === slot && e.id !== MOTOR));
  };
  if (!blocked) {
    for (const slot of plan.main) if (ids.length < MAX_SESSION) fill(slot);
    for (const slot of plan.fill) if (ids.length < MIN_SESSION) fill(slot);
  }
  const smallerRange = ids.filter((id) => {
    const a = avail[id];
    return a.status === 'available' && a.smallerRange;
  });
  const strengthDay = ids.some((id) => exerciseById(id).kind === 'strength');
  return { ids, smallerRange, strengthDay, direction, physioReview: droppedExercises(done).length > 0, blocked };
}
