/**
 * Finds the terms of one list (a concept's lexicon, a cue list, idioms) in a message: each term's
 * positions in order, one stray filler or unknown word allowed between two of them ("lost all
 * feeling"), indexed by the vocabulary keys of their first position.
 *
 * The lists run to thousands of terms per language, so a term is not an object of its own: its
 * positions ("slots") and their vocabulary keys live in flat integer tables (a term's slots are
 * `slotStart[t] .. slotStart[t + 1]`, a slot's keys `keyStart[s] .. keyStart[s + 1]` of `keys`),
 * which keeps the detector to a few MB and its build short.
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

/** The alternatives of a slot that are not vocabulary words (few slots have any). */
interface SlotExtras {
  readonly specials: readonly Special[];
  readonly concepts: readonly string[];
}

const NONE: readonly number[] = [];
const NO_EXTRAS: SlotExtras = { specials: [], concepts: [] };
/** A matcher's integer tables (see `TermMatcher.tables`). */
interface Tables<A extends ArrayLike<number>> {
  readonly slotStart: A;
  readonly keyStart: A;
  readonly keys: A;
  readonly slotFlags: A;
  readonly atEnd: A;
}

/** Bits of `slotFlags`. */
const HAS_SPECIALS = 1;
const HAS_CONCEPTS = 2;

/** Whether only filler words ("lol", "really") stand between `pos` and punctuation or the end. */
function atBoundary(input: MatchInput, pos: number): boolean {
  let k = pos;
  while (k < input.words.length && input.boundaries[k] === Boundary.None && input.filler(k)) k++;
  return k >= input.words.length || input.boundaries[k] !== Boundary.None;
}

/** Terms of one list, compiled against one language's vocabulary. */
export class TermMatcher<T> {
  private readonly tags: T[] = [];
  private readonly sources: string[] = [];
  /**
   * The integer tables: growable arrays while terms are added, then typed arrays (half the size,
   * no spare capacity) once sealed. Term t's slots are slotStart[t] .. slotStart[t + 1] - 1; slot
   * s's keys are keys[keyStart[s]] .. keys[keyStart[s + 1] - 1], each once; slotFlags[s] is
   * HAS_SPECIALS | HAS_CONCEPTS; atEnd[t] is 1 when term t must end at punctuation (`$`).
   */
  private tables: Tables<number[]> | Tables<Int32Array> = {
    slotStart: [0],
    keyStart: [0],
    keys: [],
    slotFlags: [],
    atEnd: [],
  };
  /** Specials and concepts of the slots that have any, by slot. */
  private readonly extras = new Map<number, SlotExtras>();
  /** Terms whose first slot takes a special or a concept: tried at every position. */
  private readonly loose: number[] = [];
  /**
   * Term ids by the keys of their first slot, ascending: those of key k are indexIds[indexStart[k] ..
   * indexStart[k + 1] - 1]. Terms whose first two slots are plain words are not here but in `pairs`.
   */
  private indexStart = new Int32Array(1);
  private indexIds = new Int32Array(0);
  /**
   * Term ids by the keys of their first two slots (`pairKey`): most terms open with a common word ("no",
   * "my", "la"), and the word after it rules out nearly all of them without trying each.
   */
  private pairs = new Map<number, Int32Array>();
  private pairBase = 1;
  /** How many terms the index covers (terms added later make `find` build it again). */
  private indexed = 0;
  /** Per term, the stamp of the last start position it was tried at (no term tried twice at one start). */
  private seen = new Uint32Array(0);
  private stamp = 0;

  /**
   * @param withinClause a term never runs over a comma, colon or dash either ("no, solo la pierna" is
   *   not the phrase "no solo")
   */
  constructor(
    private readonly lexicon: FuzzyLexicon,
    private readonly withinClause = false,
  ) {}

