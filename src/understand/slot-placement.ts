/**
 * Chooses where a pattern sits in a clause: one span per slot, no overlaps, as tight as possible,
 * with few meaningful words in between.
 */

/** Inclusive token span. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a pattern was found: its outer span and the exact token positions its words took. */
export interface Match extends Span {
  readonly covered: readonly number[];
}

/**
 * What counts as distance between the slots of a match: fillers do not, and neither do the words
 * before a comma that is followed by a bare afterthought ("my undercarriage feels like it belongs to
 * someone else, totally numb"): `afterthought(pos)` is the start of such a short tail segment
 * containing `pos`, or -1.
 */
export interface GapRules {
  isFiller(pos: number): boolean;
  afterthought(pos: number): number;
}

/** At most this many non-filler words may sit between the slots of one match. */
export const MAX_GAP = 2;
/** Outer limit on the width of a match, fillers included. */
export const MAX_WIDTH = 14;

/**
 * The tightest placement taking one span from each list (in list order if `ordered`), or null.
 * At equal width the placement using more words wins ("no siento nada", not "no siento").
 */
export function bestPlacement(lists: readonly (readonly Span[])[], ordered: boolean, gaps: GapRules): Match | null {
  let best: Span[] | null = null;
  let bestWidth = Infinity;
  let bestCovered = 0;
  const chosen: Span[] = [];
  const walk = (i: number): void => {
    if (i === lists.length) {
      const start = Math.min(...chosen.map((s) => s.start));
      const end = Math.max(...chosen.map((s) => s.end));
      const width = end - start + 1;
      const covered = chosen.reduce((n, s) => n + s.end - s.start + 1, 0);
      const better = width < bestWidth || (width === bestWidth && covered > bestCovered);
      if (better && width <= MAX_WIDTH && gapOk(chosen, start, end, gaps)) {
        best = [...chosen];
        bestWidth = width;
        bestCovered = covered;
      }
      return;
    }
    for (const span of lists[i]!) {
      if (chosen.some((c) => c.start <= span.end && span.start <= c.end)) continue;
      if (ordered && i > 0 && span.start <= chosen[i - 1]!.end) continue;
      chosen.push(span);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
  if (!best) return null;
  const spans: Span[] = best;
  const covered = spans.flatMap((s) => Array.from({ length: s.end - s.start + 1 }, (_, k) => s.start + k));
  return { start: Math.min(...covered), end: Math.max(...covered), covered: covered.sort((a, b) => a - b) };
}

function gapOk(spans: readonly Span[], start: number, end: number, gaps: GapRules): boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const last = sorted[sorted.length - 1]!;
  const prevEnd = sorted.length > 1 ? sorted[sorted.length - 2]!.end : last.start;
  const tail = gaps.afterthought(last.start);
  const skipFrom = tail > prevEnd ? prevEnd + 1 : Infinity;
  let gap = 0;
  for (let k = start; k <= end; k++) {
    if (k >= skipFrom && k < tail) continue;
    if (spans.some((s) => s.start <= k && k <= s.end) || gaps.isFiller(k)) continue;
    if (++gap > MAX_GAP) return false;
  }
  return true;
}
