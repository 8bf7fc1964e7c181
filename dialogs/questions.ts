/**
 * The question catalog of CONTRACT §3: ids, kinds and stable values. Each choice names the
 * locale key of its title (`<labelKey>.title`) and synonyms (`<labelKey>.synonyms`).
 */
import type { Choice, QuestionKind } from './choice.js';
import { COUNTRY_CHOICES } from './countries.js';
import { PAIN_LEVELS } from './pain.js';
import { ALL_FLAGS, CES_FLAGS, EMERGENCY_FLAGS, FLAG_GROUPS, type FlagGroup, type FlagId } from './triage/red-flags.js';
import type { AskableFinding } from './triage/decide.js';
import { EXERCISE_QUESTIONS, type ExerciseQuestionId } from './exercise/questions.js';
import { WALK_ANSWERS } from './exercise/walks.js';
import { RUN_ANSWERS } from './exercise/running.js';

/** The flows whose questions come from this table, in its order. */
export type Flow = 'intake' | 'checkin';

/** The context field an answer fills (applied by the `fill` action). */
export type Fill =
  | { flag: AskableFinding }
  | { group: FlagGroup }
  | { pain: 'left' | 'right' }
  | { number: 'age' | 'score' | 'weeks' }
  | { walking: 'walk' | 'run' };

/**
 * What an answer decides beyond filling its field: `emergencyOnYes` (§2d rule 1), `group` (rules
 * 2–4 and the breathless question), `bothLegs` (the pain map reaching both thighs).
 */
export type Rule = 'emergencyOnYes' | 'group' | 'bothLegs';

/** A guard (named in the machine's setup) that says whether a flow's question is due now. */
export type DueGuard = 'walkDue' | 'runDue';

