/**
 * One language's phrase lists compiled for matching: vocabulary keys, indexed patterns and cue
 * phrase sets. Built once at start-up; nothing here re-reads the lists per message.
 */
import { tierOf, type FlagId } from '../../dialogs/triage/red-flags.js';
import type { PolarityCues } from './clause-polarity.js';
import { FuzzyLexicon } from './fuzzy-lexicon.js';
import { PhraseMatcher, PhraseSet } from './phrase-matcher.js';
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

const KINDS = ['emergency', 'possible', 'urgent', 'routine', 'exclude'] as const satisfies readonly (keyof FlagPhrases)[];

/** Compiles validated lists (see `parseRedFlagLists`) of language `lng`. */
export function compileLanguage(lists: RedFlagLists, lng: string): LanguageModel {
  const n = lists.negation;
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
