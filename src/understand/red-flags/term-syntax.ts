/**
 * The little language of the lexicon and cue lists in `locales/<lng>/redflags.json` (see the file's
 * `_readme`): a term is words separated by spaces, each position a word, `word*` (any word starting
 * so), `a|b` (either), `<num>` / `<year>` / `<hot>` / `<fever>` / `<feverf>` / `<normal>` / `<normalf>` (numbers), or `{concept}` (a mention
 * of that concept; cue and idiom lists only). A final `$` means the term must end at punctuation
 * or at the end of the message ("no$" is a bare "no", not "no numbness"). A trailing `[GB,AU]`
 * marks the regions where the term is used. `(a b|c)` is a choice of word sequences: the term
 * stands for one term per choice ("desperate for (a wee|the loo)").
 */
import { dropApostropheS, foldText } from '../text-normalize.js';

/** Number classes a term position may ask for. */
const SPECIALS = ['num', 'year', 'hot', 'fever', 'feverf', 'normal', 'normalf'] as const;
/** One number class. */
export type Special = (typeof SPECIALS)[number];

/** One alternative at one position of a term. */
type Alternative =
  | { readonly kind: 'word'; readonly word: string; readonly prefix: boolean }
  | { readonly kind: 'special'; readonly special: Special }
  | { readonly kind: 'concept'; readonly concept: string };

/** A parsed term. */
export interface TermSpec {
  readonly source: string;
  readonly slots: readonly (readonly Alternative[])[];
  /** Must be followed by punctuation or the end of the message. */
  readonly atBoundary: boolean;
  /** Region marks, e.g. ["MX", "AR"]; empty when the term is used everywhere. */
  readonly regions: readonly string[];
}

const REGIONS = /\s*\[([A-Za-z]{2}(?:\s*,\s*[A-Za-z]{2})*)\]\s*$/;
const WORD = /^[\p{L}\p{N}.,]+$/u;

function alternative(raw: string, problems: string[]): Alternative | null {
  const concept = /^\{([a-z_]+)\}$/.exec(raw);
  if (concept) return { kind: 'concept', concept: concept[1]! };
  const special = /^<([a-z]+)>$/.exec(raw);
  if (special) {
    if ((SPECIALS as readonly string[]).includes(special[1]!))
      return { kind: 'special', special: special[1] as Special };
    problems.push(`unknown number class <${special[1]}>`);
    return null;
  }
  const prefix = raw.endsWith('*');
  const word = prefix ? raw.slice(0, -1) : raw;
  if (!WORD.test(word)) {
    problems.push(`bad word "${raw}"`);
    return null;
  }
  return { kind: 'word', word, prefix };
}

/** A term of plain lower-case letters, digits and spaces, perhaps with a final `$`: most of the lists. */
const PLAIN = /^[a-z0-9 ]+\$?$/;
const LETTER_RUN = /([a-z])\1{2,}/g;

/**
 * What {@link parseTerm} makes of a plain term, without its regular expressions (folding only
 * shortens runs of three or more letters there): the lists hold thousands, parsed on every start.
 */
function plainTerm(source: string, problems: string[]): TermSpec {
  const atBoundary = source.endsWith('$');
  const slots: Alternative[][] = [];
  for (const word of (atBoundary ? source.slice(0, -1) : source).replace(LETTER_RUN, '$1$1').split(' '))
    if (word) slots.push([{ kind: 'word', word, prefix: false }]);
  if (!slots.length) problems.push(`empty term "${source}"`);
  return { source, slots, atBoundary, regions: [] };
}

/**
 * Parses one term. Problems (unknown number class, stray symbols) are pushed to `problems`, so a
 * whole file can be reported at once.
 */
export function parseTerm(source: string, problems: string[]): TermSpec {
  if (PLAIN.test(source)) return plainTerm(source, problems);
  const regionMatch = REGIONS.exec(source);
  const regions = regionMatch ? regionMatch[1]!.split(',').map((r) => r.trim().toUpperCase()) : [];
  let body = (regionMatch ? source.slice(0, regionMatch.index) : source).trim();
  const atBoundary = body.endsWith('$');
  if (atBoundary) body = body.slice(0, -1);
  // Folded like messages: "can't" = "cant", "Sensación" = "sensacion"; hyphens split words.
  const folded = foldText(dropApostropheS(body))
    .replace(/[-/]/g, ' ')
    .replace(/[!?¿¡"]/g, '');
  const slots: Alternative[][] = [];
  for (const position of folded.split(/\s+/).filter(Boolean)) {
    // "{a|b}" is short for "{a}|{b}".
    const expanded = position.replace(/\{([a-z_|]+)\}/g, (_, names: string) =>
      names
        .split('|')
        .map((n) => `{${n}}`)
        .join('|'),
    );
    const alts = expanded
      .split('|')
      .filter(Boolean)
      .map((a) => alternative(a, problems))
      .filter((a): a is Alternative => a !== null);
    if (alts.length) slots.push(alts);
  }
  if (!slots.length) problems.push(`empty term "${source}"`);
  return { source, slots, atBoundary, regions };
}

const GROUP = /\(([^()]*)\)/;

/** The terms a source stands for, its `(a b|c)` choices spelt out. */
export function expandTerm(source: string): string[] {
  const group = GROUP.exec(source);
  if (!group) return [source];
  const before = source.slice(0, group.index);
  const after = source.slice(group.index + group[0].length);
  return group[1]!.split('|').flatMap((choice) => expandTerm(`${before}${choice}${after}`.replace(/\s+/g, ' ').trim()));
}

/** Whether a number token belongs to a number class. */
export function matchesSpecial(special: Special, token: string): boolean {
  if (!/^\d+(?:[.,]\d+)?$/.test(token)) return false;
  const value = Number(token.replace(',', '.'));
  switch (special) {
    case 'num':
      return true;
    case 'year':
      return /^(19|20)\d\d$/.test(token);
    // A whole number that is a fever once the words around it say temperature ("39 de fiebre", "a 102 temp"):
    // in °C, or in °F as US patients give it.
    case 'hot':
      return Number.isInteger(value) && ((value >= 38 && value <= 42) || (value >= 101 && value <= 107));
    // A decimal temperature is a fever on its own ("38.6"); 37.5 and below is not.
    case 'fever':
      return /[.,]/.test(token) && value > 37.5 && value < 43;
    // The same in °F ("101.8"), only where the words around it say temperature ("101.8 this morning",
    // "temp 100.9"): on its own it is as often a weight ("102.5 kg").
    case 'feverf':
      return /[.,]/.test(token) && value > 99.5 && value < 108;
    // A normal temperature reading ("36.8") denies a fever. Not in °F: 95–99.5 is as often a weight or a
    // saturation, and a number read as a denial would cancel the sign beside it.
    case 'normal':
      return /[.,]/.test(token) && value >= 35 && value <= 37.5;
    // The same in °F ("98.6"), only beside words that say temperature ("temp was 98.6").
    case 'normalf':
      return /[.,]/.test(token) && value >= 95 && value <= 99.5;
  }
}
