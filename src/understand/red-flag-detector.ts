/**
 * Red-flag detector run on every free-text message (CLINICAL.md §2e–§2f). A flag is a combination
 * of concepts (a body region with a change of feeling, a bodily function with a loss of control...)
 * whose words live per language in `locales/<lng>/redflags.json`; each mention is then judged in
 * its context after ConText (negated, past and resolved, hypothetical or a question, about someone
 * else, an idiom). Missing an emergency is the worst failure, so the emergency concepts of both
 * languages are read in every message.
 */
import type { Language } from './language.js';
import { assertSameKeys, parseRedFlagLists } from './red-flag-lists.js';
import type { Cue, Finding, IdiomHit, Mention, Span } from './red-flags/analysis.js';
import { buildContext } from './red-flags/context.js';
import { carerCall, settle, toDetection, type CarerCall, type Detection } from './red-flags/decision.js';
import { candidates, compileRules, findAll, silenceOwnWords } from './red-flags/findings.js';
import { conceptsInEmergencyRules } from './red-flags/rule-syntax.js';
import { compileLanguage, type LanguageModel } from './red-flags/language-model.js';
import { scanMessage } from './red-flags/scan.js';
import { loadFlagModel, type FlagModel, type ModelHint } from './red-flags/flag-model.js';
import { ALL_FLAGS, type FlagId } from '../../dialogs/triage/red-flags.js';

export type { Detection } from './red-flags/decision.js';

/** Everything the detector saw in one message, for the `explain` tool. */
export interface Explanation {
  readonly lng: Language;
  /** Folded tokens, after SMS spellings. */
  readonly tokens: readonly string[];
  readonly sentences: readonly Span[];
  readonly clauses: readonly Span[];
  readonly mentions: readonly Mention[];
  readonly idioms: readonly IdiomHit[];
  readonly cues: readonly Cue[];
  /** Each rule matched, its verdict and the cue that decided it, once the carer question is settled. */
  readonly findings: readonly Finding[];
  readonly carer: CarerCall;
  /** What the learned backstop asks about: flags the lexicons missed and the model scores at or above its threshold. */
  readonly hints: readonly ModelHint[];
  readonly detection: Detection;
}

/** Detector built once from both languages' lists. */
export interface RedFlagDetector {
  /** Flags in `text`; `lng` is the conversation language (the other one is read for emergencies too). */
  detect(text: string, lng: Language): Detection;
  /** The same reading as `detect`, with every step of it. */
  explain(text: string, lng: Language): Explanation;
}

/**
 * The learned backstop's questions: nothing once the lexicons found an emergency (the outcome is
 * settled), nor for a flag they already ask or answer about. A flag the lexicons read and set aside
 * (denied, an idiom) is still asked when the model insists: leaving that out saved one needless
 * question in a hundred harmless messages and lost one emergency in a hundred (bench/RESULTS.md).
 */
function backstop(model: FlagModel | undefined, text: string, d: Detection): ModelHint[] {
  if (!model || d.emergency.length) return [];
  return model.hints(text).filter((h) => !d.possible.includes(h.flag) && !d.asked.includes(h.flag));
}

/**
 * Builds the detector from the parsed `locales/{en,es}/redflags.json` and, when given, the learned
 * backstop models `assets/redflag-model/{en,es}.json` (the conversation language's model is asked).
 * @throws Error when a file has the wrong shape, a bad term, misses a concept a rule uses, or the two files' keys differ.
 */
export function createRedFlagDetector(
  lists: { en: unknown; es: unknown },
  modelFiles?: { en: unknown; es: unknown },
): RedFlagDetector {
  const en = parseRedFlagLists(lists.en, 'en');
  const es = parseRedFlagLists(lists.es, 'es');
  assertSameKeys(lists.en, lists.es, ['en', 'es']);
  const models: Record<Language, LanguageModel> = { en: compileLanguage(en, 'en'), es: compileLanguage(es, 'es') };
  const rules = compileRules();
  const alwaysRead = conceptsInEmergencyRules();
  const learned: Partial<Record<Language, FlagModel>> = modelFiles
    ? { en: loadFlagModel(modelFiles.en, 'en'), es: loadFlagModel(modelFiles.es, 'es') }
    : {};
  const analyse = (text: string, lng: Language): Explanation => {
    const raw = scanMessage(text, models[lng], models[lng === 'en' ? 'es' : 'en'], alwaysRead);
    const used = candidates(rules, raw.mentions);
    const scan = { ...raw, cues: silenceOwnWords(raw.cues, raw.mentions, used, lng) };
    const context = buildContext(scan);
    const findings = used.length ? findAll(used, scan, context) : [];
    const carer = carerCall(findings, scan, context);
    const read = toDetection(findings, carer);
    const hints = backstop(learned[lng], text, read);
    const possible = new Set<FlagId>([...read.possible, ...hints.map((h) => h.flag)]);
    const detection = hints.length ? { ...read, possible: ALL_FLAGS.filter((f) => possible.has(f)) } : read;
    return {
      lng,
      tokens: scan.tokens.words,
      sentences: context.sentences,
      clauses: context.clauses,
      mentions: scan.mentions,
      idioms: scan.idioms,
      cues: context.cues,
      findings: findings.map((f) => ({ ...f, verdict: settle(f, carer) })),
      carer,
      hints,
      detection,
    };
  };
  return {
    detect: (text, lng) => analyse(text, lng).detection,
    explain: analyse,
  };
}
