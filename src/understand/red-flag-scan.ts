/**
 * Scans one message with one compiled language: splits it into clauses, matches patterns in each,
 * judges negation and reports what was found through a callback.
 */
import type { FlagId } from '../../dialogs/triage/red-flags.js';
import { analyseClause, judge, type Judgement } from './clause-polarity.js';
import type { GapRules, Match, Span } from './slot-placement.js';
import type { LanguageModel, PatternTag } from './red-flag-model.js';
import { Boundary, type Tokens } from './text-normalize.js';

/** One judged pattern match. `bridged`: found only across a clause break ("... but down below"). */
export interface Finding {
  readonly tag: PatternTag;
  readonly match: Match;
  judgement: Judgement;
  readonly bridged: boolean;
}

/** Which patterns a scan looks at. */
export interface ScanOptions {
  /** False: only emergency-tier and crisis patterns (the second language). */
  readonly allTiers: boolean;
  /** Whether a token may be read as a typo of a vocabulary word. */
  readonly typos: (word: string) => boolean;
}

/** Words after "but" shorter than this stay in the previous clause ("numb like at the dentist but down below"). */
const MIN_CLAUSE_AFTER_BREAK = 4;

/** Scans every clause of the message; then, for sentences with clause breaks, emergency phrases across them. */
export function scanLanguage(model: LanguageModel, tokens: Tokens, options: ScanOptions, report: (f: Finding) => void): void {
  const words = tokens.words;
  const keys = words.map((w) => model.lexicon.keysOf(w, options.typos(w)));
  const breaks = clauseBreakPositions(model, tokens);
  let from = 0;
  for (let i = 0; i <= words.length; i++) {
    if (i < words.length && !breaks.has(i) && !(i > from && tokens.boundaries[i] === Boundary.Hard)) continue;
    if (i > from) scanRange(model, tokens, keys, from, i, options.allTiers, null, report);
    from = breaks.has(i) ? i + 1 : i;
  }
  if (breaks.size === 0) return;
  let start = 0;
  for (let i = 1; i <= words.length; i++) {
    if (i < words.length && tokens.boundaries[i] !== Boundary.Hard) continue;
    let crosses = false;
    for (let k = start; k < i && !crosses; k++) crosses = breaks.has(k);
    if (crosses) scanRange(model, tokens, keys, start, i, false, breaks, report);
    start = i;
  }
}

function clauseBreakPositions(model: LanguageModel, tokens: Tokens): Set<number> {
  const breaks = new Set<number>();
  const spans = model.clauseBreaks.find(tokens.words, 0, tokens.words.length);
  spans.forEach((s, i) => {
    let end = s.end + 1;
    const next = spans[i + 1]?.start ?? tokens.words.length;
    while (end < next && tokens.boundaries[end] !== Boundary.Hard) end++;
    if (end - s.end - 1 < MIN_CLAUSE_AFTER_BREAK) return;
    for (let k = s.start; k <= s.end; k++) breaks.add(k);
  });
  return breaks;
}

/**
 * Matches and judges the patterns of tokens [from, to). With `bridge` set, only emergency-tier
 * matches that span one of those clause-break positions are reported.
 */
function scanRange(
  model: LanguageModel,
  tokens: Tokens,
  keys: readonly (readonly number[])[],
  from: number,
  to: number,
  allTiers: boolean,
  bridge: ReadonlySet<number> | null,
  report: (f: Finding) => void,
): void {
  const { matcher } = model;
  const isFiller = (k: number): boolean => model.fillers.has(tokens.words[k]!);
  const gaps: GapRules = { isFiller, afterthought: afterthoughts(tokens, from, to, isFiller) };
  // A filler or unknown word may sit inside a list phrase ("between my legs"); a meaningful one may
  // not ("no weird feeling" is not "no feeling").
  const hits = matcher.collect(keys, from, to, (k) => keys[k]!.length === 0 || isFiller(k) || /^\d+$/.test(tokens.words[k]!));
  if (hits.size === 0) return;
  const ids = matcher.candidates(hits).filter((id) => {
    const tag = matcher.tagOf(id);
    return bridge ? tag.always && tag.flag !== null : allTiers || tag.always;
  });
  if (ids.length === 0) return;
  const ctx = analyseClause(model, tokens, from, to);
  const hitBetween = (id: number) => (a: number, b: number): boolean =>
    matcher.slotsOf(id).some((s) => hits.get(s)?.some((sp) => sp.start > a && sp.start < b));
  const masks = new Map<FlagId | null, Mask[]>();
  for (const id of ids) {
    const tag = matcher.tagOf(id);
    const m = tag.kind === 'exclude' ? matcher.evaluate(id, hits, gaps) : null;
    // A denied exclusion does not hide anything: "I'm not trying to lose weight" is weight loss.
    if (!m || judge(ctx, m, hitBetween(id)).polarity === 'denied') continue;
    const mask: Mask = { start: m.start, end: m.end, covered: new Set(m.covered) };
    // Also the same kind of word just before it: "choque de coche hace años" masks both.
    for (const s of matcher.slotsOf(id)) {
      for (const sp of hits.get(s) ?? []) {
        if (sp.end < m.start && m.start - sp.end <= 2) for (let k = sp.start; k <= sp.end; k++) mask.covered.add(k);
      }
    }
    masks.set(tag.flag, [...(masks.get(tag.flag) ?? []), mask]);
  }
  const found: Finding[] = [];
  for (const id of ids) {
    const tag = matcher.tagOf(id);
    if (tag.kind === 'exclude') continue;
    const flagMasks = masks.get(tag.flag);
    const match = matcher.evaluate(id, hits, gaps, flagMasks && ((s) => flagMasks.some((mk) => hides(mk, s))));
    if (!match) continue;
    if (bridge && !spansBreak(match, bridge)) continue;
    found.push({ tag, match, judgement: judge(ctx, match, hitBetween(id)), bridged: bridge !== null });
  }
  overruleWrappedDenials(found);
  found.forEach(report);
}

