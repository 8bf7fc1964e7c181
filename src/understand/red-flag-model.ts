/**
 * One language's phrase lists compiled for matching: vocabulary keys, indexed patterns and cue
 * phrase sets. Built once at start-up; nothing here re-reads the lists per message.
 */
import { tierOf, type FlagId } from '../../dialogs/triage/red-flags.js';
import type { PolarityCues } from './clause-polarity.js';
import { FuzzyLexicon } from './fuzzy-lexicon.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { PhraseSet } from './phrase-set.js';
import type { FlagPhrases, RedFlagLists } from './red-flag-lists.js';
import { phraseWords, spellingKey } from './text-normalize.js';

/** What a pattern says when it matches. */
export type PatternKind = 'emergency' | 'possible' | 'urgent' | 'routine' | 'exclude' | 'crisis';

/** Attached to every compiled pattern. */
export interface PatternTag {
  readonly kind: PatternKind;
  /** Null for crisis phrases. */
  readonly flag: FlagId | null;
  /** True for crisis phrases and for every pattern of an emergency-tier flag (checked in both languages). */
  readonly always: boolean;
}

/** A compiled language. */
export interface LanguageModel extends PolarityCues {
  readonly lexicon: FuzzyLexicon;
  readonly matcher: PhraseMatcher<PatternTag>;
  readonly clauseBreaks: PhraseSet;
  readonly fillers: ReadonlySet<string>;
}

type Negation = RedFlagLists['negation'];

function mergeNegation(own: Negation, other: Negation | undefined): Negation {
  if (!other) return own;
  const merged = { ...own };
  for (const key of Object.keys(own) as (keyof Negation)[]) merged[key] = [...new Set([...own[key], ...other[key]])];
  return merged;
}

const KINDS = ['emergency', 'possible', 'urgent', 'routine', 'exclude'] as const satisfies readonly (keyof FlagPhrases)[];

/**
 * Compiles validated lists (see `parseRedFlagLists`) of language `lng`. The negation words of
 * `partner` (the other language) are added to this language's, so that a code-switched denial or
 * clause break ("I'm not suicidal", "no tengo fiebre pero I can't pee") is still read.
 */
export function compileLanguage(lists: RedFlagLists, lng: string, partner?: RedFlagLists): LanguageModel {
  const n = mergeNegation(lists.negation, partner?.negation);
  const single = (phrases: readonly string[]): string[] => phrases.flatMap(phraseWords);
  const protectedWords = new Set([
    ...single(lists.fuzzy.exclude),
    ...single(lists.fillers),
    ...single(n.cues),
    ...single(n.postCues),
    ...single(n.clauseBreaks),
    ...single(n.scopeBreaks),
    ...single(n.listJoiners),
    ...single(lists.others.self),
  ]);
  const lexicon = new FuzzyLexicon(protectedWords, (w) => spellingKey(w, lng));
  const matcher = new PhraseMatcher<PatternTag>(lexicon, lists.classes);
  for (const p of lists.crisis.phrases) matcher.add(p, { kind: 'crisis', flag: null, always: true });
  for (const p of lists.crisis.exclude) matcher.add(p, { kind: 'exclude', flag: null, always: true }, true);
  for (const [id, entry] of Object.entries(lists.flags) as [FlagId, FlagPhrases][]) {
    const always = tierOf(id) === 'emergency';
    for (const kind of KINDS) {
      // Excluded phrases are read in their written order: they are fixed expressions ("knee to chest").
      for (const p of entry[kind] ?? []) matcher.add(p, { kind, flag: id, always }, kind === 'exclude');
    }
  }
  lexicon.seal();
  return {
    lexicon,
    matcher,
    cues: new PhraseSet(n.cues),
    postCues: new PhraseSet(n.postCues),
    uncertain: new PhraseSet(n.uncertain),
    benign: new PhraseSet(n.benignContext),
    clauseBreaks: new PhraseSet(n.clauseBreaks),
    // A clause break kept inside a clause (see the detector) still stops a cue's scope.
    scopeBreaks: new PhraseSet([...n.scopeBreaks, ...n.clauseBreaks]),
    listJoiners: new PhraseSet(n.listJoiners),
    subjects: new PhraseSet(lists.others.subjects),
    self: new PhraseSet(lists.others.self),
    fillers: new Set(single(lists.fillers)),
  };
}
