import { COUNTRY_CHOICES } from './countries.js';
import { PAIN_LEVELS } from './pain.js';
import { ALL_FLAGS, FLAG_GROUPS, type FlagGroup } from './triage/red-flags.js';
import type { AskableFinding } from './triage/decide.js';
import { EXERCISE_QUESTIONS, type ExerciseQuestionId } from './exercise/questions.js';
import { WALK_ANSWERS } from './exercise/walks.js';
import { RUN_ANSWERS } from './exercise/running.js';

/**
 * The question catalog of CONTRACT §3: ids, kinds and stable values. Each choice names the
 * locale key of its title (`<labelKey>.title`) and synonyms (`<labelKey>.synonyms`).
 */
export type QuestionKind = 'choice' | 'multi' | 'number';

export interface Choice {
  value: string;
  labelKey: string;
}

export interface QuestionSpec {
  id: QuestionId;
  kind: QuestionKind;
  choices?: readonly Choice[];
  min?: number;
  max?: number;
  /** Locale key of the question text. */
  textKey: string;
}

export type QuestionId =
  | 'consent'
  | 'age'
  | 'country'
  /** One red flag (yes/no/unsure): every catalog flag, and `breathless` after a swollen calf (rule 4). */
  | `redflag.${AskableFinding}`
  | `redflags.${FlagGroup}`
  | 'pain.left'
  | 'pain.right'
  | 'pain.score'
  | 'pain.weeks'
  | 'language'
  | 'checkin.start'
  /** CLINICAL §5's phase-2 gate, at check-ins from phase 2 on. */
  | 'checkin.walk'
  /** The walk-run session since the last check-in, once a stage has been given (§5). */
  | 'checkin.run'
  | 'reminder.days'
  | 'forget.confirm'
  | ExerciseQuestionId
  | 'exercise.numbness'
  | 'clinician.cleared';

/** Languages a user can choose (with complete locale files). */
export const LANGUAGE_CHOICES = ['en', 'es'] as const;

const YES_NO_UNSURE = (['yes', 'no', 'unsure'] as const).map((v) => ({ value: v, labelKey: `choices:yesno.${v}` }));
const PAIN_CHOICES = PAIN_LEVELS.map((v) => ({ value: v, labelKey: `choices:pain.${v}` }));

function build(): Map<string, QuestionSpec> {
  const specs: QuestionSpec[] = [
    { id: 'consent', kind: 'choice', textKey: 'questions:consent', choices: ['agree', 'decline'].map((v) => ({ value: v, labelKey: `choices:consent.${v}` })) },
    { id: 'age', kind: 'number', min: 0, max: 120, textKey: 'questions:age' },
    { id: 'country', kind: 'choice', textKey: 'questions:country', choices: COUNTRY_CHOICES.map((v) => ({ value: v, labelKey: `choices:country.${v}` })) },
    ...[...ALL_FLAGS, 'breathless' as const].map((f): QuestionSpec => ({ id: `redflag.${f}`, kind: 'choice', textKey: `flags:${f}.question`, choices: YES_NO_UNSURE })),
    ...(Object.keys(FLAG_GROUPS) as FlagGroup[]).map(
      (g): QuestionSpec => ({ id: `redflags.${g}`, kind: 'multi', textKey: `questions:redflags.${g}`, choices: FLAG_GROUPS[g].map((f) => ({ value: f, labelKey: `flags:${f}` })) }),
    ),
    { id: 'pain.left', kind: 'choice', textKey: 'questions:pain.left', choices: PAIN_CHOICES },
    { id: 'pain.right', kind: 'choice', textKey: 'questions:pain.right', choices: PAIN_CHOICES },
    { id: 'pain.score', kind: 'number', min: 0, max: 10, textKey: 'questions:pain.score' },
    { id: 'pain.weeks', kind: 'number', min: 0, max: 520, textKey: 'questions:pain.weeks' },
    { id: 'checkin.start', kind: 'choice', textKey: 'questions:checkin.start', choices: ['yes', 'later'].map((v) => ({ value: v, labelKey: `choices:checkin.${v}` })) },
    { id: 'checkin.walk', kind: 'choice', textKey: 'questions:checkin.walk', choices: WALK_ANSWERS.map((v) => ({ value: v, labelKey: `choices:walk.${v}` })) },
    { id: 'checkin.run', kind: 'choice', textKey: 'questions:checkin.run', choices: RUN_ANSWERS.map((v) => ({ value: v, labelKey: `choices:run.${v}` })) },
    { id: 'reminder.days', kind: 'number', min: 0, max: 30, textKey: 'questions:reminder.days' },
    { id: 'forget.confirm', kind: 'choice', textKey: 'questions:forget.confirm', choices: ['delete', 'keep'].map((v) => ({ value: v, labelKey: `choices:forget.${v}` })) },
    ...EXERCISE_QUESTIONS,
    { id: 'exercise.numbness', kind: 'choice', textKey: 'exercises:new_numbness', choices: YES_NO_UNSURE },
    { id: 'clinician.cleared', kind: 'choice', textKey: 'questions:clinician.cleared', choices: YES_NO_UNSURE.slice(0, 2) },
    { id: 'language', kind: 'choice', textKey: 'questions:language', choices: LANGUAGE_CHOICES.map((v) => ({ value: v, labelKey: `choices:language.${v}` })) },
  ];
  return new Map(specs.map((s) => [s.id, s]));
}

const CATALOG = build();

/** The spec of a question id; throws on an unknown id (a programming error). */
export function questionSpec(id: QuestionId): QuestionSpec {
  const spec = CATALOG.get(id);
  if (!spec) throw new Error(`unknown question id: ${id}`);
  return spec;
}

/**
 * The question as put to the user now: `exercise.pick` offers only `offered` (today's session
 * and `done`), so "2" means the second exercise shown.
 */
export function offeredSpec(id: QuestionId, offered: readonly string[] | null): QuestionSpec {
  const spec = questionSpec(id);
  if (!offered || !spec.choices) return spec;
  return { ...spec, choices: offered.map((v) => spec.choices!.find((c) => c.value === v)).filter((c): c is Choice => !!c) };
}

/** Every question id of the catalog. */
export function allQuestionIds(): QuestionId[] {
  return [...CATALOG.keys()] as QuestionId[];
}

/** True for a known question id (for ids read back from storage). */
export function isQuestionId(id: unknown): id is QuestionId {
  return typeof id === 'string' && CATALOG.has(id);
}
