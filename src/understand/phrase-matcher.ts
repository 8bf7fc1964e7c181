/**
 * Compiles list patterns ("{nofeel} {genitals}", "strain|push {pee}") into slots and finds them in
 * one clause of tokens. A slot is a set of alternatives (class entries or literal words); an
 * alternative's words must be consecutive, allowing one stray word in between ("lost all feeling").
 * The slots of a pattern may come in any order (unless `ordered`) but must sit close together.
 */
import type { FuzzyLexicon } from './fuzzy-lexicon.js';
import { bestPlacement, type GapRules, type Match, type Span } from './slot-placement.js';
import { phraseWords } from './text-normalize.js';

interface Pattern<T> {
  readonly slots: readonly number[];
  readonly distinct: number;
  readonly ordered: boolean;
  readonly tag: T;
}

type Alt = readonly (readonly number[])[];

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

  /**
   * Adds a pattern; `tag` comes back with every match of it. A pattern written with a leading ">"
   * ("> bit {pee} comes out") keeps its slots in the written order, as does `ordered`.
   */
  add(source: string, tag: T, ordered = false): void {
    const inOrder = ordered || source.trim().startsWith('>');
    const slots = source.trim().replace(/^>\s*/, '').split(/\s+/).map((s) => this.slot(s));
    const id = this.patterns.length;
    this.patterns.push({ slots, distinct: new Set(slots).size, ordered: inOrder, tag });
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
   * The tightest placement of pattern `id` in the hits, or null. A `blocked` span may not be used
   * (part of an excluded phrase); see {@link GapRules} for what counts as gap.
   */
  evaluate(
    id: number,
    hits: ReadonlyMap<number, readonly Span[]>,
    gaps: GapRules,
    blocked?: (span: Span) => boolean,
  ): Match | null {
    const pattern = this.patterns[id]!;
    const free = (s: Span): boolean => {
      return !blocked?.(s);
    };
    const lists = pattern.slots.map((s) => (hits.get(s) ?? []).filter(free).slice(0, MAX_SPANS_PER_SLOT));
    if (lists.some((l) => l.length === 0)) return null;
    return bestPlacement(lists, pattern.ordered, gaps);
  }
}
