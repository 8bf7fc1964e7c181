/**
 * Finds the terms of one list (a concept's lexicon, a cue list, idioms) in a message: each term's
 * positions in order, one stray filler or unknown word allowed between two of them ("lost all
 * feeling"), indexed by the vocabulary keys of their first position.
 */
import type { FuzzyLexicon } from '../fuzzy-lexicon.js';
import { Boundary } from '../text-normalize.js';
import { matchesSpecial, type Special, type TermSpec } from './term-syntax.js';

/** A term found at tokens [start, end]. */
interface TermMatch {
  readonly term: number;
  readonly start: number;
  readonly end: number;
}

/** What the matcher reads of a message. */
export interface MatchInput {
  readonly words: readonly string[];
  readonly boundaries: readonly Boundary[];
  /** Vocabulary keys of each token (exact, or with typos for concept words). */
  readonly keys: readonly (readonly number[])[];
  /** Whether a token may stand, unmatched, between two positions of a term. */
  readonly skippable: (pos: number) => boolean;
  /** Whether a token is a filler word (they may stand between a `$` term and the punctuation). */
  readonly filler: (pos: number) => boolean;
  /** Last token of each mention of `concept` starting at `pos` (idioms and cues with `{concept}`). */
  readonly conceptEnds: (concept: string, pos: number) => readonly number[];
}

interface Slot {
  readonly keys: ReadonlySet<number>;
  readonly specials: readonly Special[];
  readonly concepts: readonly string[];
}

interface Term<T> {
  readonly slots: readonly Slot[];
  readonly atBoundary: boolean;
  readonly tag: T;
  readonly spec: TermSpec;
}

const NONE: readonly number[] = [];

/** Whether only filler words ("lol", "really") stand between `pos` and punctuation or the end. */
function atBoundary(input: MatchInput, pos: number): boolean {
  let k = pos;
  while (k < input.words.length && input.boundaries[k] === Boundary.None && input.filler(k)) k++;
  return k >= input.words.length || input.boundaries[k] !== Boundary.None;
}

/** Whether the token at `pos` is one of the words of `slot`. */
function hasKey(slot: Slot, input: MatchInput, pos: number, to: number): boolean {
  if (pos >= to) return false;
  for (const k of input.keys[pos] ?? NONE) if (slot.keys.has(k)) return true;
  return false;
}

/** Terms of one list, compiled against one language's vocabulary. */
export class TermMatcher<T> {
  private readonly terms: Term<T>[] = [];
  private readonly index = new Map<number, number[]>();
  private readonly loose: number[] = [];
  /** Per term, the stamp of the last start position it was tried at (no term tried twice at one start). */
  private seen = new Uint32Array(0);
  private stamp = 0;

  constructor(private readonly lexicon: FuzzyLexicon) {}

  /** Adds a parsed term; `tag` comes back with each match. */
  add(spec: TermSpec, tag: T): void {
    const slots = spec.slots.map((alts): Slot => ({
      keys: new Set(alts.flatMap((a) => (a.kind === 'word' ? [this.lexicon.keyFor(a.word, a.prefix)] : []))),
      specials: alts.flatMap((a) => (a.kind === 'special' ? [a.special] : [])),
      concepts: alts.flatMap((a) => (a.kind === 'concept' ? [a.concept] : [])),
    }));
    const id = this.terms.length;
    this.terms.push({ slots, atBoundary: spec.atBoundary, tag, spec });
    const first = slots[0];
    if (!first) return;
    if (first.specials.length || first.concepts.length) this.loose.push(id);
    for (const key of first.keys) {
      const list = this.index.get(key);
      if (list) list.push(id);
      else this.index.set(key, [id]);
    }
  }

  /** The tag of term `id`. */
  tagOf(id: number): T {
    return this.terms[id]!.tag;
  }

  /** The source of term `id` (for the trace). */
  specOf(id: number): TermSpec {
    return this.terms[id]!.spec;
  }

  /** Every term found in tokens [from, to): for each term and start, the longest match. */
  find(input: MatchInput, from = 0, to = input.words.length): TermMatch[] {
    const out: TermMatch[] = [];
    if (this.seen.length !== this.terms.length) this.seen = new Uint32Array(this.terms.length);
    const seen = this.seen;
    for (let i = from; i < to; i++) {
      if (++this.stamp === 0xffffffff) {
        seen.fill(0);
        this.stamp = 1;
      }
      const stamp = this.stamp;
      for (const key of input.keys[i] ?? NONE) {
        for (const id of this.index.get(key) ?? NONE) {
          if (seen[id] === stamp) continue;
          seen[id] = stamp;
          this.tryAt(id, input, i, to, out);
        }
      }
      for (const id of this.loose) if (seen[id] !== stamp) this.tryAt(id, input, i, to, out);
    }
    return out;
  }

  private tryAt(id: number, input: MatchInput, start: number, to: number, out: TermMatch[]): void {
    const term = this.terms[id]!;
    // Most terms open with a common word ("no", "my", "la"): rule them out on their second word first.
    const second = term.slots[1];
    // Only when the first position is one word: a `{concept}` there may span several.
    if (
      second &&
      !term.slots[0]!.concepts.length &&
      !second.specials.length &&
      !second.concepts.length &&
      !hasKey(second, input, start + 1, to) &&
      !(start + 2 < to && input.skippable(start + 1) && hasKey(second, input, start + 2, to))
    )
      return;
    const end = this.longest(term, input, start, to);
    if (end >= 0) out.push({ term: id, start, end });
  }

  /** Last token of the longest match of `term` starting at `start`, or -1 (a depth-first walk, no recursion). */
  private longest(term: Term<T>, input: MatchInput, start: number, to: number): number {
    let best = -1;
    const stack: number[] = [0, start];
    while (stack.length) {
      const pos = stack.pop()!;
      const slot = stack.pop()!;
      if (slot === term.slots.length) {
        if (pos - 1 > best && (!term.atBoundary || atBoundary(input, pos))) best = pos - 1;
        continue;
      }
      // A term never runs on into the next sentence ("no se me para. Nada." is not "para nada").
      if (slot > 0 && input.boundaries[pos] === Boundary.Hard) continue;
      this.pushNext(term.slots[slot]!, input, pos, to, slot + 1, stack);
      // One stray word may sit between two positions of a term, never before its first.
      if (slot > 0 && pos + 1 < to && input.skippable(pos) && input.boundaries[pos + 1] !== Boundary.Hard)
        this.pushNext(term.slots[slot]!, input, pos + 1, to, slot + 1, stack);
    }
    return best;
  }

  /** Pushes (next slot, position after) for each way `slot` matches at `pos`. */
  private pushNext(slot: Slot, input: MatchInput, pos: number, to: number, next: number, stack: number[]): void {
    if (pos >= to) return;
    const keys = input.keys[pos] ?? NONE;
    let hit = false;
    for (const k of keys) if (slot.keys.has(k)) hit = true;
    if (!hit) for (const s of slot.specials) if (matchesSpecial(s, input.words[pos]!)) hit = true;
    if (hit) stack.push(next, pos + 1);
    for (const c of slot.concepts) for (const end of input.conceptEnds(c, pos)) if (end < to) stack.push(next, end + 1);
  }
}
