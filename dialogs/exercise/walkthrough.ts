/**
 * Planning the guided walk through one exercise: one message per step, counting sides and sets
 * ("left side, set 2 of 3"), and what each step message carries (CONTRACT §4
 * `channelData.exercise`). Pure: ids and numbers only; the words are in exercises.json.
 */
import type { Exercise } from './library.schema.js';
import type { ExerciseId, Side } from './ids.js';

/** One message of a walkthrough. */
export interface WalkStep {
  exerciseId: ExerciseId;
  /** Step id; words under `exercises:<exerciseId>.steps.<stepId>`. */
  stepId: string;
  /** 1-based position in the walkthrough. */
  step: number;
  /** Messages in the whole walkthrough. */
  steps: number;
  /** The side being worked, for exercises done per side. */
  side?: Side;
  /** 1-based set, on repeated steps of exercises with more than one set. */
  set?: number;
  sets?: number;
  /** On the timed step: how long to hold (or massage). */
  holdSeconds?: number;
  /** On the last repeated step: repetitions of the repeated steps in this set. */
  reps?: number;
}

/** `channelData.exercise` of CONTRACT §4. */
export interface ExerciseChannelData {
  id: ExerciseId;
  step: number;
  steps: number;
  side?: Side;
  holdSeconds?: number;
}

export interface PlanOptions {
  /** The side to start with (e.g. the sore side); default `left`. */
  firstSide?: Side;
}

type Draft = Omit<WalkStep, 'step' | 'steps'>;

/**
 * The messages of a walkthrough, in order. Setup steps (before `repeatFrom`) come once, or once
 * per side for `sides: 'both'`; the repeated steps come once per set (and side). With
 * `alternate`, each set does one side then the other; with `both`, all sets on one side first.
 */
export function planSteps(exercise: Exercise, opts: PlanOptions = {}): WalkStep[] {
  const first = opts.firstSide ?? 'left';
  const order: Side[] = first === 'left' ? ['left', 'right'] : ['right', 'left'];
  const setup = exercise.steps.slice(0, exercise.repeatFrom);
  const repeated = exercise.steps.slice(exercise.repeatFrom);
  const out: Draft[] = [];

  const pushSetup = (side?: Side) => {
    for (const stepId of setup) out.push({ exerciseId: exercise.id, stepId, ...(side && { side }) });
  };
  const pushSet = (set: number, side?: Side) => {
    repeated.forEach((stepId, i) => {
      out.push({
        exerciseId: exercise.id,
        stepId,
        ...(side && { side }),
        ...(exercise.sets > 1 && { set, sets: exercise.sets }),
        ...(stepId === exercise.holdStep &&
          exercise.holdSeconds !== undefined && { holdSeconds: exercise.holdSeconds }),
        ...(i === repeated.length - 1 && exercise.reps !== undefined && { reps: exercise.reps }),
      });
    });
  };
  const sets = Array.from({ length: exercise.sets }, (_, i) => i + 1);

  if (exercise.sides === 'both') {
    for (const side of order) {
      pushSetup(side);
      for (const set of sets) pushSet(set, side);
    }
  } else {
    pushSetup();
    for (const set of sets) {
      if (exercise.sides === 'alternate') for (const side of order) pushSet(set, side);
      else pushSet(set);
    }
  }
  return out.map((d, i) => ({ ...d, step: i + 1, steps: out.length }));
}

/** `channelData.exercise` for a step message (CONTRACT §4): only the keys that apply. */
export function stepChannelData(step: WalkStep): ExerciseChannelData {
  return {
    id: step.exerciseId,
    step: step.step,
    steps: step.steps,
    ...(step.side && { side: step.side }),
    ...(step.holdSeconds !== undefined && { holdSeconds: step.holdSeconds }),
  };
}

/**
 * One line of a step message: a locale key with its values. `nested` names values that are
 * themselves locale keys, to translate first (the side's word inside "Left side, set 2 of 3").
 */
export interface LocaleLine {
  key: string;
  values?: Record<string, number>;
  nested?: Record<string, string>;
}

/**
 * The lines of a step message, in order: where we are (side/set), the step, the hold or reps,
 * and the stop rule that every exercise message carries (CLINICAL §6).
 */
export function stepLines(step: WalkStep): LocaleLine[] {
  const lines: LocaleLine[] = [];
  const side = step.side && { side: `exercises:sides.${step.side}` };
  if (side && step.set !== undefined && step.sets !== undefined)
    lines.push({ key: 'exercises:side_set', values: { set: step.set, sets: step.sets }, nested: side });
  else if (side) lines.push({ key: 'exercises:side_only', nested: side });
  else if (step.set !== undefined && step.sets !== undefined)
    lines.push({ key: 'exercises:set_only', values: { set: step.set, sets: step.sets } });
  lines.push({ key: `exercises:${step.exerciseId}.steps.${step.stepId}` });
  if (step.holdSeconds !== undefined) lines.push({ key: 'exercises:hold', values: { seconds: step.holdSeconds } });
  if (step.reps !== undefined) lines.push({ key: 'exercises:reps', values: { reps: step.reps } });
  lines.push({ key: 'exercises:stop_rule' });
  return lines;
}