  /** Adds a parsed term; `tag` comes back with each match. */
  add(spec: TermSpec, tag: T): void {
    const t = this.growable();
    const firstSlot = t.slotFlags.length;
    for (const alts of spec.slots) {
      const slot = t.slotFlags.length;
      const from = t.keys.length;
      let specials: Special[] | undefined;
      let concepts: string[] | undefined;
      for (const a of alts) {
        if (a.kind === 'word') {
          const key = this.lexicon.keyFor(a.word, a.prefix);
          if (t.keys.indexOf(key, from) < 0) t.keys.push(key);
        } else if (a.kind === 'special') (specials ??= []).push(a.special);
        else (concepts ??= []).push(a.concept);
      }
      t.keyStart.push(t.keys.length);
      t.slotFlags.push((specials ? HAS_SPECIALS : 0) | (concepts ? HAS_CONCEPTS : 0));
      if (specials || concepts) this.extras.set(slot, { specials: specials ?? [], concepts: concepts ?? [] });
    }
    const id = this.tags.length;
    this.tags.push(tag);
    this.sources.push(spec.source);
    t.atEnd.push(spec.atBoundary ? 1 : 0);
    t.slotStart.push(t.slotFlags.length);
    if (t.slotFlags.length > firstSlot && t.slotFlags[firstSlot] !== 0) this.loose.push(id);
  }

  /** The tables as growable arrays (after a seal, copied back). */
  private growable(): Tables<number[]> {
    const t = this.tables;
    if (Array.isArray(t.keys)) return t as Tables<number[]>;
    const back: Tables<number[]> = {
      slotStart: Array.from(t.slotStart),
      keyStart: Array.from(t.keyStart),
      keys: Array.from(t.keys),
      slotFlags: Array.from(t.slotFlags),
      atEnd: Array.from(t.atEnd),
    };
    this.tables = back;
    return back;
  }

  /** The tag of term `id`. */
  tagOf(id: number): T {
    return this.tags[id]!;
  }

  /** The source of term `id`, as expanded from the list (for the trace; the parsed term itself is not kept). */
  specOf(id: number): Pick<TermSpec, 'source'> {
    return { source: this.sources[id]! };
  }

  /** Builds the index of first-slot keys and packs the tables (done by `find` if terms were added since). */
  seal(): void {
    const t = this.tables;
    const { slotStart, keyStart, keys, slotFlags } = t;
    const terms = this.tags.length;
    // A term whose first two slots are plain words is indexed by its word pairs, the others by their first word.
    const paired = (id: number): boolean => {
      const s = slotStart[id]!;
      return s + 1 < slotStart[id + 1]! && slotFlags[s] === 0 && slotFlags[s + 1] === 0;
    };
    let maxKey = -1;
    for (const k of keys) maxKey = Math.max(maxKey, k);
    this.pairBase = maxKey + 1;
    let count = 0;
    for (let id = 0; id < terms; id++) {
      const s = slotStart[id]!;
      if (s === slotStart[id + 1] || paired(id)) continue;
      count += keyStart[s + 1]! - keyStart[s]!;
    }
    const start = new Int32Array(maxKey + 2);
    for (let id = 0; id < terms; id++) {
      const s = slotStart[id]!;
      if (s === slotStart[id + 1] || paired(id)) continue;
      for (let j = keyStart[s]!; j < keyStart[s + 1]!; j++) start[keys[j]! + 1] = start[keys[j]! + 1]! + 1;
    }
    for (let k = 1; k < start.length; k++) start[k] = start[k]! + start[k - 1]!;
    const ids = new Int32Array(count);
    const fill = start.slice(0, -1);
    const pairs = new Map<number, number[]>();
    for (let id = 0; id < terms; id++) {
      const s = slotStart[id]!;
      if (s === slotStart[id + 1]) continue;
      if (paired(id)) {
        for (let j = keyStart[s]!; j < keyStart[s + 1]!; j++)
          for (let k = keyStart[s + 1]!; k < keyStart[s + 2]!; k++) {
            const pair = this.pairKey(keys[j]!, keys[k]!);
            const list = pairs.get(pair);
            if (list) list.push(id);
            else pairs.set(pair, [id]);
          }
        continue;
      }
      for (let j = keyStart[s]!; j < keyStart[s + 1]!; j++) {
        const key = keys[j]!;
        ids[fill[key]!] = id;
        fill[key] = fill[key]! + 1;
      }
    }
    this.pairs = new Map(Array.from(pairs, ([pair, list]) => [pair, Int32Array.from(list)]));
    this.tables = {
      slotStart: Int32Array.from(slotStart),
      keyStart: Int32Array.from(keyStart),
      keys: Int32Array.from(keys),
      slotFlags: Int32Array.from(t.slotFlags),
      atEnd: Int32Array.from(t.atEnd),
    };
    this.indexStart = start;
    this.indexIds = ids;
    this.indexed = terms;
    this.seen = new Uint32Array(terms);
    this.stamp = 0;
  }

