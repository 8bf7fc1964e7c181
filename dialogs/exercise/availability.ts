/**
 * Which exercises may be offered now (CLINICAL.md §3 "During an exercise", §4 "Avoid", §6):
 * - any emergency or urgent flag (yes or not sure) in the latest screen, or a condition that needs
 *   a clinician first (pregnancy, recent spine surgery), switches every exercise off until a
 *   clinician has assessed the user (§6 rule 6);
 * - an exercise's own flags and conditions exclude it (also after clinical clearance);
 * - an exercise that peripheralized rests for 48 h, then comes back in a smaller range; a second
 *   peripheralization drops it for good and a physio review is suggested.
 */
import { isFlagId, tierOf, type Disposition, type FlagId } from '../triage/red-flags.js';
import type { FlagAnswer } from '../triage/decide.js';
import { CLEARANCE_CONDITIONS, type ConditionId, type ExclusionId, type ExerciseId } from './ids.js';
import { EXERCISES } from './library.js';
import { responsesUpTo, type ExerciseResponse } from './response-record.js';

/** Hours an exercise that peripheralized is not offered (§3). */
export const REST_HOURS = 48;

/** Peripheralizations after which an exercise is dropped for good (§3). */
const DROP_AFTER = 2;

/**
 * Tries in a smaller range after the rest. §3 says "try it once"; it doesn't say what comes
 * after a good try, so the range stays small for one more try before going back to normal [P].
 */
const SMALLER_RANGE_TRIES = 2;

/** Answers of the latest red-flag screen. */
export type ScreenAnswers = Partial<Record<FlagId, FlagAnswer>>;

export interface AvailabilityInput {
  responses: readonly ExerciseResponse[];
  now: Date;
  /** Answers of the latest red-flag screen; "not sure" counts as yes here. */
  flags: ScreenAnswers;
  /** Disposition of the latest screen, when known (emergency and urgent switch exercises off). */
  disposition?: Disposition;
  conditions?: readonly ConditionId[];
  /** The user confirmed a clinician has assessed them since the flags were raised (§6). */
  clinicianCleared?: boolean;
}

/** Whether one exercise may be offered, and why not. */
export type Availability =
  | { status: 'available'; smallerRange: boolean }
  /** Peripheralized less than 48 h ago; offered again (in a smaller range) from `until`. */
  | { status: 'resting'; until: string }
  /** Peripheralized twice: removed for good; suggest a physio review. */
  | { status: 'dropped' }
  /** Excluded by its own flags or conditions. */
  | { status: 'excluded'; by: ExclusionId[] }
  /** Every exercise is off: emergency/urgent flags or disposition, or a condition needing a clinician. */
  | { status: 'blocked'; by: (ExclusionId | Disposition)[] };

/** Flags and conditions that hold, for exclusion purposes ("not sure" = yes, the cautious reading). */
function present(input: AvailabilityInput): Set<ExclusionId> {
  const flags = (Object.keys(input.flags) as FlagId[]).filter(
    (f) => input.flags[f] === 'yes' || input.flags[f] === 'unsure',
  );
  return new Set<ExclusionId>([...flags, ...(input.conditions ?? [])]);
}

/** What switches every exercise off, or `[]`. */
export function blockers(input: AvailabilityInput): (ExclusionId | Disposition)[] {
  if (input.clinicianCleared) return [];
  const held = [...present(input)];
  const flags = held.filter((id): id is FlagId => isFlagId(id) && tierOf(id) !== 'routine');
  const conditions = held.filter((id) => (CLEARANCE_CONDITIONS as readonly string[]).includes(id));
  const disposition = input.disposition === 'emergency' || input.disposition === 'urgent' ? [input.disposition] : [];
  return [...disposition, ...flags, ...conditions];
}

/** Rest and range state of one exercise from its responses. */
function historyState(own: readonly ExerciseResponse[], now: Date): Availability {
  const spreads = own.filter((r) => r.outcome === 'peripheralized');
  if (spreads.length >= DROP_AFTER) return { status: 'dropped' };
  const last = spreads[spreads.length - 1];
  if (!last) return { status: 'available', smallerRange: false };
  const until = Date.parse(last.at) + REST_HOURS * 3600_000;
  if (now.getTime() < until) return { status: 'resting', until: new Date(until).toISOString() };
  const triesSince = own.filter((r) => Date.parse(r.at) > Date.parse(last.at)).length;
  return { status: 'available', smallerRange: triesSince < SMALLER_RANGE_TRIES };
}

/** Availability of every exercise now. */
export function availability(input: AvailabilityInput): Record<ExerciseId, Availability> {
  const block = blockers(input);
  const held = present(input);
  const responses = responsesUpTo(input.responses, input.now);
  const out = {} as Record<ExerciseId, Availability>;
  for (const e of EXERCISES) {
    const by = e.excludedBy.filter((id) => held.has(id));
    if (block.length) out[e.id] = { status: 'blocked', by: block };
    else if (by.length) out[e.id] = { status: 'excluded', by };
    else
      out[e.id] = historyState(
        responses.filter((r) => r.exerciseId === e.id),
        input.now,
      );
  }
  return out;
}

/** Ids that may be offered now, in library order. */
export function offerable(input: AvailabilityInput): ExerciseId[] {
  const all = availability(input);
  return EXERCISES.map((e) => e.id).filter((id) => all[id].status === 'available');
}

/** Exercises dropped after peripheralizing twice: each one is a reason to suggest a physio review. */
export function droppedExercises(responses: readonly ExerciseResponse[]): ExerciseId[] {
  return EXERCISES.map((e) => e.id).filter(
    (id) => responses.filter((r) => r.exerciseId === id && r.outcome === 'peripheralized').length >= DROP_AFTER,
  );
}
