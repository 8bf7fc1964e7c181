/**
 * Reads one message with both languages: SMS spellings, concept mentions (every concept in the
 * conversation language, the emergency ones in the other language too), idioms that hide them,
 * and the context cues, terminators and list joiners that the scopes are built from.
 */
import type { Category } from '../red-flag-lists.js';
import { LACK_CONCEPTS } from './flag-rules.js';
import { Boundary, tokenize, type Tokens } from '../text-normalize.js';
import { overlaps, type IdiomHit, type Mention, type Span } from './analysis.js';
import type { Direction, LanguageModel } from './language-model.js';
import type { MatchInput } from './term-matcher.js';

/** A cue before its scope is worked out. */
export interface RawCue extends Span {
  readonly category: Category | null;
  readonly direction: Direction;
  readonly model: LanguageModel;
  readonly term: string;
}

/** The message as read, ready for scopes and rules. */
export interface RawScan {
  readonly tokens: Tokens;
  readonly mentions: readonly Mention[];
  readonly idioms: readonly IdiomHit[];
  readonly cues: readonly RawCue[];
  readonly joinerAt: ReadonlySet<number>;
  /** Tokens inside a denial that answers a list of signs ("none of it", "nada de eso"). */
  readonly listDenialAt: ReadonlySet<number>;
  /** Tokens inside a question that only echoes the bot's ("¿eso preguntas?"). */
  readonly echoAt: ReadonlySet<number>;
  /** Tokens inside a denial that says how a thing is ("fine", "bien"), not a bare reply ("no"). */
  readonly predicateAt: ReadonlySet<number>;
  /** Replies that say a sign asked about is there ("I can't", "sin poder"), where they stand. */
  readonly confirmations: readonly Span[];
  /** Tokens inside a yes-word ("yes", "yeah", "sí"). */
  readonly affirmAt: ReadonlySet<number>;
  /** Tokens inside a word that gives a feeling as lessened ("barely", "apenas"). */
  readonly degreeAt: ReadonlySet<number>;
  readonly isFiller: (pos: number) => boolean;
  /** Mentions that carry a negation word of their own ("no se me para", "can't pee"). */
  readonly negativeMentions: ReadonlySet<Mention>;
}

/**
 * "don't feel any numbness", "no siento debilidad": not feeling a sensation is denying it, so a
 * `nofeel` mention followed closely by one of these is read as a negation cue.
 */
const SENSATIONS: ReadonlySet<string> = new Set([
  'numb',
  'weak',
  'strange',
  'pain',
  'sciatic',
  'difficulty',
  'swollen',
]);
/** Words that may stand between "don't feel" and the sensation it denies ("any", "ningún tipo de"). */
const DENIAL_GAP = 2;

/** A language counts as present in a message with this many of its own function words ("what if las dos piernas..."). */
const PRESENT_WORDS = 1;

const sameClause = (tokens: Tokens, from: number, to: number): boolean => {
  for (let k = from + 1; k <= to; k++) if (tokens.boundaries[k] !== Boundary.None) return false;
  return true;
};

/** One message as both languages read it. */
interface Reading {
  readonly tokens: Tokens;
  readonly models: readonly [LanguageModel, LanguageModel];
  readonly isFiller: (pos: number) => boolean;
  readonly input: (keys: readonly (readonly number[])[], skip: boolean) => MatchInput;
}

/**
 * Scans `text` with `primary` (the conversation language) and `secondary`, of which only the
 * concepts in `secondaryConcepts` are read.
 */
