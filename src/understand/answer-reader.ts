import { recognizeBoolean } from '@microsoft/recognizers-text-choice';
import { recognizeNumber, recognizeOrdinal } from '@microsoft/recognizers-text-number';
import type { QuestionSpec } from '../../dialogs/questions.js';
import type { AnswerValue } from '../../dialogs/conversation.setup.js';
import { cultureOf, type Language } from './language.js';
import { fold, type Lexicon } from './lexicon.js';

/** What arrived: the typed text and/or the button value (`value.answer`). */
export interface RawAnswer {
  text?: string;
  answer?: unknown;
}

const inRange = (spec: QuestionSpec, n: number) => Number.isFinite(n) && n >= (spec.min ?? -Infinity) && n <= (spec.max ?? Infinity);
const values = (spec: QuestionSpec) => spec.choices?.map((c) => c.value) ?? [];

/** A button or card value, checked against the question. */
function fromValue(spec: QuestionSpec, answer: unknown): AnswerValue | undefined {
  if (spec.kind === 'number') {
    const n = typeof answer === 'number' ? answer : typeof answer === 'string' && answer.trim() !== '' ? Number(answer) : NaN;
    return inRange(spec, n) ? n : undefined;
  }
  if (spec.kind === 'multi') {
    // Adaptive Card multi-select inputs submit "a,b"; an empty selection submits "".
    const arr = Array.isArray(answer) ? answer : typeof answer === 'string' ? answer.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    if (!arr || !arr.every((v) => typeof v === 'string' && values(spec).includes(v))) return undefined;
    return [...new Set(arr as string[])];
  }
  return typeof answer === 'string' && values(spec).includes(answer) ? answer : undefined;
}

function readNumber(spec: QuestionSpec, text: string, lng: Language): number | undefined {
  const outOf10 = /(\d+(?:[.,]\d+)?)\s*(?:\/|out of|de|sobre)\s*10\b/i.exec(text);
  const candidates = outOf10 ? [outOf10[1]!] : recognizeNumber(text, cultureOf(lng)).map((r) => String(r.resolution?.value ?? ''));
  for (const c of candidates) {
    const n = Number(c.replace(',', '.'));
    if (inRange(spec, n)) return spec.id === 'age' ? Math.floor(n) : Math.round(n * 10) / 10;
  }
  return undefined;
}

/**
 * Choices the text names (whole-phrase matches), longest phrase first: a phrase inside a longer
 * one that matched ("no" in "no se") doesn't count on its own.
 */
function namedChoices(folded: string, phrases: ReadonlyMap<string, string>): Set<string> {
  const found = new Set<string>();
  let padded = ` ${folded} `;
  for (const [phrase, value] of [...phrases].sort((a, b) => b[0].length - a[0].length)) {
    if (!padded.includes(` ${phrase} `)) continue;
    found.add(value);
    padded = padded.split(` ${phrase} `).join(' | ');
  }
  return found;
}

/** "the second one", "la tercera": the choice at that position. */
function byOrdinal(spec: QuestionSpec, text: string, lng: Language): string | undefined {
  const ordinal = recognizeOrdinal(text, cultureOf(lng))[0]?.resolution?.value;
  return ordinal ? spec.choices?.[Number(ordinal) - 1]?.value : undefined;
}

function readChoice(spec: QuestionSpec, text: string, lng: Language, lexicon: Lexicon): string | undefined {
  const folded = fold(text);
  const phrases = lexicon.choicePhrases(lng, spec.id);
  const exact = phrases.get(folded);
  if (exact) return exact;
  if (/^\d{1,2}$/.test(folded)) return spec.choices?.[Number(folded) - 1]?.value;
  const named = namedChoices(folded, phrases);
  if (named.size === 1) return [...named][0];
  if (named.size > 1) return undefined;
  const ordinal = byOrdinal(spec, text, lng);
  if (ordinal) return ordinal;
  if (values(spec).includes('yes')) {
    const b = recognizeBoolean(text, cultureOf(lng))[0]?.resolution?.value;
    if (b === true) return 'yes';
    if (b === false) return 'no';
  }
  return undefined;
}

function readMulti(spec: QuestionSpec, text: string, lng: Language, lexicon: Lexicon): string[] | undefined {
  const folded = fold(text);
  if (lexicon.nonePhrases(lng).has(folded) || folded === '0') return [];
  if (lexicon.allPhrases(lng).has(folded)) return (spec.choices ?? []).map((c) => c.value);
  if (/^\d{1,2}( \d{1,2})*$/.test(folded.replace(/ (and|y|e)\b/g, ''))) {
    const picked = folded.replace(/ (and|y|e)\b/g, '').split(' ').map((n) => spec.choices?.[Number(n) - 1]?.value);
    return picked.every((v): v is string => !!v) ? [...new Set(picked)] : undefined;
  }
  const named = namedChoices(folded, lexicon.choicePhrases(lng, spec.id));
  if (named.size) return [...named];
  const ordinal = byOrdinal(spec, text, lng);
  return ordinal ? [ordinal] : undefined;
}

/**
 * Reads an answer to `spec`: the button value first, else the text (choice number, title or
 * synonym, yes/no words, numbers in words). `undefined` means "couldn't read it: ask again".
 */
export function readAnswer(spec: QuestionSpec, raw: RawAnswer, lng: Language, lexicon: Lexicon): AnswerValue | undefined {
  if (raw.answer !== undefined && raw.answer !== null) return fromValue(spec, raw.answer);
  const text = raw.text?.trim();
  if (!text) return undefined;
  if (spec.kind === 'number') return readNumber(spec, text, lng);
  if (spec.kind === 'multi') return readMulti(spec, text, lng, lexicon);
  return readChoice(spec, text, lng, lexicon);
}

/** Loads the recognizers' tables so the first patient doesn't wait for them. */
export function warmRecognizers(lng: Language): void {
  recognizeNumber('seven', cultureOf(lng));
  recognizeBoolean('yes', cultureOf(lng));
}
