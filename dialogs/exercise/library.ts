/**
 * The exercise library of CLINICAL.md §4, validated when this module loads: a bad entry throws
 * at import with the entry's id and field in the message. Words: locales/<lng>/exercises.json.
 */
import { LIBRARY_DATA } from './library.data.js';
import { parseLibrary, type Exercise } from './library.schema.js';
import type { ExerciseId, Phase } from './ids.js';

/** Every exercise, in library order. */
export const EXERCISES: readonly Exercise[] = Object.freeze(parseLibrary(LIBRARY_DATA));

const BY_ID = new Map<ExerciseId, Exercise>(EXERCISES.map((e) => [e.id, e]));

/** The exercise of an id; throws on an unknown id (a programming error). */
export function exerciseById(id: ExerciseId): Exercise {
  const e = BY_ID.get(id);
  if (!e) throw new Error(`unknown exercise id: ${id}`);
  return e;
}

/** The cobra ladder, level 1 first: prone lying → modified cobra → prone press-up (§4). */
export const COBRA_LADDER: readonly Exercise[] = EXERCISES.filter((e) => e.ladder !== undefined).sort(
  (a, b) => (a.ladder ?? 0) - (b.ladder ?? 0),
);

/** Exercises offered in a phase (§5), in library order. */
export function exercisesInPhase(phase: Phase): readonly Exercise[] {
  return EXERCISES.filter((e) => e.phases.includes(phase));
}

/** Locale key of an exercise's words: `exercises:<id>.<part>` (e.g. `name`, `steps.hold`). */
export function exerciseKey(id: ExerciseId, part: string): string {
  return `exercises:${id}.${part}`;
}

/** Values for the `{{seconds}}`, `{{reps}}` and `{{sets}}` of `exercises:<id>.dose`, from the data. */
export function doseValues(e: Exercise): { seconds?: number; reps?: number; sets: number } {
  return {
    ...(e.holdSeconds !== undefined && { seconds: e.holdSeconds }),
    ...(e.reps !== undefined && { reps: e.reps }),
    sets: e.sets,
  };
}