export function scanMessage(
  text: string,
  primary: LanguageModel,
  secondary: LanguageModel,
  secondaryConcepts: ReadonlySet<string>,
): RawScan {
  const raw = tokenize(text);
  // SMS spellings of the conversation's language only: Spanish "pal" (para) is an English "pal".
  const words = raw.words.map((w) => primary.sms.get(w) ?? w);
  const tokens: Tokens = { ...raw, words };
  const isFiller = (k: number): boolean => primary.fillers.has(words[k]!) || secondary.fillers.has(words[k]!);
  // The other language reads its words exactly, never as typos: an English "residents" is not a
  // misspelt Spanish "reciente", nor "wear" the loanword "weak".
  const fuzzyKeys = [primary, secondary].map((m) => words.map((w) => m.lexicon.keysOf(w, m === primary)));
  // A filler, or a word neither language knows, may stand between two words of a term.
  const strayAt = words.map((_, k) => isFiller(k) || fuzzyKeys.every((keys) => keys[k]!.length === 0));
  const byStart = new Map<string, number[]>();
  const reading: Reading = {
    tokens,
    models: [primary, secondary],
    isFiller,
    // Cue, idiom and pseudo-trigger terms are read word for word: "que va" is not "que se va".
    input: (keys, skip) => ({
      words,
      boundaries: tokens.boundaries,
      keys,
      skippable: skip ? (k) => strayAt[k] === true : () => false,
      filler: isFiller,
      conceptEnds: (concept, pos) => byStart.get(`${concept}@${pos}`) ?? [],
    }),
  };
  const found = readConcepts(reading, fuzzyKeys, secondaryConcepts);
  for (const x of found)
    byStart.set(`${x.concept}@${x.start}`, [...(byStart.get(`${x.concept}@${x.start}`) ?? []), x.end]);
  const { idioms, cues, pseudo, joinerAt, listDenialAt, echoAt, predicateAt, confirmations, affirmAt, degreeAt } =
    readCues(reading);
  // "incontinence no, erections no problem": a bare denial closing its clause answers the words
  // before it; it does not start a sign of the next clause ("no erections").
  const replyAt = (k: number): boolean =>
    tokens.boundaries[k + 1] === Boundary.Soft &&
    cues.some((c) => c.category === 'negated' && c.start === k && c.end === k);
  const unmasked = found.filter((x) => !idioms.some((d) => overlaps(d, x)) && !(x.end > x.start && replyAt(x.start)));
  const denials = denialsOf(unmasked, tokens);
  for (const d of denials) {
    cues.push({
      category: 'negated',
      direction: 'forward',
      start: d.start,
      end: d.end,
      model: d.lng === primary.lng ? primary : secondary,
      term: d.term,
    });
  }
  // A pseudo-trigger ("no doubt", "though," at the end of a clause) hides cues and terminators alike.
  const kept = cues.filter((c) => !pseudo.some((p) => overlaps(p, c)) && !stressedYes(tokens, c));
  const mentions = unmasked.filter((x) => !denials.includes(x));
  const negativeMentions = new Set(
    mentions.filter(
      (x) =>
        LACK_CONCEPTS.has(x.concept) ||
        cues.some((c) => c.category === 'negated' && x.start <= c.start && c.end <= x.end),
    ),
  );
  return {
    tokens,
    mentions,
    idioms,
    cues: kept,
    joinerAt,
    listDenialAt,
    echoAt,
    predicateAt,
    confirmations,
    affirmAt,
    degreeAt,
    isFiller,
    negativeMentions,
  };
}

function readConcepts(
  reading: Reading,
  fuzzyKeys: readonly (readonly (readonly number[])[])[],
  secondaryConcepts: ReadonlySet<string>,
): Mention[] {
  const mentions: Mention[] = [];
  reading.models.forEach((m, i) => {
    const input = reading.input(fuzzyKeys[i]!, true);
    for (const hit of m.concepts.find(input, 0, input.words.length, i === 1 ? secondaryConcepts : undefined)) {
      const concept = m.concepts.tagOf(hit.term);
      if (mentions.some((x) => x.concept === concept && x.start === hit.start && x.end === hit.end)) continue;
      mentions.push({ concept, start: hit.start, end: hit.end, lng: m.lng, term: m.concepts.specOf(hit.term).source });
    }
  });
  return mentions;
}

/** Adds every token of every hit to `at`. */
/** Whether a yes-word ("yes", "yeah", "sí") stands in tokens [from, to]. */
export function yesIn(scan: RawScan, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (scan.affirmAt.has(k)) return true;
  return false;
}

