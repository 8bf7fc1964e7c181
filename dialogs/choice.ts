/**
 * The shapes shared by every question of the catalog (CONTRACT §3), in their own module so that
 * the catalog (questions.ts) and the exercise questions it includes (exercise/questions.ts) both
 * use them without importing each other.
 */

/** How a question is answered: one choice, several, or a number. */
export type QuestionKind = 'choice' | 'multi' | 'number';

/** One choice of a question; its title and synonyms are under `<labelKey>.title` and `<labelKey>.synonyms`. */
export interface Choice {
  value: string;
  labelKey: string;
}
