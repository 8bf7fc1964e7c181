/**
 * Exercises with a line drawing in assets/exercises/<id>.svg (viewBox 0 0 320 200), so the
 * renderer can serve `/exercises/<id>.svg` (or a PNG made from it). Pure: the tests check that
 * each file exists and renders.
 */
import { EXERCISE_IDS, type ExerciseId } from './ids.js';

/** Ids with a drawing: every exercise of the library. */
export const ILLUSTRATED: readonly ExerciseId[] = EXERCISE_IDS;

/** Size of every drawing, in CSS pixels (its viewBox). */
export const ILLUSTRATION_SIZE = { width: 320, height: 200 } as const;

/** Path of a drawing relative to the project root. */
export function illustrationFile(id: ExerciseId): string {
  return `assets/exercises/${id}.svg`;
}

/** URL path a renderer serves the drawing at. */
export function illustrationPath(id: ExerciseId, format: 'svg' | 'png' = 'svg'): string {
  return `/exercises/${id}.${format}`;
}