export interface QuestionSpec {
  id: QuestionId;
  kind: QuestionKind;
  choices?: readonly Choice[];
  min?: number;
  max?: number;
  /** Locale key of the question text. */
  textKey: string;
  /** The flows that ask it, in the table's order. */
  in?: readonly Flow[];
  fills?: Fill;
  rule?: Rule;
  /** Asked only when this guard holds (else the flow goes on to the next question). */
  when?: DueGuard;
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
const LANGUAGE_CHOICES = ['en', 'es'] as const;

const YES_NO_UNSURE = (['yes', 'no', 'unsure'] as const).map((v) => ({ value: v, labelKey: `choices:yesno.${v}` }));
const PAIN_CHOICES = PAIN_LEVELS.map((v) => ({ value: v, labelKey: `choices:pain.${v}` }));

const INTAKE: readonly Flow[] = ['intake'];
const CHECKIN: readonly Flow[] = ['checkin'];
const BOTH: readonly Flow[] = ['intake', 'checkin'];
const EMERGENCY: readonly string[] = EMERGENCY_FLAGS;
const CES: readonly string[] = CES_FLAGS;

/** CLINICAL §2: the emergency tier in every intake, one flag a question; its cauda equina part at every check-in. */
function flagRow(f: FlagId | 'breathless'): Pick<QuestionSpec, 'in' | 'fills' | 'rule'> {
  if (!EMERGENCY.includes(f)) return {};
  return { in: CES.includes(f) ? BOTH : INTAKE, fills: { flag: f }, rule: 'emergencyOnYes' };
}

function build(): Map<string, QuestionSpec> {
  const specs: QuestionSpec[] = [
    {
      id: 'consent',
      kind: 'choice',
      textKey: 'questions:consent',
      choices: ['agree', 'decline'].map((v) => ({ value: v, labelKey: `choices:consent.${v}` })),
    },
    { id: 'age', kind: 'number', min: 0, max: 120, textKey: 'questions:age', fills: { number: 'age' } },
    {
      id: 'country',
      kind: 'choice',
      textKey: 'questions:country',
      choices: COUNTRY_CHOICES.map((v) => ({ value: v, labelKey: `choices:country.${v}` })),
    },
    ...[...ALL_FLAGS, 'breathless' as const].map((f): QuestionSpec => ({
      id: `redflag.${f}`,
      kind: 'choice',
      textKey: `flags:${f}.question`,
      choices: YES_NO_UNSURE,
      ...flagRow(f),
    })),
    ...(Object.keys(FLAG_GROUPS) as FlagGroup[]).map((g): QuestionSpec => ({
      id: `redflags.${g}`,
      kind: 'multi',
      textKey: `questions:redflags.${g}`,
      choices: FLAG_GROUPS[g].map((f) => ({ value: f, labelKey: `flags:${f}` })),
      in: g === 'nerves' ? BOTH : INTAKE,
      fills: { group: g },
      rule: 'group',
    })),
    {
      id: 'pain.left',
      kind: 'choice',
      textKey: 'questions:pain.left',
      choices: PAIN_CHOICES,
      in: BOTH,
      fills: { pain: 'left' },
    },
    {
      id: 'pain.right',
      kind: 'choice',
      textKey: 'questions:pain.right',
      choices: PAIN_CHOICES,
      in: BOTH,
      fills: { pain: 'right' },
      rule: 'bothLegs',
    },
    {
      id: 'pain.score',
      kind: 'number',
      min: 0,
      max: 10,
      textKey: 'questions:pain.score',
      in: BOTH,
      fills: { number: 'score' },
    },
    // Only an intake's record holds the weeks: that is how the trend tells the intake's pain map (its baseline).
    {
      id: 'pain.weeks',
      kind: 'number',
      min: 0,
      max: 520,
      textKey: 'questions:pain.weeks',
      in: INTAKE,
      fills: { number: 'weeks' },
    },
    {
      id: 'checkin.start',
      kind: 'choice',
      textKey: 'questions:checkin.start',
      choices: ['yes', 'later'].map((v) => ({ value: v, labelKey: `choices:checkin.${v}` })),
    },
    {
      id: 'checkin.walk',
      kind: 'choice',
      textKey: 'questions:checkin.walk',
      choices: WALK_ANSWERS.map((v) => ({ value: v, labelKey: `choices:walk.${v}` })),
      in: CHECKIN,
      fills: { walking: 'walk' },
      when: 'walkDue',
    },
    {
      id: 'checkin.run',
      kind: 'choice',
      textKey: 'questions:checkin.run',
      choices: RUN_ANSWERS.map((v) => ({ value: v, labelKey: `choices:run.${v}` })),
      in: CHECKIN,
      fills: { walking: 'run' },
      when: 'runDue',
    },
    { id: 'reminder.days', kind: 'number', min: 0, max: 30, textKey: 'questions:reminder.days' },
    {
      id: 'forget.confirm',
      kind: 'choice',
      textKey: 'questions:forget.confirm',
      choices: ['delete', 'keep'].map((v) => ({ value: v, labelKey: `choices:forget.${v}` })),
    },
    ...EXERCISE_QUESTIONS,
    { id: 'exercise.numbness', kind: 'choice', textKey: 'exercises:new_numbness', choices: YES_NO_UNSURE },
    {
      id: 'clinician.cleared',
      kind: 'choice',
      textKey: 'questions:clinician.cleared',
      choices: YES_NO_UNSURE.slice(0, 2),
    },
    {
      id: 'language',
      kind: 'choice',
      textKey: 'questions:language',
      choices: LANGUAGE_CHOICES.map((v) => ({ value: v, labelKey: `choices:language.${v}` })),
    },
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
  return {
    ...spec,
    choices: offered.map((v) => spec.choices!.find((c) => c.value === v)).filter((c): c is Choice => !!c),
  };
}

/** A flow's questions, in asking order (the table's). */
export function flowQuestions(flow: Flow): QuestionSpec[] {
  return [...CATALOG.values()].filter((s) => s.in?.includes(flow));
}

/** Every question id of the catalog. */
export function allQuestionIds(): QuestionId[] {
  return [...CATALOG.keys()] as QuestionId[];
}
