/** Exact phrase lookup for the small closed lists: negation cues, clause breaks, subjects. */
import type { Span } from './slot-placement.js';
import { phraseWords } from './text-normalize.js';

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
