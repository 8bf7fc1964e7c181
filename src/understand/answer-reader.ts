import type { QuestionSpec } from '../../dialogs/questions.js';
import type { AnswerValue } from '../../dialogs/conversation.setup.js';
import { cultureOf, type Language } from './language.js';
import { fold, type AnswerWordGroup, type Lexicon } from './lexicon.js';
import { readNumberAnswer } from './number-answer.js';
import { recognizeBoolean, recognizeNumber, recognizeOrdinal } from './recognizers.js';

/** What arrived: the typed text and/or the button value (`value.answer`). */
export interface RawAnswer {
  text?: string;
  answer?: unknown;
}

const inRange = (spec: QuestionSpec, n: number) =>
  Number.isFinite(n) && n >= (spec.min ?? -Infinity) && n <= (spec.max ?? Infinity);
const values = (spec: QuestionSpec) => spec.choices?.map((c) => c.value) ?? [];

/** A button or card value, checked against the question. */
function fromValue(spec: QuestionSpec, answer: unknown): AnswerValue | undefined {
  if (spec.kind === 'number') {
    const n =
      typeof answer === 'number' ? answer : typeof answer === 'string' && answer.trim() !== '' ? Number(answer) : NaN;
    return inRange(spec, n) ? n : undefined;
  }
  if (spec.kind === 'multi') {
    // Adaptive Card multi-select inputs submit "a,b"; an empty selection submits "".
    const arr = Array.isArray(answer)
      ? answer
      : typeof answer === 'string'
        ? answer
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
    if (!arr || !arr.every((v) => typeof v === 'string' && values(spec).includes(v))) return undefined;
    return [...new Set(arr as string[])];
  }
  return typeof answer === 'string' && values(spec).includes(answer) ? answer : undefined;
}

/**
 * What yes and no words mean for a question that asks for a decision: yes/no/unsure questions take
 * them as they are; consent and the check-in offer as agreeing or not.
 */
const BOOLEAN_CHOICES: Partial<Record<string, { yes: string; no: string }>> = {
  consent: { yes: 'agree', no: 'decline' },
  'checkin.start': { yes: 'yes', no: 'later' },
};

function booleanChoices(spec: QuestionSpec): { yes: string; no: string } | undefined {
  return (
    BOOLEAN_CHOICES[spec.id] ??
    (values(spec).includes('yes') && values(spec).includes('no') ? { yes: 'yes', no: 'no' } : undefined)
  );
}

/** Marks the end of a phrase taken out of a message, so two words around it never join into another phrase. */
const GAP = '|';
const NONE = '\u0000none';

/**
 * The choices a message names (whole-phrase matches, longest phrase first, so "no" in "no se" doesn't
 * count on its own) and the words left over once they are taken out.
 */
function namedChoices(folded: string, phrases: ReadonlyMap<string, string>): { found: Set<string>; rest: string[] } {
  const found = new Set<string>();
  let padded = ` ${folded} `;
  for (const [phrase, value] of [...phrases].sort((a, b) => b[0].length - a[0].length)) {
    if (!padded.includes(` ${phrase} `)) continue;
    found.add(value);
    // One at a time: in "no no" the second "no" shares its space with the first.
    while (padded.includes(` ${phrase} `)) padded = padded.replace(` ${phrase} `, ` ${GAP} `);
  }
  return { found, rest: padded.split(' ').filter((w) => w && w !== GAP) };
}

/** Words left after taking out one recognised span of `words` (joined by single spaces). */
function without(words: readonly string[], span: { start: number; end: number }): string[] {
  const joined = words.join(' ');
  return `${joined.slice(0, span.start)} ${joined.slice(span.end + 1)}`.split(' ').filter(Boolean);
}

/** The words that may stand around an answer to `spec` without making it a story. */
function answerWords(spec: QuestionSpec, lng: Language, lexicon: Lexicon): Set<string> {
  const groups: AnswerWordGroup[] = ['any', 'choice'];
  if (spec.kind === 'multi') groups.push('multi');
  if (spec.id === 'pain.left' || spec.id === 'pain.right' || spec.id === 'pain.now') groups.push('pain');
  if (spec.id === 'country') groups.push('country');
  return new Set(groups.flatMap((g) => [...lexicon.answerWords(lng, g)]));
}

/**
 * One choice from the words of a message that is only an answer: named by its title or a synonym,
 * by position ("the second one"), or as yes/no words, with nothing around it but answer words
 * ("yes please", "I think so"). "no pain in my back, it's my leg" names "no" inside a story: no answer.
 */
