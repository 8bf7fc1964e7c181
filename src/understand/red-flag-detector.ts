/**
 * Red-flag detector run on every free-text message (CLINICAL.md §2e): finds emergency, urgent and
 * routine flags and crisis talk in English and Spanish, per clause, with negation, typos and free
 * word order. Missing an emergency is the worst failure, so emergency-tier phrases and crisis
 * phrases of both languages are always checked, and doubtful denials of them become `possible`.
 */
import { ALL_FLAGS, type FlagId } from '../../dialogs/triage/red-flags.js';
import type { Language } from './language.js';
import { assertSameKeys, parseRedFlagLists } from './red-flag-lists.js';
import { compileLanguage, type LanguageModel } from './red-flag-model.js';
import { scanLanguage, type Finding } from './red-flag-scan.js';
import { tokenize } from './text-normalize.js';

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
  /** Flags the person asks about or raises hypothetically, not affirmed. */
  asked?: FlagId[];
  /** The affirmed flags are about someone the writer speaks for (a carer). */
  carer?: boolean;
  /** Shortness of breath, affirmed (CLINICAL §2d rule 4). */
  breathless?: boolean;
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

/**
 * Builds the detector from the parsed `locales/{en,es}/redflags.json`.
 * @throws Error when a file has the wrong shape, names an unknown flag or class, or the two files' keys differ.
 */
export function createRedFlagDetector(lists: { en: unknown; es: unknown }): RedFlagDetector {
  const en = parseRedFlagLists(lists.en, 'en');
  const es = parseRedFlagLists(lists.es, 'es');
  assertSameKeys(lists.en, lists.es, ['en', 'es']);
  const models: Record<Language, LanguageModel> = {
    en: compileLanguage(en, 'en', es),
    es: compileLanguage(es, 'es', en),
  };
  return {
    detect(text: string, lng: Language): Detection {
      const tokens = tokenize(text);
      const found: Found = { emergency: new Set(), possible: new Set(), urgent: new Set(), routine: new Set(), crisis: false };
      if (tokens.words.length === 0) return toDetection(found);
      const primary = models[lng];
      const add = (f: Finding): void => record(f, found);
      scanLanguage(primary, tokens, { allTiers: true, typos: () => true }, add);
      // Second language: emergencies and crisis only, and never a typo reading of a primary-language
      // word ("incontinencia" is Spanish, not a misspelt "incontinence" that English cues cannot deny).
      scanLanguage(models[lng === 'en' ? 'es' : 'en'], tokens, { allTiers: false, typos: (w) => !primary.lexicon.knows(w) }, add);
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

function record({ tag, judgement, bridged }: Finding, found: Found): void {
  const { polarity, thirdParty, benign } = judgement;
  if (polarity === 'denied') return;
  if (tag.kind === 'crisis') {
    found.crisis = true;
    return;
  }
  const flag = tag.flag!;
  if (tag.kind === 'emergency') {
    const plain = polarity === 'affirmed' && !thirdParty && !bridged && !benign;
    (plain ? found.emergency : found.possible).add(flag);
  } else if (tag.kind === 'possible') {
    // Vague wording with a harmless explanation ("hard to poo, I'm constipated") is not worth a question.
    if (!benign) found.possible.add(flag);
  } else if (!thirdParty && (tag.kind === 'urgent' || tag.kind === 'routine')) {
    found[tag.kind].add(flag);
  }
}
