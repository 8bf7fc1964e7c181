/**
 * Compiles list patterns ("{nofeel} {genitals}", "strain|push {pee}") into slots and finds them in
 * one clause of tokens. A slot is a set of alternatives (class entries or literal words); an
 * alternative's words must be consecutive, allowing one stray word in between ("lost all feeling").
 * The slots of a pattern may come in any order (unless `ordered`) but must sit close together.
 */
import type { FuzzyLexicon } from './fuzzy-lexicon.js';
import { phraseWords } from './text-normalize.js';

/** Inclusive token span. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a pattern was found: its outer span and the exact token positions its words took. */
export interface Match extends Span {
  readonly covered: readonly number[];
}

interface Pattern<T> {
  readonly slots: readonly number[];
  readonly distinct: number;
  readonly ordered: boolean;
  readonly tag: T;
}

type Alt = readonly (readonly number[])[];

/** At most this many non-filler words may sit between the slots of one match. */
export const MAX_GAP = 2;
/** Outer limit on the width of a match, fillers included. */
export const MAX_WIDTH = 14;
const MAX_SPANS_PER_SLOT = 6;

const overlaps = (keys: readonly number[], term: readonly number[]): boolean => keys.some((k) => term.includes(k));

/** Patterns of one language, indexed by the vocabulary keys their slots start with. */
export class PhraseMatcher<T> {
  private readonly slotIds = new Map<string, number>();
  private readonly slotAlts: Alt[][] = [];
  private readonly slotPatterns: number[][] = [];
  private readonly index = new Map<number, { slot: number; alt: Alt }[]>();
  private readonly patterns: Pattern<T>[] = [];

  constructor(
    private readonly lexicon: FuzzyLexicon,
    private readonly classes: Readonly<Record<string, readonly string[]>>,
  ) {}

  /** Adds a pattern; `tag` comes back with every match of it. */
  add(source: string, tag: T, ordered = false): void {
    const slots = source.trim().split(/\s+/).map((s) => this.slot(s));
    const id = this.patterns.length;
    this.patterns.push({ slots, distinct: new Set(slots).size, ordered, tag });
    for (const s of new Set(slots)) this.slotPatterns[s]!.push(id);
  }

  /** The tag of pattern `id`. */
  tagOf(id: number): T {
    return this.patterns[id]!.tag;
  }

  /** Slots of pattern `id` (for list-continuation checks). */
  slotsOf(id: number): readonly number[] {
    return this.patterns[id]!.slots;
  }

  private slot(source: string): number {
    const known = this.slotIds.get(source);
    if (known !== undefined) return known;
    const ref = /^\{(.+)\}$/.exec(source);
    const entries = ref ? ref[1]!.split('|').flatMap((c) => this.classes[c] ?? []) : source.split('|');
    const alts = entries.map((e) => this.alternative(e)).filter((a) => a.length > 0);
    const id = this.slotAlts.length;
    this.slotIds.set(source, id);
    this.slotAlts.push(alts);
    this.slotPatterns.push([]);
    for (const alt of alts) {
      for (const key of alt[0]!) {
        const list = this.index.get(key) ?? [];
        list.push({ slot: id, alt });
        this.index.set(key, list);
      }
    }
    return id;
  }

  private alternative(entry: string): Alt {
    const terms: number[][] = [];
    for (const piece of entry.trim().split(/\s+/)) {
      const prefix = piece.endsWith('*');
      const words = phraseWords(prefix ? piece.slice(0, -1) : piece);
      words.forEach((w, i) => terms.push([this.lexicon.keyFor(w, prefix && i === words.length - 1)]));
    }
    return terms;
  }

  /**
   * Spans where each slot occurs in tokens [from, to), by slot id. Inside a several-word
   * alternative only a `skippable` word may stand between two of its words.
   */
  collect(
    keys: readonly (readonly number[])[],
    from: number,
    to: number,
    skippable: (pos: number) => boolean,
  ): Map<number, Span[]> {
    const hits = new Map<number, Span[]>();
    for (let i = from; i < to; i++) {
      for (const key of keys[i]!) {
        for (const { slot, alt } of this.index.get(key) ?? []) {
          const end = this.extend(alt, keys, i, to, skippable);
          if (end < 0) continue;
          const list = hits.get(slot);
          if (!list) hits.set(slot, [{ start: i, end }]);
          else if (!list.some((s) => s.start === i && s.end === end)) list.push({ start: i, end });
        }
      }
    }
    return hits;
  }

