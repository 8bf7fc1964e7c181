import type { i18n as I18n } from 'i18next';
import { allQuestionIds, questionSpec, type QuestionId } from '../../dialogs/questions.js';
import { COMMANDS, type Command } from '../../dialogs/conversation.setup.js';
import { LANGUAGES, type Language } from './language.js';
import { foldText } from './text-normalize.js';

/**
 * How typed answers and command words are compared: folded as the red-flag phrases are (lower
 * case, no accents, no apostrophes), with punctuation as spaces and single spaces.
 */
export function fold(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ANSWER_WORD_GROUPS = ['any', 'number', 'choice', 'multi', 'pain', 'country', 'age', 'score', 'duration'] as const;
/**
 * A group of words that may stand around an answer without making it a story
 * (`understand:answer_words.<group>`): "please" and "I think" around any answer, "about" and "I'm"
 * around a number, "years old" around an age, "and" between the choices of a multi-select answer,
 * "down to my" around a pain level, and so on.
 */
export type AnswerWordGroup = (typeof ANSWER_WORD_GROUPS)[number];

const UNITS = ['day', 'week', 'month', 'year'] as const;
/** A unit a number answer may carry (`understand:units.<unit>`). */
export type Unit = (typeof UNITS)[number];

/** Words the bot recognises, per language, read once from locales/ at start-up. */
export interface Lexicon {
  /** Folded title or synonym → choice value, for a question. */
  choicePhrases(lng: Language, questionId: QuestionId): ReadonlyMap<string, string>;
  /** Folded phrase → command. */
  commandPhrases(lng: Language): ReadonlyMap<string, Command>;
  /** Folded words meaning "none of these" in a multi question. */
  nonePhrases(lng: Language): ReadonlySet<string>;
  /** Folded words meaning "all of these" ("both", "ambas") in a multi question. */
  allPhrases(lng: Language): ReadonlySet<string>;
  /** Folded greetings ("hello", "hola"): a message that only greets answers nothing. */
  greetings(lng: Language): ReadonlySet<string>;
  /** Single folded words of an answer-word group. */
  answerWords(lng: Language, group: AnswerWordGroup): ReadonlySet<string>;
  /** Folded word → the unit it names ("weeks" → week, "años" → year). */
  unitWords(lng: Language): ReadonlyMap<string, Unit>;
  /** Folded words that count one of a unit ("a week", "un mes"). */
  oneWords(lng: Language): ReadonlySet<string>;
  /** Folded phrases that answer a count with 0 ("no thanks" to a reminder). */
  zeroPhrases(lng: Language): ReadonlySet<string>;
}

function list(i18n: I18n, lng: Language, key: string): string[] {
  const v: unknown = i18n.getResource(lng, key.split(':')[0]!, key.split(':')[1]!);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** The single folded words of a list's phrases. */
const wordsOf = (phrases: readonly string[]): Set<string> =>
  new Set(phrases.flatMap((p) => fold(p).split(' ')).filter(Boolean));

/** Builds the lexicon from the loaded locale resources (no I/O). */
export function createLexicon(i18n: I18n): Lexicon {
  const choices = new Map<string, Map<string, string>>();
  const commands = new Map<Language, Map<string, Command>>();
  const none = new Map<Language, Set<string>>();
  const all = new Map<Language, Set<string>>();
  const greetings = new Map<Language, Set<string>>();
  const answerWords = new Map<string, Set<string>>();
  const units = new Map<Language, Map<string, Unit>>();
  const one = new Map<Language, Set<string>>();
  const zero = new Map<Language, Set<string>>();
  for (const lng of LANGUAGES) {
    for (const id of allQuestionIds()) {
      const spec = questionSpec(id);
      if (!spec.choices) continue;
      const phrases = new Map<string, string>();
      for (const choice of spec.choices) {
        for (const p of [
          ...list(i18n, lng, `${choice.labelKey}.title`),
          ...list(i18n, lng, `${choice.labelKey}.synonyms`),
        ]) {
          const f = fold(p);
          if (f && !phrases.has(f)) phrases.set(f, choice.value);
        }
      }
      choices.set(`${lng}|${id}`, phrases);
    }
    const cmd = new Map<string, Command>();
    for (const c of COMMANDS) for (const p of list(i18n, lng, `understand:commands.${c}`)) cmd.set(fold(p), c);
    commands.set(lng, cmd);
    none.set(lng, new Set(list(i18n, lng, 'understand:none').map(fold)));
    all.set(lng, new Set(list(i18n, lng, 'understand:all').map(fold)));
    greetings.set(lng, new Set(list(i18n, lng, 'understand:greetings').map(fold)));
    for (const group of ANSWER_WORD_GROUPS)
      answerWords.set(`${lng}|${group}`, wordsOf(list(i18n, lng, `understand:answer_words.${group}`)));
    const unitMap = new Map<string, Unit>();
    for (const unit of UNITS)
      for (const w of wordsOf(list(i18n, lng, `understand:units.${unit}`))) unitMap.set(w, unit);
    units.set(lng, unitMap);
    one.set(lng, wordsOf(list(i18n, lng, 'understand:one')));
    zero.set(lng, new Set(list(i18n, lng, 'understand:zero').map(fold)));
  }
  return {
    choicePhrases: (lng, id) => choices.get(`${lng}|${id}`) ?? new Map(),
    commandPhrases: (lng) => commands.get(lng) ?? new Map(),
    nonePhrases: (lng) => none.get(lng) ?? new Set(),
    allPhrases: (lng) => all.get(lng) ?? new Set(),
    greetings: (lng) => greetings.get(lng) ?? new Set(),
    answerWords: (lng, group) => answerWords.get(`${lng}|${group}`) ?? new Set(),
    unitWords: (lng) => units.get(lng) ?? new Map(),
    oneWords: (lng) => one.get(lng) ?? new Set(),
    zeroPhrases: (lng) => zero.get(lng) ?? new Set(),
  };
}
