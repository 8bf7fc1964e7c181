/**
 * Red-flag detector run on every free-text message (CLINICAL.md §2e): finds emergency, urgent and
 * routine flags and crisis talk in English and Spanish, per clause, with negation, typos and free
 * word order. Missing an emergency is the worst failure, so emergency-tier phrases and crisis
 * phrases of both languages are always checked, and doubtful denials of them become `possible`.
 */
import { ALL_FLAGS, type FlagId } from '../../dialogs/triage/red-flags.js';
import { analyseClause, judge, type Judgement } from './clause-polarity.js';
import type { Language } from './language.js';
import type { Match } from './phrase-matcher.js';
import { assertSameKeys, parseRedFlagLists } from './red-flag-lists.js';
import { compileLanguage, type LanguageModel, type PatternTag } from './red-flag-model.js';
import { Boundary, tokenize, type Tokens } from './text-normalize.js';

/** Flags found in one message. Ids are unique and in catalog order. */
export interface Detection {
  /** Emergency-tier flags stated plainly: escalate now. */
  emergency: FlagId[];
  /** Emergency-tier flags hinted at, doubtfully denied or reported about someone else: ask the catalog question. */
  possible: FlagId[];
  /** Urgent-tier flags. */
  urgent: FlagId[];
  /** Routine-tier flags. */
  routine: FlagId[];
  /** Self-harm, suicide or hopelessness talk: show crisis-line information. */
  crisis: boolean;
}

/** Detector built once from both languages' lists. */
export interface RedFlagDetector {
  /** Flags in `text`; `lng` is the conversation language (the other one is checked for emergencies too). */
  detect(text: string, lng: Language): Detection;
}

interface Found {
  readonly emergency: Set<FlagId>;
  readonly possible: Set<FlagId>;
  readonly urgent: Set<FlagId>;
  readonly routine: Set<FlagId>;
  crisis: boolean;
}

interface Judged {
  readonly tag: PatternTag;
  readonly match: Match;
  judgement: Judgement;
}

/**
 * Builds the detector from the parsed `locales/{en,es}/redflags.json`.
 * @throws Error when a file has the wrong shape, names an unknown flag or class, or the two files' keys differ.
 */
export function createRedFlagDetector(lists: { en: unknown; es: unknown }): RedFlagDetector {
  const en = parseRedFlagLists(lists.en, 'en');
  const es = parseRedFlagLists(lists.es, 'es');
  assertSameKeys(lists.en, lists.es, ['en', 'es']);
  const models: Record<Language, LanguageModel> = { en: compileLanguage(en), es: compileLanguage(es) };
  return {
    detect(text: string, lng: Language): Detection {
      const tokens = tokenize(text);
      const found: Found = { emergency: new Set(), possible: new Set(), urgent: new Set(), routine: new Set(), crisis: false };
      if (tokens.words.length === 0) return toDetection(found);
      const primary = models[lng];
      scanLanguage(primary, tokens, found);
      scanLanguage(models[lng === 'en' ? 'es' : 'en'], tokens, found, primary);
      return toDetection(found);
    },
  };
}

function toDetection(found: Found): Detection {
  const ordered = (set: ReadonlySet<FlagId>): FlagId[] => ALL_FLAGS.filter((f) => set.has(f));
  return {
    emergency: ordered(found.emergency),
    possible: ordered(found.possible).filter((f) => !found.emergency.has(f)),
    urgent: ordered(found.urgent),
    routine: ordered(found.routine),
    crisis: found.crisis,
  };
}

/**
 * Runs one language over every clause. With `primary` set this is the second language: only
 * emergency and crisis phrases count, and a word of the primary language is never read as a typo
 * ("incontinencia" is Spanish, not a misspelt "incontinence" that English negation cannot deny).
 */
function scanLanguage(model: LanguageModel, tokens: Tokens, found: Found, primary?: LanguageModel): void {
  const words = tokens.words;
  const allTiers = !primary;
  const keys = words.map((w) => model.lexicon.keysOf(w, !primary?.lexicon.knows(w)));
  const breaks = clauseBreakPositions(model, tokens);
  let from = 0;
  for (let i = 0; i <= words.length; i++) {
    const ends = i === words.length || breaks.has(i) || (i > from && tokens.boundaries[i] === Boundary.Hard);
    if (!ends) continue;
    if (i > from) scanClause(model, tokens, keys, from, i, allTiers, found);
    from = breaks.has(i) ? i + 1 : i;
  }
}

