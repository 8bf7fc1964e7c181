/**
 * The machine's record intents as the store's typed records (src/store/turn.ts). The machine
 * emits record data as plain objects (ids and numbers); here each kind's data is checked against
 * its type before the commit, so a record that doesn't fit fails the turn (nothing is written)
 * instead of being stored in a shape later turns can't read back.
 */
import { z } from 'zod';
import type { RecordIntent } from '../../dialogs/intents.js';
import type { NewRecord, RecordDataByKind } from '../store/store.js';

const ids = z.array(z.string()).readonly();
/** An answer the screening may have ended before asking (`null`). */
const answered = <T extends z.ZodTypeAny>(t: T) => t.nullable().optional();

/*
 * `.passthrough()`: a field the types don't know yet is kept as the machine decided it (the
 * bot never changes a decision); test/bot/records.test.ts checks that real turns emit none.
 */
const schemas = {
  triage: z
    .object({
      disposition: z.string(),
      flags: ids,
      unsure: ids.optional(),
      age: answered(z.number()),
      country: answered(z.string()),
      painLeft: answered(z.number()),
      painRight: answered(z.number()),
      score: answered(z.number()),
      weeks: answered(z.number()),
      reason: z.string().optional(),
      stepBack: z.boolean().optional(),
    })
    .passthrough(),
  checkin: z
    .object({
      left: z.number().optional(),
      right: z.number().optional(),
      level: z.number().optional(),
      score: z.number().optional(),
      flags: ids.optional(),
      walk: z.string().optional(),
      run: z.object({ answer: z.string(), stage: z.number() }).optional(),
      phase: z.number().optional(),
      nextRun: z.number().optional(),
    })
    .passthrough(),
  exercise: z
    .object({
      exerciseId: z.string(),
      before: z.number(),
      after: z.number(),
      outcome: z.string(),
      newNumbnessOrWeakness: z.boolean().optional(),
      smallerRange: z.boolean().optional(),
    })
    .passthrough(),
} satisfies { [K in RecordIntent['kind']]: z.ZodType<RecordDataByKind[K]> };

/** The fields each kind's type knows (for the test that real turns emit no others). */
export const RECORD_FIELDS: { readonly [K in RecordIntent['kind']]: readonly string[] } = {
  triage: [...Object.keys(schemas.triage.shape), 'channel'],
  checkin: [...Object.keys(schemas.checkin.shape), 'channel'],
  exercise: [...Object.keys(schemas.exercise.shape), 'channel'],
};

/** Thrown when a record intent's data doesn't fit its kind: names the fields, never their values. */
export class RecordShapeError extends Error {
  constructor(kind: string, fields: readonly string[]) {
    super(`a ${kind} record does not fit its type (${fields.join(', ') || 'data'})`);
    this.name = 'RecordShapeError';
  }
}

/** The parsed data, or a {@link RecordShapeError}. */
function fits<T>(kind: RecordIntent['kind'], result: z.SafeParseReturnType<unknown, T>): T {
  if (!result.success) throw new RecordShapeError(kind, [...new Set(result.error.issues.map((i) => i.path.join('.')))]);
  return result.data;
}

/** The record a record intent asks for, with the channel the turn came in on. */
export function recordOf(intent: RecordIntent, channel: string): NewRecord {
  switch (intent.kind) {
    case 'triage':
      return { kind: 'triage', data: { ...fits(intent.kind, schemas.triage.safeParse(intent.data)), channel } };
    case 'checkin':
      return { kind: 'checkin', data: { ...fits(intent.kind, schemas.checkin.safeParse(intent.data)), channel } };
    case 'exercise':
      return { kind: 'exercise', data: { ...fits(intent.kind, schemas.exercise.safeParse(intent.data)), channel } };
  }
}