  /**
   * Every term found in tokens [from, to): for each term and start, the longest match; with `only`,
   * only the terms whose tag is in it.
   */
  find(input: MatchInput, from = 0, to = input.words.length, only?: ReadonlySet<T>): TermMatch[] {
    if (this.indexed !== this.tags.length || Array.isArray(this.tables.keys)) this.seal();
    const out: TermMatch[] = [];
    const seen = this.seen;
    const indexStart = this.indexStart;
    const indexIds = this.indexIds;
    const lastKey = indexStart.length - 2;
    const mask = only ? this.maskOf(only) : undefined;
    for (let i = from; i < to; i++) {
      if (++this.stamp === 0xffffffff) {
        seen.fill(0);
        this.stamp = 1;
      }
      const stamp = this.stamp;
      // The word after the first may be one stray word further on ("lost all feeling").
      const stray = i + 2 < to && input.skippable(i + 1);
      for (const key of input.keys[i] ?? NONE) {
        if (key <= lastKey)
          for (let j = indexStart[key]!, end = indexStart[key + 1]!; j < end; j++) {
            const id = indexIds[j]!;
            if (seen[id] === stamp) continue;
            seen[id] = stamp;
            if (mask && !mask[id]) continue;
            this.tryAt(id, input, i, to, out);
          }
        if (i + 1 < to) this.tryPairs(key, input.keys[i + 1] ?? NONE, mask, input, i, to, out);
        if (stray) this.tryPairs(key, input.keys[i + 2] ?? NONE, mask, input, i, to, out);
      }
      for (const id of this.loose) if (seen[id] !== stamp && (!mask || mask[id])) this.tryAt(id, input, i, to, out);
    }
    return out;
  }

  /** The terms whose tag is in a set, by set (the sets a caller passes to `find` are few and long-lived). */
  private readonly masks = new WeakMap<ReadonlySet<T>, Uint8Array>();
  private maskOf(only: ReadonlySet<T>): Uint8Array {
    let mask = this.masks.get(only);
    if (!mask || mask.length !== this.tags.length) {
      mask = Uint8Array.from(this.tags, (tag) => (only.has(tag) ? 1 : 0));
      this.masks.set(only, mask);
    }
    return mask;
  }

  /** The key of a pair of first and second words in `pairs`. */
  private pairKey(first: number, second: number): number {
    return first * this.pairBase + second;
  }

  /** Tries at `start` the terms whose first word is `key` and whose second is one of `next` (within `mask`, if any). */
  private tryPairs(
    key: number,
    next: readonly number[],
    mask: Uint8Array | undefined,
    input: MatchInput,
    start: number,
    to: number,
    out: TermMatch[],
  ): void {
    if (key >= this.pairBase) return;
    const seen = this.seen;
    const stamp = this.stamp;
    for (const second of next) {
      if (second >= this.pairBase) continue;
      const ids = this.pairs.get(this.pairKey(key, second));
      if (!ids) continue;
      for (const id of ids) {
        if (seen[id] === stamp) continue;
        seen[id] = stamp;
        if (mask && !mask[id]) continue;
        const end = this.longest(id, input, start, to);
        if (end >= 0) out.push({ term: id, start, end });
      }
    }
  }