function markHits(hits: readonly Span[], at: Set<number>): void {
  for (const hit of hits) for (let k = hit.start; k <= hit.end; k++) at.add(k);
}

function readCues(reading: Reading): {
  idioms: IdiomHit[];
  cues: RawCue[];
  pseudo: Span[];
  joinerAt: Set<number>;
  listDenialAt: Set<number>;
  echoAt: Set<number>;
  predicateAt: Set<number>;
  confirmations: Span[];
  affirmAt: Set<number>;
  degreeAt: Set<number>;
} {
  const { models, tokens } = reading;
  // A function word counts for its language only if the other does not use it ("he" is English too).
  const ownFunctionWord = (m: LanguageModel, other: LanguageModel, w: string): boolean =>
    m.fillers.has(w) && !other.fillers.has(w) && !other.cueLexicon.knows(w) && !other.lexicon.knows(w);
  const present = models.map(
    (m, i) => i === 0 || tokens.words.filter((w) => ownFunctionWord(m, models[1 - i]!, w)).length >= PRESENT_WORDS,
  );
  const out = {
    idioms: [] as IdiomHit[],
    cues: [] as RawCue[],
    pseudo: [] as Span[],
    joinerAt: new Set<number>(),
    listDenialAt: new Set<number>(),
    echoAt: new Set<number>(),
    predicateAt: new Set<number>(),
    confirmations: [] as Span[],
    affirmAt: new Set<number>(),
    degreeAt: new Set<number>(),
  };
  models.forEach((m, i) => {
    const input = reading.input(
      tokens.words.map((w) => m.cueLexicon.keysOf(w, false)),
      false,
    );
    for (const hit of m.idioms.find(input))
      out.idioms.push({ start: hit.start, end: hit.end, lng: m.lng, term: m.idioms.specOf(hit.term).source });
    if (!present[i]) return;
    for (const hit of [...m.pseudo.find(input), ...m.pseudoOfSigns.find(input)]) out.pseudo.push(hit);
    markHits(m.joiners.find(input), out.joinerAt);
    markHits(m.listDenials.find(input), out.listDenialAt);
    markHits(m.echoQuestions.find(input), out.echoAt);
    markHits(m.predicateDenials.find(input), out.predicateAt);
    out.confirmations.push(...m.confirmations.find(input));
    markHits(m.affirmations.find(input), out.affirmAt);
    markHits(m.degrees.find(input), out.degreeAt);
    for (const hit of m.cues.find(input)) {
      // A cue word that is a function word of the other language present ("he" = "I have") is not a cue.
      if (present[1 - i] && models[1 - i]!.fillers.has(tokens.words[hit.start]!)) continue;
      // A cue is said in one sentence: "Nights are hell. No position helps." holds no "hell no".
      if (tokens.boundaries.slice(hit.start + 1, hit.end + 1).includes(Boundary.Hard)) continue;
      out.cues.push({
        ...m.cues.tagOf(hit.term),
        start: hit.start,
        end: hit.end,
        model: m,
        term: m.cues.specOf(hit.term).source,
      });
    }
  });
  return out;
}

/**
 * "Pero sí le cuento que …": a "sí" typed with its accent inside a clause is a yes, never the "si" (if) of
 * a condition. Opening its clause it may be a mistyped "if" ("sí no puedo orinar, ¿voy a urgencias?").
 */
function stressedYes(tokens: Tokens, c: RawCue): boolean {
  return (
    (c.category === 'conditional' || c.category === 'hypothetical') &&
    tokens.stressedYes[c.start] === true &&
    c.start > 0 &&
    tokens.boundaries[c.start] === Boundary.None
  );
}

/** `nofeel` mentions that deny a sensation right after them ("don't feel any numbness"). */
function denialsOf(mentions: readonly Mention[], tokens: Tokens): Mention[] {
  return mentions.filter(
    (x) =>
      x.concept === 'nofeel' &&
      mentions.some(
        (s) =>
          SENSATIONS.has(s.concept) &&
          s.start > x.end &&
          s.start - x.end - 1 <= DENIAL_GAP &&
          sameClause(tokens, x.end, s.start),
      ),
  );
}
