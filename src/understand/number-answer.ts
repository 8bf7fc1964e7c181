import type { QuestionId, QuestionSpec } from '../../dialogs/questions.js';
import { cultureOf, type Language } from './language.js';
import { foldText } from './text-normalize.js';
import { fold, type AnswerWordGroup, type Lexicon, type Unit } from './lexicon.js';
import { recognizeNumber } from './recognizers.js';

/**
 * What a number question takes besides the number: the units it may carry, each with its factor
 * to the question's own unit ("3 months" is 13 weeks), and the words of its answer phrases.
 */
interface NumberShape {
  units: Partial<Record<Unit, number>>;
  groups: readonly AnswerWordGroup[];
  /** Whole numbers only (an age is never 38.5: that is a temperature). */
  integer?: boolean;
  /** "7/10", "7 out of 10", "7 de 10": the score on its scale. */
  outOfTen?: boolean;
  /** "no thanks", "never": 0 (a reminder in 0 days is no reminder). */
  zero?: boolean;
  /** "a week", "un mes": one of a unit (a duration, never an age). */
  oneOfAUnit?: boolean;
}

const SHAPES: Partial<Record<QuestionId, NumberShape>> = {
  age: { units: { year: 1 }, groups: ['age'], integer: true },
  'pain.score': { units: {}, groups: ['score'], outOfTen: true },
  'pain.weeks': { units: { week: 1, day: 1 / 7, month: 52 / 12, year: 52 }, groups: ['duration'], oneOfAUnit: true },
  'reminder.days': { units: { day: 1, week: 7 }, groups: ['duration'], integer: true, zero: true, oneOfAUnit: true },
};
const DEFAULT_SHAPE: NumberShape = { units: {}, groups: [] };

// "7/10", "7 out of 10", "siete de diez": the scale goes, the score stays.
const OUT_OF_TEN = /\s*(?:\/|\bout of\b|\bde\b|\bsobre\b)\s*(?:10|ten|diez)\b/g;

/** "a week", "un mes": the article as the number 1 when a unit follows it (the recognizer reads no number there). */
function oneOfAUnit(folded: string, lng: Language, lexicon: Lexicon): string {
  const one = lexicon.oneWords(lng);
  const units = lexicon.unitWords(lng);
  const words = folded.split(/\s+/);
  return words.map((w, i) => (one.has(w) && units.has(fold(words[i + 1] ?? '')) ? '1' : w)).join(' ');
}

/**
 * A number answer when the text reads as one (CONTRACT §3): one number, in digits or words,
 * standing alone or in a short answer phrase ("45", "I'm 45", "forty-five", "tengo 45 años",
 * "about 3 months"). Anything else around it ("the pain started 3 years ago after I lifted a sofa",
 * "my temperature was 38.5 last night") makes it a story, not an answer: undefined.
 */
export function readNumberAnswer(
  spec: QuestionSpec,
  text: string,
  lng: Language,
  lexicon: Lexicon,
): number | undefined {
  const shape = SHAPES[spec.id] ?? DEFAULT_SHAPE;
  if (shape.zero && lexicon.zeroPhrases(lng).has(fold(text))) return 0;
  let folded = foldText(text)
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2');
  if (shape.outOfTen) folded = folded.replace(OUT_OF_TEN, ' ');
  if (shape.oneOfAUnit) folded = oneOfAUnit(folded, lng, lexicon);
  const numberWords = lexicon.answerWords(lng, 'number');
  const all = recognizeNumber(folded, cultureOf(lng));
  // "un 7 de 10": an article the recognizer also reads as "one" is a word of the phrase, not a second number.
  const found = all.length > 1 ? all.filter((r) => !numberWords.has(fold(r.text))) : all;
  if (found.length !== 1) return undefined;
  const hit = found[0]!;
  // A fraction or a range is not one number.
  if (/[/:]/.test(hit.text)) return undefined;
  const n = Number(String(hit.resolution.value ?? '').replace(',', '.'));
  if (!Number.isFinite(n)) return undefined;
  const rest = fold(`${folded.slice(0, hit.start)} ${folded.slice(hit.end + 1)}`)
    .split(' ')
    .filter(Boolean);
  const unitWords = lexicon.unitWords(lng);
  const groups: AnswerWordGroup[] = ['any', 'number', ...shape.groups];
  const allowed = new Set(groups.flatMap((g) => [...lexicon.answerWords(lng, g)]));
  let factor: number | undefined;
  for (const word of rest) {
    const unit = unitWords.get(word);
    const unitFactor = unit === undefined ? undefined : shape.units[unit];
    if (unitFactor !== undefined && (factor === undefined || factor === unitFactor)) factor = unitFactor;
    else if (!allowed.has(word)) return undefined;
  }
  const value = n * (factor ?? 1);
  if (shape.integer && !Number.isInteger(n)) return undefined;
  const rounded = shape.integer ? Math.round(value) : Math.round(value * 10) / 10;
  return rounded >= (spec.min ?? -Infinity) && rounded <= (spec.max ?? Infinity) ? rounded : undefined;
}
