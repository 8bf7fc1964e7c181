/**
 * The shape of an exercise entry and its validation. The library is checked when it loads, so a
 * bad entry fails at import (and in CI), never in front of a patient.
 */
import { z } from 'zod';
import { ALL_FLAGS } from '../triage/red-flags.js';
import {
  CAUTION_IDS,
  CONDITION_IDS,
  DIRECTIONS,
  EXERCISE_IDS,
  EXERCISE_KINDS,
  SIDE_MODES,
  type CautionId,
  type Direction,
  type ExclusionId,
  type ExerciseId,
  type ExerciseKind,
  type Phase,
  type SideMode,
} from './ids.js';

/** One exercise of CLINICAL §4. Doses are typical values [P], to be signed off by a physio. */
export interface Exercise {
  id: ExerciseId;
  kind: ExerciseKind;
  /** Direction the lower back moves in; `neutral` for no directional load. */
  direction: Direction;
  /** Level 1–3 on the cobra (extension) ladder; only for its three entries. */
  ladder?: 1 | 2 | 3;
  /** Programme phases (§5) in which it is offered. */
  phases: readonly Phase[];
  /** Ordered step ids; words under `exercises:<id>.steps.<stepId>`. */
  steps: readonly string[];
  /**
   * Index of the first step done for every set (and side). Steps before it get the user into
   * position and are done once (once per side for `sides: 'both'`).
   */
  repeatFrom: number;
  /** The timed step (a hold or a massage), with `holdSeconds`. */
  holdStep?: string;
  /** How long the timed step lasts, in seconds. */
  holdSeconds?: number;
  /** Repetitions of the repeated steps in one set; absent when a set is one hold. */
  reps?: number;
  /** Sets (per side when done per side). */
  sets: number;
  sides: SideMode;
  /** Exercise-specific cautions (§4). */
  cautions: readonly CautionId[];
  /** Red flags (answered yes or not sure) and conditions that exclude it. */
  excludedBy: readonly ExclusionId[];
}

const STEP_ID = /^[a-z][a-z0-9_]*$/;
const EXCLUSION_IDS = [...CONDITION_IDS, ...ALL_FLAGS] as [ExclusionId, ...ExclusionId[]];
const exclusion = z.enum(EXCLUSION_IDS, {
  errorMap: (issue, ctx) => ({
    message:
      issue.code === 'invalid_enum_value'
        ? `unknown flag or condition id "${String(issue.received)}"`
        : ctx.defaultError,
  }),
});

const entry = z
  .object({
    id: z.enum(EXERCISE_IDS),
    kind: z.enum(EXERCISE_KINDS),
    direction: z.enum(DIRECTIONS),
    ladder: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    phases: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])).min(1),
    steps: z.array(z.string().regex(STEP_ID, 'step ids are snake_case')).min(1),
    repeatFrom: z.number().int().min(0),
    holdStep: z.string().optional(),
    holdSeconds: z.number().int().min(1).max(300).optional(),
    reps: z.number().int().min(1).max(30).optional(),
    sets: z.number().int().min(1).max(5),
    sides: z.enum(SIDE_MODES),
    cautions: z.array(z.enum(CAUTION_IDS)),
    excludedBy: z.array(exclusion),
  })
  .strict()
  .superRefine((e, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (new Set(e.steps).size !== e.steps.length) issue('steps', 'step ids must be unique');
    if (new Set(e.phases).size !== e.phases.length) issue('phases', 'phases must be unique');
    if (e.repeatFrom >= e.steps.length) issue('repeatFrom', 'must point at a step');
    if ((e.holdStep === undefined) !== (e.holdSeconds === undefined))
      issue('holdStep', 'holdStep and holdSeconds go together');
    if (e.holdStep !== undefined && e.steps.indexOf(e.holdStep) < e.repeatFrom)
      issue('holdStep', 'must be one of the repeated steps');
    if (e.ladder !== undefined && e.direction !== 'extension') issue('ladder', 'the cobra ladder is extension');
  });

const library = z.array(entry).superRefine((list, ctx) => {
  const ids = list.map((e) => e.id);
  for (const id of EXERCISE_IDS)
    if (!ids.includes(id)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `missing exercise "${id}"` });
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'id'], message: `duplicate exercise "${id}"` });
  });
  const levels = list.flatMap((e) => (e.ladder ? [e.ladder] : [])).sort();
  if (levels.join() !== '1,2,3')
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'the cobra ladder needs exactly levels 1, 2 and 3' });
});

/**
 * Validates raw library data; throws an Error naming the entry and field of every problem, e.g.
 * `exercise library is invalid: [4 prone_lying].sets: Expected number, received string`.
 */
export function parseLibrary(raw: unknown): readonly Exercise[] {
  const result = library.safeParse(raw);
  if (result.success) return result.data;
  const where = (path: (string | number)[]) => {
    const [i, ...rest] = path;
    const id = typeof i === 'number' && Array.isArray(raw) ? (raw[i] as { id?: unknown } | undefined)?.id : undefined;
    const head = typeof i === 'number' ? `[${i}${typeof id === 'string' ? ` ${id}` : ''}]` : '';
    return head + rest.map((p) => `.${p}`).join('');
  };
  const lines = result.error.issues.map((e) => `${where(e.path) || '(library)'}: ${e.message}`);
  throw new Error(`exercise library is invalid: ${lines.join('; ')}`);
}
