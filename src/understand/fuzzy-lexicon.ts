/**
 * Maps a typed token to the pattern vocabulary words it stands for: exactly, by prefix (`tingl*`),
 * or through a small typo. Results are cached per token, so a word is looked up once per process.
 */

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (adjacent swaps count as one edit), or
 * `max + 1` as soon as the distance is known to exceed `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * People seldom mistype the first letter, and requiring it keeps many real words ("speed", "rubs")
 * from passing for list words ("peed", "ribs"). A dropped silent "h" is the exception ("ormigueo").
 */
function sameStart(token: string, word: string): boolean {
  return token[0] === word[0] || (word[0] === 'h' && token[0] === word[1]);
}

/** Typos allowed for a token of this length: none under 4 letters, 1 up to 7, 2 from 8. */
function typoBudget(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

const MIN_FUZZY_PREFIX = 5;
const CACHE_LIMIT = 50_000;
const NONE: readonly number[] = Object.freeze([]);

/** What `keysOf` found for a token: its keys without typos, and with them. */
interface CacheEntry {
  readonly exact: readonly number[];
  readonly all: readonly number[];
}
const NO_KEYS: CacheEntry = { exact: NONE, all: NONE };

/** Vocabulary of one language: each exact word and each prefix (`tingl*`) has a numeric key. */
export class FuzzyLexicon {
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private byLength: string[][] = [];
  private prefixList: [string, number][] = [];
  private minPrefix = Infinity;
  private readonly cache = new Map<string, CacheEntry>();
  /** Entries of tokens that are exactly one vocabulary word, by its key. */
  private readonly singles = new Map<number, CacheEntry>();
  /** Keys by the word as given to `keyFor`, until `seal` (a build-time shortcut). */
  private readonly rawExact = new Map<string, number>();
  private readonly rawPrefixes = new Map<string, number>();

  private readonly protectedWords: ReadonlySet<string>;

  /**
   * @param protectedWords real words that must never be read as a typo of a vocabulary word.
   * @param spell maps a word to its spelling key (see `spellingKey`); applied to both sides.
   */
  constructor(
    protectedWords: Iterable<string>,
    private readonly spell: (word: string) => string = (w) => w,
  ) {
    this.protectedWords = new Set([...protectedWords].map(spell));
  }

  /** The key of a vocabulary word (`prefix` true for `word*`), added if new. */
  keyFor(raw: string, prefix: boolean): number {
    // The lists repeat their words thousands of times: each is spelt (several regular expressions) once.
    const known = prefix ? this.rawPrefixes : this.rawExact;
    const seen = known.get(raw);
    if (seen !== undefined) return seen;
    const word = this.spell(raw);
    const map = prefix ? this.prefixes : this.exact;
    let key = map.get(word);
    if (key === undefined) {
      key = this.exact.size + this.prefixes.size;
      map.set(word, key);
      this.cache.clear();
    }
    known.set(raw, key);
    return key;
  }

  /** Call once after all keys are added: builds the typo search tables. */
  seal(): void {
    this.rawExact.clear();
    this.rawPrefixes.clear();
    this.byLength = [];
    for (const w of this.exact.keys()) {
      if (w.length < 4 || /^\d+$/.test(w)) continue;
      (this.byLength[w.length] ??= []).push(w);
    }
    this.prefixList = [...this.prefixes.entries()];
    this.minPrefix = Math.min(Infinity, ...[...this.prefixes.keys()].map((p) => p.length));
  }

  /**
   * Keys the token matches: exact word, prefixes, and (only if it is not a vocabulary word, and
   * `typos` allows) typo-corrected words.
   */
  keysOf(token: string, typos = true): readonly number[] {
    const hit = this.cache.get(token) ?? this.lookUp(token, this.spell(token));
    return typos ? hit.all : hit.exact;
  }

  /** Whether the token is a vocabulary word or has a vocabulary prefix, typos aside. */
  knows(token: string): boolean {
    return this.keysOf(token, false).length > 0;
  }

  private lookUp(raw: string, token: string): CacheEntry {
    const keys: number[] = [];
    const word = this.exact.get(token);
    if (word !== undefined) keys.push(word);
    for (let len = this.minPrefix; len <= token.length; len++) {
      const p = this.prefixes.get(token.slice(0, len));
      if (p !== undefined) keys.push(p);
    }
    const exact = keys.length ? keys : NONE;
    let all = exact;
    // A prefix hit ("numb*") does not stop a typo reading of a whole word ("numbnes" = "numbness").
    if (word === undefined && !this.protectedWords.has(token) && !/\d/.test(token)) {
      const typos: number[] = [];
      this.addTypoKeys(token, typos);
      if (typos.length) all = [...new Set([...keys, ...typos])];
    }
    // Most tokens are no word of the list, or one word without typos: those share their entries.
    const entry = all !== exact ? { exact, all } : keys.length === 0 ? NO_KEYS : this.single(keys);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(raw, entry);
    return entry;
  }

  /** The shared entry of one exact key (`keys` holds it). */
  private single(keys: readonly number[]): CacheEntry {
    if (keys.length !== 1) return { exact: keys, all: keys };
    let entry = this.singles.get(keys[0]!);
    if (!entry) this.singles.set(keys[0]!, (entry = { exact: keys, all: keys }));
    return entry;
  }

  private addTypoKeys(token: string, keys: number[]): void {
    const budget = typoBudget(token.length);
    if (budget === 0) return;
    // A vocabulary word keeps the budget of its own length too: an 8-letter token may not reach a
    // 6-letter word with 2 edits.
    for (let len = Math.max(4, token.length - budget); len <= token.length + budget; len++) {
      const allowed = Math.min(budget, typoBudget(len));
      if (allowed === 0) continue;
      for (const w of this.byLength[len] ?? []) {
        if (sameStart(token, w) && editDistance(token, w, allowed) <= allowed) keys.push(this.exact.get(w)!);
      }
    }
    for (const [p, key] of this.prefixList) {
      if (p.length < MIN_FUZZY_PREFIX || token.length < p.length - 1 || !sameStart(token, p)) continue;
      for (let len = p.length - 1; len <= Math.min(token.length, p.length + 1); len++) {
        if (editDistance(token.slice(0, len), p, 1) <= 1) {
          keys.push(key);
          break;
        }
      }
    }
  }
}