/** Words of an excluded phrase found in the clause. */
interface Mask {
  readonly start: number;
  readonly end: number;
  readonly covered: Set<number>;
}

/**
 * An excluded phrase hides every list word inside it except the whole phrase itself: "bum cheek"
 * hides "bum" (not the saddle area) but is still a buttock.
 */
function hides(mask: Mask, span: Span): boolean {
  if (span.start === mask.start && span.end === mask.end) return false;
  for (let k = span.start; k <= span.end; k++) if (mask.covered.has(k)) return true;
  return false;
}

/** Longest comma-led tail that still reads as an afterthought: ", totally numb". */
const AFTERTHOUGHT_WORDS = 3;

function afterthoughts(tokens: Tokens, from: number, to: number, isFiller: (k: number) => boolean): (pos: number) => number {
  const start = new Map<number, number>();
  for (let b = from + 1; b < to; b++) {
    if (tokens.boundaries[b] !== Boundary.Soft) continue;
    let e = b + 1;
    while (e < to && tokens.boundaries[e] === Boundary.None) e++;
    let content = 0;
    for (let k = b; k < e; k++) if (!isFiller(k)) content++;
    if (e - b <= AFTERTHOUGHT_WORDS && content <= 1) for (let k = b; k < e; k++) start.set(k, b);
  }
  return (pos) => start.get(pos) ?? -1;
}

const spansBreak = (m: Match, breaks: ReadonlySet<number>): boolean => {
  for (let k = m.start + 1; k < m.end; k++) if (breaks.has(k)) return true;
  return false;
};

/** How far after a negated verb ("don't feel") its object may start ("any numbness"). */
const MAX_OBJECT_DISTANCE = 2;

/**
 * "I don't feel any numbness down there": "numbness down there" is denied by "don't", and "don't
 * feel ... down there" (a pattern that swallowed that same "don't") wraps it, so it is denied too;
 * likewise "no siento debilidad en las piernas" (a denied weakness, not numb legs).
 * Only a wrapped denial counts: in "no puedo orinar, perdí la sensibilidad" the "no" belongs to
 * "no puedo orinar" alone.
 */
function overruleWrappedDenials(found: Finding[]): void {
  for (const a of found) {
    if (a.judgement.polarity !== 'affirmed') continue;
    const covered = new Set(a.match.covered);
    const wrapped = found.some(({ tag, match, judgement: { polarity, denyingCue: cue } }) => {
      if (polarity !== 'denied' || !cue || match === a.match || (tag.kind === 'crisis') !== (a.tag.kind === 'crisis')) return false;
      if (!covered.has(cue.start) || match.start <= cue.end || match.start < a.match.start || match.end > a.match.end) return false;
      // The inner symptom must be the object of the negated verb ("don't feel [any] numbness"), not a
      // clause after it ("no noto cuando me salen los gases"), and must add a word of its own.
      let verbEnd = cue.end;
      while (covered.has(verbEnd + 1)) verbEnd++;
      return match.start - verbEnd <= MAX_OBJECT_DISTANCE && match.covered.some((k) => !covered.has(k));
    });
    if (wrapped) a.judgement = { ...a.judgement, polarity: 'denied' };
  }
}
