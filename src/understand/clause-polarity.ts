/**
 * Decides whether a symptom found in a clause is affirmed, denied or uncertain, and whether it is
 * about someone else. Denial is judged per clause: a cue never reaches across a clause break.
 */
import type { Match, Span } from './slot-placement.js';
import type { PhraseSet } from './phrase-set.js';
import { Boundary, type Tokens } from './text-normalize.js';

/** Cue phrase sets of one language. */
export interface PolarityCues {
  readonly cues: PhraseSet;
  readonly postCues: PhraseSet;
  readonly uncertain: PhraseSet;
  readonly benign: PhraseSet;
  readonly scopeBreaks: PhraseSet;
  readonly listJoiners: PhraseSet;
  readonly subjects: PhraseSet;
  readonly self: PhraseSet;
}

/** Cue positions of one clause, found once and shared by every match in it. */
export interface ClauseContext {
  readonly tokens: Tokens;
  readonly from: number;
  readonly to: number;
  readonly negCues: readonly Span[];
  readonly negAt: ReadonlySet<number>;
  readonly postCues: readonly Span[];
  readonly uncertain: boolean;
  readonly benign: boolean;
  readonly breakAt: ReadonlySet<number>;
  readonly joinerAt: ReadonlySet<number>;
  readonly subjects: readonly Span[];
  readonly selfAt: ReadonlySet<number>;
}

/** How a match stands once cues are read. */
export interface Judgement {
  readonly polarity: 'affirmed' | 'denied' | 'uncertain';
  /** The match is about someone else ("my mum had cancer"). */
  readonly thirdParty: boolean;
  /** Positions of the cue that denied it, if any. */
  readonly denyingCue: Span | null;
  /** The clause gives a likely harmless reason ("numb after sitting on a hard bench for hours"). */
  readonly benign: boolean;
}

/** Within this many words before the symptom a cue denies it; further away it only makes it uncertain. */
export const NEGATION_SCOPE = 5;
/** "Normal", "gone"... deny a symptom only when this close after it. */
export const POST_SCOPE = 3;

const positions = (spans: readonly Span[]): Set<number> => {
  const out = new Set<number>();
  for (const s of spans) for (let k = s.start; k <= s.end; k++) out.add(k);
  return out;
};
const outside = (spans: readonly Span[], taken: ReadonlySet<number>): Span[] =>
  spans.filter((s) => ![...Array(s.end - s.start + 1).keys()].some((k) => taken.has(s.start + k)));

/** Finds the cues of clause [from, to). */
export function analyseClause(cues: PolarityCues, tokens: Tokens, from: number, to: number): ClauseContext {
  const words = tokens.words;
  const uncertainSpans = cues.uncertain.find(words, from, to);
  const negCues = outside(cues.cues.find(words, from, to), positions(uncertainSpans));
  const subjects = cues.subjects.find(words, from, to);
  const breakAt = positions(cues.scopeBreaks.find(words, from, to));
  for (let k = from + 1; k < to; k++) if (tokens.boundaries[k] === Boundary.Soft) breakAt.add(k);
  return {
    tokens,
    from,
    to,
    negCues,
    negAt: positions(negCues),
    postCues: cues.postCues.find(words, from, to),
    uncertain: uncertainSpans.length > 0,
    benign: cues.benign.find(words, from, to).length > 0,
    breakAt,
    joinerAt: positions(cues.listJoiners.find(words, from, to)),
    subjects,
    selfAt: positions(outside(cues.self.find(words, from, to), positions(subjects))),
  };
}

/** First scope break strictly after `a` and at or before `b`, or -1. */
function firstBreak(ctx: ClauseContext, a: number, b: number): number {
  for (let k = a + 1; k <= b; k++) if (ctx.breakAt.has(k)) return k;
  return -1;
}

/**
 * Judges one match. A cue before a comma or "and" still applies when it heads a list: a word of the
 * same pattern starts between the cue and the break (`hitBetween`, "no numbness and tingling down
 * there"), or an "or" sits before the symptom ("no numbness, tingling or weakness down there").
 */
export function judge(ctx: ClauseContext, match: Match, hitBetween: (a: number, b: number) => boolean): Judgement {
  const covered = new Set(match.covered);
  const negative = match.covered.some((k) => ctx.negAt.has(k));
  let polarity: Judgement['polarity'] = 'affirmed';
  let denyingCue: Span | null = null;
  const inside = ctx.negCues.find((c) => c.start > match.start && c.end < match.end && !covered.has(c.start));
  if (inside) {
    polarity = 'denied';
    denyingCue = inside;
  } else {
    const before = ctx.negCues.filter((c) => c.end < match.start).reverse();
    for (const cue of before) {
      const br = firstBreak(ctx, cue.end, match.start);
      if (br >= 0 && !hitBetween(cue.end, br) && !hasJoiner(ctx, cue.end, match.start)) continue;
      polarity = match.start - cue.end - 1 <= NEGATION_SCOPE ? 'denied' : 'uncertain';
      denyingCue = cue;
      break;
    }
  }
  if (polarity === 'affirmed' && !negative) {
    const post = innerPostCue(ctx, match) ?? ctx.postCues.find(
      (c) =>
        c.start > match.end &&
        c.start - match.end - 1 <= POST_SCOPE &&
        firstBreak(ctx, match.end, c.start) < 0 &&
        !ctx.negAt.has(c.start - 1) &&
        !covered.has(c.start),
    );
    if (post) {
      polarity = 'denied';
      denyingCue = post;
    }
  }
  if (polarity === 'denied' && ctx.uncertain) polarity = 'uncertain';
  return { polarity, thirdParty: isThirdParty(ctx, match), denyingCue, benign: ctx.benign };
}

/**
 * "my chest is fine, it's my back that hurts": a post cue right after one part of the match that
 * closes its phrase (comma, "and"...) denies it too; "my bum has gone numb" is not "gone".
 */
function innerPostCue(ctx: ClauseContext, match: Match): Span | undefined {
  const covered = new Set(match.covered);
  return ctx.postCues.find((c) => {
    if (c.start <= match.start || c.end >= match.end || covered.has(c.start) || ctx.negAt.has(c.start - 1)) return false;
    let k = c.start - 1;
    while (k > match.start && !covered.has(k) && c.start - k <= POST_SCOPE) k--;
    return covered.has(k) && firstBreak(ctx, k, c.start) < 0 && ctx.breakAt.has(c.end + 1);
  });
}

function hasJoiner(ctx: ClauseContext, a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (ctx.joinerAt.has(k)) return true;
  return false;
}

function isThirdParty(ctx: ClauseContext, match: Match): boolean {
  const subject = ctx.subjects.filter((s) => s.end < match.start).pop();
  if (!subject) return false;
  for (let k = subject.end + 1; k <= match.end; k++) if (ctx.selfAt.has(k)) return false;
  return true;
}
