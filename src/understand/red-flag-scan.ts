/**
 * Scans one message with one compiled language: splits it into clauses, matches patterns in each,
 * judges negation and reports what was found through a callback.
 */
import type { FlagId } from '../../dialogs/triage/red-flags.js';
import { analyseClause, judge, type Judgement } from './clause-polarity.js';
import type { Match } from './phrase-matcher.js';
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
  // A filler or unknown word may sit inside a list phrase ("between my legs"); a meaningful one may
  // not ("no weird feeling" is not "no feeling").
  const hits = matcher.collect(keys, from, to, (k) => keys[k]!.length === 0 || isFiller(k));
  if (hits.size === 0) return;
  const ids = matcher.candidates(hits).filter((id) => {
    const tag = matcher.tagOf(id);
    return bridge ? tag.always && tag.flag !== null : allTiers || tag.always;
  });
  if (ids.length === 0) return;
  const masks = new Map<FlagId | null, Set<number>>();
  for (const id of ids) {
    const tag = matcher.tagOf(id);
    const m = tag.kind === 'exclude' ? matcher.evaluate(id, hits, isFiller) : null;
    if (!m) continue;
    const mask = masks.get(tag.flag) ?? new Set<number>();
    for (const k of m.covered) mask.add(k);
    // Also the same kind of word just before it: "choque de coche hace años" masks both.
    for (const s of matcher.slotsOf(id)) {
      for (const sp of hits.get(s) ?? []) {
        if (sp.end < m.start && m.start - sp.end <= 2) for (let k = sp.start; k <= sp.end; k++) mask.add(k);
      }
    }
    masks.set(tag.flag, mask);
  }
  const ctx = analyseClause(model, tokens, from, to);
  const found: Finding[] = [];
  for (const id of ids) {
    const tag = matcher.tagOf(id);
    if (tag.kind === 'exclude') continue;
    const mask = masks.get(tag.flag);
    const match = matcher.evaluate(id, hits, isFiller, mask && ((k) => mask.has(k)));
    if (!match) continue;
    if (bridge && !spansBreak(match, bridge)) continue;
    const slots = matcher.slotsOf(id);
    const hitBetween = (a: number, b: number): boolean =>
      slots.some((s) => hits.get(s)?.some((sp) => sp.start > a && sp.start < b));
    found.push({ tag, match, judgement: judge(ctx, match, hitBetween), bridged: bridge !== null });
  }
  overruleWrappedDenials(found);
  found.forEach(report);
}

const spansBreak = (m: Match, breaks: ReadonlySet<number>): boolean => {
  for (let k = m.start + 1; k < m.end; k++) if (breaks.has(k)) return true;
  return false;
};

/**
 * "I don't feel any numbness down there": "numbness down there" is denied by "don't", and "don't
 * feel ... down there" (a pattern that swallowed that same "don't") wraps it, so it is denied too;
 * likewise "no siento debilidad en las piernas" (a denied weakness, not numb legs).
 * Only a wrapped denial counts: in "no puedo orinar, perdí la sensibilidad" the "no" belongs to
 * "no puedo orinar" alone.
 */
const MAX_OBJECT_DISTANCE = 2;

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
