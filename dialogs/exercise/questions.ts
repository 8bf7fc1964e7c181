/**
 * The exercise questions of CONTRACT §3 (`exercise.pick`, `exercise.step`, `pain.now`) in the
 * shape of the question catalog (dialogs/questions.ts), ready to be added to it. Each choice
 * names the locale key of its title (`<labelKey>.title`) and synonyms (`<labelKey>.synonyms`).
 */
import { PAIN_LEVELS } from '../pain.js';
import type { Choice, QuestionKind } from '../choice.js';
import { EXERCISE_IDS, type ExerciseId } from './ids.js';

export type ExerciseQuestionId = 'exercise.pick' | 'exercise.step' | 'pain.now';

export interface ExerciseQuestionSpec {
  id: ExerciseQuestionId;
  kind: QuestionKind;
  textKey: string;
  choices: readonly Choice[];
}

/** Values of `exercise.step` (CONTRACT §3). */
const STEP_CHOICES = ['next', 'repeat', 'stop'] as const;

/** Choices of `exercise.pick`: the given exercises (e.g. today's session), then `done`. */
export function pickChoices(ids: readonly ExerciseId[] = EXERCISE_IDS): Choice[] {
  return [
    ...ids.map((id) => ({ value: id, labelKey: `exercises:${id}` })),
    { value: 'done', labelKey: 'exercises:choices.done' },
  ];
}

/** The three specs; `exercise.pick` offers the whole library (narrow it with `pickChoices`). */
export const EXERCISE_QUESTIONS: readonly ExerciseQuestionSpec[] = [
  { id: 'exercise.pick', kind: 'choice', textKey: 'exercises:pick', choices: pickChoices() },
  {
    id: 'exercise.step',
    kind: 'choice',
    textKey: 'exercises:step',
    choices: STEP_CHOICES.map((v) => ({ value: v, labelKey: `exercises:choices.${v}` })),
  },
  {
    id: 'pain.now',
    kind: 'choice',
    textKey: 'exercises:pain_now',
    choices: PAIN_LEVELS.map((v) => ({ value: v, labelKey: `choices:pain.${v}` })),
  },
];