  private extend(
    alt: Alt,
    keys: readonly (readonly number[])[],
    start: number,
    to: number,
    skippable: (pos: number) => boolean,
  ): number {
    let pos = start;
    for (let t = 1; t < alt.length; t++) {
      let found = -1;
      for (let j = pos + 1; j <= pos + 2 && j < to; j++) {
        if (overlaps(keys[j]!, alt[t]!)) {
          found = j;
          break;
        }
        if (!skippable(j)) break;
      }
      if (found < 0) return -1;
      pos = found;
    }
    return pos;
  }

  /** Ids of patterns all of whose slots were hit. */
  candidates(hits: ReadonlyMap<number, readonly Span[]>): number[] {
    const counts = new Map<number, number>();
    const out: number[] = [];
    for (const slot of hits.keys()) {
      for (const p of this.slotPatterns[slot]!) {
        const n = (counts.get(p) ?? 0) + 1;
        counts.set(p, n);
        if (n === this.patterns[p]!.distinct) out.push(p);
      }
    }
    return out;
  }

  /**
   * The tightest placement of pattern `id` in the hits, or null. `blocked` positions may not be
   * used (excluded phrases); `isFiller` words do not count as gap.
   */
  evaluate(
    id: number,
    hits: ReadonlyMap<number, readonly Span[]>,
    isFiller: (pos: number) => boolean,
    blocked?: (pos: number) => boolean,
  ): Match | null {
    const pattern = this.patterns[id]!;
    const free = (s: Span): boolean => {
      if (!blocked) return true;
      for (let k = s.start; k <= s.end; k++) if (blocked(k)) return false;
      return true;
    };
    const lists = pattern.slots.map((s) => (hits.get(s) ?? []).filter(free).slice(0, MAX_SPANS_PER_SLOT));
    if (lists.some((l) => l.length === 0)) return null;
    let best: Span[] | null = null;
    let bestWidth = Infinity;
    let bestCovered = 0;
    const chosen: Span[] = [];
    const walk = (i: number): void => {
      if (i === lists.length) {
        const start = Math.min(...chosen.map((s) => s.start));
        const end = Math.max(...chosen.map((s) => s.end));
        const width = end - start + 1;
        // Tightest first; at equal width the placement using more words ("no siento nada", not "no siento").
        const covered = chosen.reduce((n, s) => n + s.end - s.start + 1, 0);
        const better = width < bestWidth || (width === bestWidth && covered > bestCovered);
        if (better && width <= MAX_WIDTH && gapOk(chosen, start, end, isFiller)) {
          best = [...chosen];
          bestWidth = width;
          bestCovered = covered;
        }
        return;
      }
      for (const span of lists[i]!) {
        if (chosen.some((c) => c.start <= span.end && span.start <= c.end)) continue;
        if (pattern.ordered && i > 0 && span.start <= chosen[i - 1]!.end) continue;
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
}

function gapOk(spans: readonly Span[], start: number, end: number, isFiller: (pos: number) => boolean): boolean {
  let gap = 0;
  for (let k = start; k <= end; k++) {
    if (spans.some((s) => s.start <= k && k <= s.end) || isFiller(k)) continue;
    if (++gap > MAX_GAP) return false;
  }
  return true;
}

/** Exact, consecutive phrase lookup (negation cues, clause breaks...). */
export class PhraseSet {
  private readonly byFirst = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const words = phraseWords(p);
      if (!words.length) continue;
      const list = this.byFirst.get(words[0]!) ?? [];
      list.push(words);
      list.sort((a, b) => b.length - a.length);
      this.byFirst.set(words[0]!, list);
    }
  }

  /** Non-overlapping occurrences in words[from, to), longest first at each position. */
  find(words: readonly string[], from: number, to: number): Span[] {
    const out: Span[] = [];
    for (let i = from; i < to; i++) {
      const list = this.byFirst.get(words[i]!);
      if (!list) continue;
      const hit = list.find((p) => i + p.length <= to && p.every((w, k) => words[i + k] === w));
      if (!hit) continue;
      out.push({ start: i, end: i + hit.length - 1 });
      i += hit.length - 1;
    }
    return out;
  }
}
