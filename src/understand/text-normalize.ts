/**
 * Text folding and tokenization shared by the red-flag phrase lists and the messages they are
 * matched against: both sides go through the same functions, so a list written with accents,
 * capitals or apostrophes ("Sensación", "don't") matches a message typed without them.
 */

/**
 * Where a token sits relative to the punctuation before it: `None` (only spaces), `Soft` (a comma:
 * a pause inside one sentence) or `Hard` (full stop, question mark, semicolon, line break...).
 */
export const Boundary = { None: 0, Soft: 1, Hard: 2 } as const;
export type Boundary = (typeof Boundary)[keyof typeof Boundary];

/** Tokens of one message plus the punctuation boundary before each token. */
export interface Tokens {
  readonly words: readonly string[];
  readonly boundaries: readonly Boundary[];
  /** Whether the sentence of each token is a question (ends with "?" or starts with "¿"). */
  readonly questions: readonly boolean[];
  /** Whether the writer typed the token as "sí" (yes) with its accent, which folding drops ("si" is also "if"). */
  readonly stressedYes: readonly boolean[];
}

const HARD = new Set(['.', '!', '?', ';', '\n', '\r', '¿', '¡', '…', '•', '|']);
// A colon, dash or bracket usually adds to the words before it ("down there: numb", "numb (bum)").
const SOFT = new Set([',', ':', '—', '–', '(', ')', '[', ']', '、', '，']);
// Apostrophes vanish so "don't" and "dont" (how many people type it) become one token.
const APOSTROPHES = /['’‘`´ʼ]/g;
// "ñ" survives folding: año/ano and baño/bano differ in meaning (ano = anus).
const N_TILDE = '\u0000';
const N_TILDE_BACK = new RegExp(N_TILDE, 'g');

/**
 * Lower case, accents and other diacritics removed (NFD), apostrophes removed, letter runs of three
 * or more shortened to two ("peeeee" → "pee"). Punctuation is kept; see {@link tokenize}.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ñ/g, N_TILDE)
    .replace(/n\u0303/g, N_TILDE)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(N_TILDE_BACK, 'ñ')
    .replace(APOSTROPHES, '')
    .replace(/(\p{L})\1{2,}/gu, '$1$1');
}

// Digits and letters split ("5kg" → 5 kg, "38c" → 38 c) so units match the list words; a decimal
// stays one token ("38.5" is a temperature, not the end of a sentence).
const PIECES = /(\p{L}+|\p{N}+(?:[.,]\p{N}+)?)|([^\p{L}\p{N}]+)/gu;
const SPACED_DASH = /\s-+\s/;
// People end a thought with an emoji as often as with a full stop ("now the left too 😩 before it was the right").
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

// "Sí" (yes) and "si" (if) fold to one word; the accent, where the writer typed it, tells them apart.
// The long s is a letter no message holds, so the mark survives folding as a word of its own.
const STRESSED_YES = /(?<!\p{L})[sS][íÍ](?!\p{L})/gu;
const YES_MARK = 'sſ';

/**
 * Splits a message into folded word tokens. Any other character separates tokens; hard
 * punctuation marks a clause boundary and commas a soft one, recorded on the next token.
 */
// "leg's", "dad's", "it's": the base word, so a possessive is not read as a plural ("leg's numb" is one leg).
const APOSTROPHE_S = /(\p{L})['’‘`´ʼ]s\b/gu;

/** Drops an "'s" after a word ("leg's" → "leg"), as {@link tokenize} does before splitting. */
export function dropApostropheS(text: string): string {
  return text.replace(APOSTROPHE_S, '$1');
}

export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const boundaries: Boundary[] = [];
  const questions: boolean[] = [];
  const stressedYes: boolean[] = [];
  let pending: Boundary = Boundary.None;
  let sentenceStart = 0;
  let opened = false;
  for (const m of foldText(dropApostropheS(text).replace(STRESSED_YES, YES_MARK)).matchAll(PIECES)) {
    if (m[1] !== undefined) {
      if (pending === Boundary.Hard) sentenceStart = words.length;
      const yes = m[1] === YES_MARK;
      words.push(yes ? 'si' : m[1]);
      stressedYes.push(yes);
      boundaries.push(pending);
      questions.push(opened);
      pending = Boundary.None;
      continue;
    }
    // "it can make you retain urine - I haven't peed for 14 hours": a spaced hyphen is a dash.
    if (SPACED_DASH.test(m[2] ?? '') && pending !== Boundary.Hard) pending = Boundary.Soft;
    for (const ch of m[2] ?? '') {
      if (ch === '?') for (let k = sentenceStart; k < words.length; k++) questions[k] = true;
      if (HARD.has(ch) || PICTOGRAPH.test(ch)) {
        if (pending !== Boundary.Hard) opened = false;
        pending = Boundary.Hard;
      } else if (SOFT.has(ch) && pending !== Boundary.Hard) pending = Boundary.Soft;
      if (ch === '¿') opened = true;
    }
  }
  return { words, boundaries, questions, stressedYes };
}

/** The folded words of a phrase from a list, without boundaries ("Can't feel" → ["cant", "feel"]). */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).words as string[];
}

/**
 * Spelling key of a folded word: Spanish sounds that are spelt several ways (h, ll/y, b/v, c/s/z)
 * are merged so "inchado", "rodiyas", "bejiga" and "pexo" meet "hinchado", "rodillas", "vejiga" and "pecho".
 * English words are kept as they are.
 */
export function spellingKey(word: string, lng: string): string {
  if (lng !== 'es') return word;
  return (
    word
      .replace(/(?<!c)h/g, '')
      .replace(/ll/g, 'y')
      .replace(/v/g, 'b')
      .replace(/z/g, 's')
      .replace(/c(?=[ei])/g, 's')
      // SMS Spanish writes "ch" as "x" ("muxo", "pexo").
      .replace(/x/g, 'ch')
  );
}