  /** Whether the token at `pos` is one of the words of slot `slot`. */
  private hasKey(slot: number, input: MatchInput, pos: number, to: number): boolean {
    if (pos >= to) return false;
    const { keyStart, keys } = this.tables;
    const from = keyStart[slot]!;
    const end = keyStart[slot + 1]!;
    for (const k of input.keys[pos] ?? NONE) for (let j = from; j < end; j++) if (keys[j] === k) return true;
    return false;
  }

  private tryAt(id: number, input: MatchInput, start: number, to: number, out: TermMatch[]): void {
    const { slotStart, slotFlags } = this.tables;
    const first = slotStart[id]!;
    // Most terms open with a common word ("no", "my", "la"): rule them out on their second word first.
    // Only when the first position is one word: a `{concept}` there may span several.
    const second = first + 1;
    if (
      second < slotStart[id + 1]! &&
      !(slotFlags[first]! & HAS_CONCEPTS) &&
      slotFlags[second] === 0 &&
      !this.hasKey(second, input, start + 1, to) &&
      !(start + 2 < to && input.skippable(start + 1) && this.hasKey(second, input, start + 2, to))
    )
      return;
    const end = this.longest(id, input, start, to);
    if (end >= 0) out.push({ term: id, start, end });
  }

  /** Last token of the longest match of term `id` starting at `start`, or -1 (a depth-first walk, no recursion). */
  private longest(id: number, input: MatchInput, start: number, to: number): number {
    const base = this.tables.slotStart[id]!;
    const slots = this.tables.slotStart[id + 1]! - base;
    const mustEnd = this.tables.atEnd[id] === 1;
    let best = -1;
    const stack: number[] = [0, start];
    while (stack.length) {
      const pos = stack.pop()!;
      const slot = stack.pop()!;
      if (slot === slots) {
        if (pos - 1 > best && (!mustEnd || atBoundary(input, pos))) best = pos - 1;
        continue;
      }
      // A term never runs on into the next sentence ("no se me para. Nada." is not "para nada").
      if (
        slot > 0 &&
        input.boundaries[pos] !== Boundary.None &&
        (this.withinClause || input.boundaries[pos] === Boundary.Hard)
      )
        continue;
      this.pushNext(base + slot, input, pos, to, slot + 1, stack);
      // One stray word may sit between two positions of a term, never before its first.
      // The stray word stands between like boundaries (inside a clause, or an aside: "cant, really, feel"),
      // never on a clause's edge: "nooo, todo normal" is a "no" and a "normal", not "no … normal".
      if (
        slot > 0 &&
        pos + 1 < to &&
        input.skippable(pos) &&
        input.boundaries[pos] === input.boundaries[pos + 1] &&
        input.boundaries[pos + 1] !== Boundary.Hard
      )
        this.pushNext(base + slot, input, pos + 1, to, slot + 1, stack);
    }
    return best;
  }

  /** Pushes (next slot, position after) for each way slot `slot` matches at `pos`. */
  private pushNext(slot: number, input: MatchInput, pos: number, to: number, next: number, stack: number[]): void {
    if (pos >= to) return;
    const flags = this.tables.slotFlags[slot]!;
    const extras = flags ? (this.extras.get(slot) ?? NO_EXTRAS) : NO_EXTRAS;
    let hit = this.hasKey(slot, input, pos, to);
    if (!hit) for (const s of extras.specials) if (matchesSpecial(s, input.words[pos]!)) hit = true;
    if (hit) stack.push(next, pos + 1);
    for (const c of extras.concepts)
      for (const end of input.conceptEnds(c, pos)) if (end < to) stack.push(next, end + 1);
  }
}
