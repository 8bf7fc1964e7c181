/**
 * One language's lexicons and cues compiled for matching. Built once at start-up; nothing here
 * re-reads the lists per message.
 */
import { CATEGORIES, type Category, type RedFlagLists } from '../red-flag-lists.js';
import type { Language } from '../language.js';
import { FuzzyLexicon } from '../fuzzy-lexicon.js';
import { phraseWords, spellingKey } from '../text-normalize.js';
import { expandTerm, parseTerm, type TermSpec } from './term-syntax.js';
import { TermMatcher } from './term-matcher.js';

/** How a cue's scope runs from it: ConText's trigger direction, or a terminator of the category. */
export type Direction = 'forward' | 'backward' | 'both' | 'end';

/** What a cue term is: its category (null for the terminators shared by every category) and direction. */
interface CueTag {
  readonly category: Category | null;
  readonly direction: Direction;
}

/** A compiled language. */
export interface LanguageModel {
  readonly lng: Language;
  /** Concept words, read with typos. */
  readonly lexicon: FuzzyLexicon;
  /** Cue, idiom and pseudo-trigger words, read exactly. */
  readonly cueLexicon: FuzzyLexicon;
  readonly concepts: TermMatcher<string>;
  readonly cues: TermMatcher<CueTag>;
  readonly idioms: TermMatcher<null>;
  readonly pseudo: TermMatcher<null>;
  /** Pseudo-triggers built on a sign ("{pee} nada"), which may run over a comma ("las piernas, nada, no las siento"). */
  readonly pseudoOfSigns: TermMatcher<null>;
  readonly joiners: TermMatcher<null>;
  /** Denials that answer a list of signs told just before ("none of it", "nada de eso"). */
  readonly listDenials: TermMatcher<null>;
  /** Questions that only echo the bot's ("¿eso preguntas?", "is that what you mean?"). */
  readonly echoQuestions: TermMatcher<null>;
  /** Denials that say how a thing is ("fine", "bien"), not bare replies ("no", "nope"). */
  readonly predicateDenials: TermMatcher<null>;
  /** Replies that say a sign asked about is there ("I can't", "sin poder"). */
  readonly confirmations: TermMatcher<null>;
  /** Yes-words ("yes", "yeah", "sí"): a reply that opens with one is no denial of the question before. */
  readonly affirmations: TermMatcher<null>;
  /** Words that give a feeling asked about as lessened ("barely", "apenas"). */
  readonly degrees: TermMatcher<null>;
  readonly fillers: ReadonlySet<string>;
  /** SMS spellings → the word meant ("cnt" → "cant"). */
  readonly sms: ReadonlyMap<string, string>;
}

const parse = (source: string): TermSpec[] => expandTerm(source).map((s) => parseTerm(s, []));
const DIRECTIONS = ['forward', 'backward', 'both'] as const;

/** Compiles validated lists (see `parseRedFlagLists`) of language `lng`. */
export function compileLanguage(lists: RedFlagLists, lng: Language): LanguageModel {
  const spell = (w: string): string => spellingKey(w, lng);
  const fillers = new Set(lists.fillers.flatMap(phraseWords));
  const cueWords = new Set<string>();
  const cueLexicon = new FuzzyLexicon([], spell);
  const cues = new TermMatcher<CueTag>(cueLexicon);
  const addCue = (source: string, tag: CueTag): void => {
    for (const spec of parse(source)) {
      for (const alt of spec.slots.flat()) if (alt.kind === 'word' && !alt.prefix) cueWords.add(alt.word);
      cues.add(spec, tag);
    }
  };
  for (const category of CATEGORIES) {
    const lists_ = lists.context[category];
    for (const direction of DIRECTIONS) for (const s of lists_[direction]) addCue(s, { category, direction });
    for (const s of lists_.terminators) addCue(s, { category, direction: 'end' });
  }
  for (const s of lists.terminators) addCue(s, { category: null, direction: 'end' });
  const matcherOf = (list: readonly string[], withinClause = false): TermMatcher<null> => {
    const matcher = new TermMatcher<null>(cueLexicon, withinClause);
    for (const s of list) for (const spec of parse(s)) matcher.add(spec, null);
    return matcher;
  };
  const idioms = matcherOf(lists.idioms);
  // A pseudo-trigger of plain words stays inside its clause ("no, solo la pierna" is not "no solo"); one
  // built on a sign ("{pee} nada") may run over a comma ("las piernas, nada, no las siento").
  const pseudo = matcherOf(
    lists.pseudo.filter((s) => !s.includes('{')),
    true,
  );
  const pseudoOfSigns = matcherOf(lists.pseudo.filter((s) => s.includes('{')));
  const joiners = matcherOf(lists.listJoiners);
  const listDenials = matcherOf(lists.listDenials);
  const echoQuestions = matcherOf(lists.echoQuestions, true);
  const predicateDenials = matcherOf(lists.predicateDenials, true);
  const confirmations = matcherOf(lists.confirmations, true);
  const affirmations = matcherOf(lists.affirmations, true);
  const degrees = matcherOf(lists.degrees, true);
  cueLexicon.seal();
  // Real words of the cue lists, fillers and `notTypos` are never read as typos of concept words.
  const lexicon = new FuzzyLexicon([...fillers, ...cueWords, ...lists.notTypos.flatMap(phraseWords)], spell);
  const concepts = new TermMatcher<string>(lexicon);
  for (const [name, list] of Object.entries(lists.concepts))
    for (const s of list) for (const spec of parse(s)) concepts.add(spec, name);
  lexicon.seal();
  const phraseLists = {
    idioms,
    pseudo,
    pseudoOfSigns,
    joiners,
    listDenials,
    echoQuestions,
    predicateDenials,
    confirmations,
    affirmations,
    degrees,
  };
  for (const matcher of [concepts, cues, ...Object.values(phraseLists)]) matcher.seal();
  const sms = new Map<string, string>();
  for (const entry of lists.sms) {
    const [typed, meant] = entry.split('=').map((p) => phraseWords(p).join(' '));
    if (typed && meant) sms.set(typed, meant);
  }
  return {
    lng,
    lexicon,
    cueLexicon,
    concepts,
    cues,
    ...phraseLists,
    fillers,
    sms,
  };
}