function readChoice(spec: QuestionSpec, text: string, lng: Language, lexicon: Lexicon): string | undefined {
  const folded = fold(text);
  const phrases = lexicon.choicePhrases(lng, spec.id);
  const exact = phrases.get(folded);
  if (exact) return exact;
  if (/^\d{1,2}$/.test(folded)) return spec.choices?.[Number(folded) - 1]?.value;
  let { found, rest } = namedChoices(folded, phrases);
  if (!found.size) {
    const ordinal = recognizeOrdinal(rest.join(' '), cultureOf(lng))[0];
    const picked = ordinal ? spec.choices?.[Number(ordinal.resolution.value) - 1]?.value : undefined;
    if (ordinal && picked) {
      found = new Set([picked]);
      rest = without(rest, ordinal);
    }
  }
  const yesNo = booleanChoices(spec);
  if (!found.size && yesNo) {
    const b = recognizeBoolean(rest.join(' '), cultureOf(lng))[0];
    const v: unknown = b?.resolution.value;
    if (b && typeof v === 'boolean') {
      found = new Set([v ? yesNo.yes : yesNo.no]);
      rest = without(rest, b);
    }
  }
  if (found.size !== 1) return undefined;
  const allowed = answerWords(spec, lng, lexicon);
  return rest.every((w) => allowed.has(w)) ? [...found][0] : undefined;
}

/**
 * The choices of a multi-select question a message is made of: "none" words, "both"/"all" words,
 * choice numbers ("1, 3"), or choice names joined by "and" and answer words. A choice named inside
 * a story ("I had a fever years ago") is not an answer.
 */
function readMulti(spec: QuestionSpec, text: string, lng: Language, lexicon: Lexicon): string[] | undefined {
  const folded = fold(text);
  if (lexicon.nonePhrases(lng).has(folded) || folded === '0') return [];
  if (lexicon.allPhrases(lng).has(folded)) return (spec.choices ?? []).map((c) => c.value);
  const numbers = folded.replace(/ (and|y|e)\b/g, '');
  if (/^\d{1,2}( \d{1,2})*$/.test(numbers)) {
    const picked = numbers.split(' ').map((n) => spec.choices?.[Number(n) - 1]?.value);
    return picked.every((v): v is string => !!v) ? [...new Set(picked)] : undefined;
  }
  const phrases = new Map(lexicon.choicePhrases(lng, spec.id));
  for (const p of lexicon.nonePhrases(lng)) if (!phrases.has(p)) phrases.set(p, NONE);
  let { found, rest } = namedChoices(folded, phrases);
  if (!found.size) {
    const ordinal = recognizeOrdinal(rest.join(' '), cultureOf(lng))[0];
    const picked = ordinal ? spec.choices?.[Number(ordinal.resolution.value) - 1]?.value : undefined;
    if (!ordinal || !picked) return undefined;
    found = new Set([picked]);
    rest = without(rest, ordinal);
  }
  const allowed = answerWords(spec, lng, lexicon);
  if (!rest.every((w) => allowed.has(w))) return undefined;
  if (found.has(NONE)) return found.size === 1 ? [] : undefined;
  return [...found];
}

/**
 * Reads an answer to `spec`: the button value first, else the text when it reads as an answer
 * (CONTRACT §3): the choice's number, title or synonym, yes/no words, a number in digits or
 * words, each alone or in a short answer phrase. `undefined` means "couldn't read it: ask again".
 */
export function readAnswer(
  spec: QuestionSpec,
  raw: RawAnswer,
  lng: Language,
  lexicon: Lexicon,
): AnswerValue | undefined {
  if (raw.answer !== undefined && raw.answer !== null) return fromValue(spec, raw.answer);
  const text = raw.text?.trim();
  if (!text) return undefined;
  if (spec.kind === 'number') return readNumberAnswer(spec, text, lng, lexicon);
  if (spec.kind === 'multi') return readMulti(spec, text, lng, lexicon);
  return readChoice(spec, text, lng, lexicon);
}

/** Words the warm-up reads in each language: its own, so the same paths run as in a patient's answer. */
const WARM_UP_WORDS: Record<Language, { yes: string; ordinal: string; number: string }> = {
  en: { yes: 'yes', ordinal: 'the second', number: 'seven' },
  es: { yes: 'sí', ordinal: 'el segundo', number: 'siete' },
};

/**
 * The steps that load the recognizers' tables for `lng`, cheapest first, one recognizer call each
 * (the largest, Spanish numbers, a few hundred milliseconds), so a scheduler can run them apart and
 * the first patient doesn't wait for them. Numbers run twice: V8 compiles a regular expression to
 * machine code on its second use, and the number recognizer's are large enough for that to cost
 * half as much again.
 */
export function recognizerWarmUps(lng: Language): (() => void)[] {
  const culture = cultureOf(lng);
  const words = WARM_UP_WORDS[lng];
  return [
    () => recognizeBoolean(words.yes, culture),
    () => recognizeOrdinal(words.ordinal, culture),
    () => recognizeNumber(words.number, culture),
    () => recognizeNumber(words.number, culture),
  ];
}