/** Words of a clause shorter than this after "but" stay in the previous clause ("... but down below"). */
const MIN_CLAUSE_AFTER_BREAK = 4;

function clauseBreakPositions(model: LanguageModel, tokens: Tokens): Set<number> {
  const breaks = new Set<number>();
  const spans = model.clauseBreaks.find(tokens.words, 0, tokens.words.length);
  spans.forEach((s, i) => {
    let end = s.end + 1;
    const next = spans[i + 1]?.start ?? tokens.words.length;
    while (end < next && tokens.boundaries[end] !== Boundary.Hard) end++;
    if (end - s.end - 1 < MIN_CLAUSE_AFTER_BREAK) return;
    for (let k = s.start; k <= s.end; k++) breaks.add(k);
  });
  return breaks;
}

function scanClause(
  model: LanguageModel,
  tokens: Tokens,
  keys: readonly (readonly number[])[],
  from: number,
  to: number,
  allTiers: boolean,
  found: Found,
): void {
  const { matcher } = model;
  const hits = matcher.collect(keys, from, to);
  if (hits.size === 0) return;
  const ids = matcher.candidates(hits).filter((id) => allTiers || matcher.tagOf(id).always);
  if (ids.length === 0) return;
  const isFiller = (k: number): boolean => model.fillers.has(tokens.words[k]!);
  const masks = new Map<FlagId | null, Set<number>>();
  for (const id of ids) {
    const tag = matcher.tagOf(id);
    if (tag.kind !== 'exclude') continue;
    const m = matcher.evaluate(id, hits, isFiller);
    if (!m) continue;
    const mask = masks.get(tag.flag) ?? new Set<number>();
    for (const k of m.covered) mask.add(k);
    masks.set(tag.flag, mask);
  }
  const ctx = analyseClause(model, tokens, from, to);
  const judged: Judged[] = [];
  for (const id of ids) {
    const tag = matcher.tagOf(id);
    if (tag.kind === 'exclude') continue;
    const mask = masks.get(tag.flag);
    const match = matcher.evaluate(id, hits, isFiller, mask && ((k) => mask.has(k)));
    if (!match) continue;
    const slots = matcher.slotsOf(id);
    const hitBetween = (a: number, b: number): boolean =>
      slots.some((s) => hits.get(s)?.some((sp) => sp.start > a && sp.start < b));
    judged.push({ tag, match, judgement: judge(ctx, match, hitBetween) });
  }
  overruleConsumedDenials(judged);
  for (const j of judged) record(j, found);
}

/**
 * "I don't feel any numbness down there": "numbness down there" is denied by "don't", and "don't
 * feel ... down there" (a pattern that swallowed that same "don't") wraps it, so it is denied too;
 * likewise "no siento debilidad en las piernas" (a denied weakness, not numb legs).
 * Only a wrapped denial counts: in "no puedo orinar, perdí la sensibilidad" the "no" belongs to
 * "no puedo orinar" alone.
 */
function overruleConsumedDenials(judged: Judged[]): void {
  for (const a of judged) {
    if (a.judgement.polarity !== 'affirmed') continue;
    const covered = new Set(a.match.covered);
    const wrapped = judged.some(({ tag, match, judgement: { polarity, denyingCue: cue } }) => {
      if (polarity !== 'denied' || !cue || match === a.match || (tag.kind === 'crisis') !== (a.tag.kind === 'crisis')) return false;
      return covered.has(cue.start) && match.start > cue.end && match.start >= a.match.start && match.end <= a.match.end;
    });
    if (wrapped) a.judgement = { ...a.judgement, polarity: 'denied' };
  }
}

function record({ tag, judgement }: Judged, found: Found): void {
  const { polarity, thirdParty } = judgement;
  if (polarity === 'denied') return;
  if (tag.kind === 'crisis') {
    found.crisis = true;
    return;
  }
  const flag = tag.flag!;
  if (tag.kind === 'emergency') {
    (polarity === 'affirmed' && !thirdParty ? found.emergency : found.possible).add(flag);
  } else if (tag.kind === 'possible') {
    found.possible.add(flag);
  } else if (!thirdParty && (tag.kind === 'urgent' || tag.kind === 'routine')) {
    found[tag.kind].add(flag);
  }
}
