/**
 * The exercise response record: what the bot appends to the user's store as a `kind: 'exercise'`
 * record after each guided exercise, and reads back for availability and the programme.
 */
import { z } from 'zod';
import { EXERCISE_IDS, type ExerciseId } from './ids.js';
import { EXERCISE_OUTCOMES, type ExerciseOutcome } from './response-rules.js';

/** One response of symptoms to one exercise (CLINICAL §3). */
export interface ExerciseResponse {
  exerciseId: ExerciseId;
  /** `most_distal` 0–5 before the exercise (`pain.now`). */
  before: number;
  /** `most_distal` 0–5 after it. */
  after: number;
  outcome: ExerciseOutcome;
  /** When it was done (ISO 8601). */
  at: string;
  /** New numbness or weakness was reported (asked when the pain spread). */
  newNumbnessOrWeakness?: boolean;
  /** It was done in a smaller range (the try after a 48 h rest). */
  smallerRange?: boolean;
}

const level = z.number().int().min(0).max(5);

const responseSchema = z.object({
  exerciseId: z.enum(EXERCISE_IDS),
  before: level,
  after: level,
  outcome: z.enum(EXERCISE_OUTCOMES),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
  newNumbnessOrWeakness: z.boolean().optional(),
  smallerRange: z.boolean().optional(),
});

/** The `data` of a store record for a response (`at` is the record's own time). */
export function exerciseRecordData(r: ExerciseResponse): Record<string, unknown> {
  const { at: _at, ...data } = r;
  return data;
}

/**
 * A response read back from a store record (`{ kind: 'exercise', at, data }`), or `null` when the
 * record is not a valid response (an old or foreign shape is skipped, never guessed at).
 */
export function exerciseResponseFromRecord(record: {
  at: string;
  data: Record<string, unknown>;
}): ExerciseResponse | null {
  const parsed = responseSchema.safeParse({ at: record.at, ...record.data });
  return parsed.success ? parsed.data : null;
}

/** Responses in time order, oldest first, leaving out any after `now` (clock skew). */
export function responsesUpTo(responses: readonly ExerciseResponse[], now: Date): ExerciseResponse[] {
  return responses.filter((r) => Date.parse(r.at) <= now.getTime()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
