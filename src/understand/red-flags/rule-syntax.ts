/**
 * The rule language of `flag-rules.ts` (see its header) parsed, and the concepts the rules use:
 * every one must have words in both `locales/<lng>/redflags.json`.
 */
import {
  AILMENT_CONCEPT,
  CHRONIC_CONCEPT,
  CONDITION_CONCEPT,
  DECISION_CONCEPTS,
  FLAG_RULES,
  ONE_LEG_CONCEPT,
  SIGNAL_RULES,
} from './flag-rules.js';

/** How close the mentions of one rule must be. */
type Reach = 'near' | 'clause' | 'sentence' | 'message';

/** One parsed rule. */
export interface Rule {
  readonly source: string;
  /** Each slot: the concepts any of which fills it. */
  readonly slots: readonly (readonly string[])[];
  readonly unless: readonly string[];
  /** Concepts whose mentions may not contain a mention of the match. */
  readonly notInside: readonly string[];
  /** Concepts that cancel the match from anywhere in its sentence ("… but it eases lying down"). */
  readonly notInSentence: readonly string[];
  readonly reach: Reach;
  readonly absent: boolean;
}

/** What a rule's match means. `possible`: vague wording, ask the catalog question. */
export type RuleTier = 'emergency' | 'possible' | 'urgent' | 'routine';

/** Findings that are not catalog flags but feed the decision. */
export type SignalId = 'breathless' | 'crisis' | 'leg_deficit';

/**
 * Parses a rule source.
 * @throws Error on a malformed rule (a programming error: the table is code).
 */
export function parseRule(source: string): Rule {
  const m = /^([^-@!]+?)(?:\s+-\s+([^@!]+?))?(?:\s+@(near|clause|sentence|message))?(?:\s+!(absent))?$/.exec(
    source.trim(),
  );
  if (!m) throw new Error(`bad red-flag rule "${source}"`);
  const names = (s: string): string[] => s.split('|').map((c) => c.trim());
  return {
    source,
    slots: m[1]!.split('+').map((s) => names(s)),
    unless: (m[2] ? m[2].split('+').flatMap(names) : []).filter((c) => !/^[\^~]/.test(c)),
    notInside: (m[2] ? m[2].split('+').flatMap(names) : []).filter((c) => c.startsWith('^')).map((c) => c.slice(1)),
    notInSentence: (m[2] ? m[2].split('+').flatMap(names) : []).filter((c) => c.startsWith('~')).map((c) => c.slice(1)),
    reach: (m[3] as Reach | undefined) ?? 'near',
    absent: m[4] === 'absent',
  };
}

/** Every concept a rule or the decision refers to. */
export function conceptsInRules(): Set<string> {
  const out = new Set<string>([
    ...DECISION_CONCEPTS,
    CHRONIC_CONCEPT,
    CONDITION_CONCEPT,
    ONE_LEG_CONCEPT,
    AILMENT_CONCEPT,
  ]);
  const sources = [
    ...Object.values(FLAG_RULES).flatMap((t) => Object.values(t).flat()),
    ...Object.values(SIGNAL_RULES).flat(),
  ];
  for (const s of sources) {
    const r = parseRule(s);
    for (const c of [...r.slots.flat(), ...r.unless, ...r.notInside, ...r.notInSentence]) out.add(c);
  }
  return out;
}

/** Concepts of the emergency tier, breathlessness and crisis talk: read in both languages in every message. */
export function conceptsInEmergencyRules(): Set<string> {
  const out = new Set<string>();
  const sources = [
    ...Object.values(FLAG_RULES).flatMap((t) => [...(t.emergency ?? []), ...(t.possible ?? [])]),
    ...SIGNAL_RULES.breathless,
    ...SIGNAL_RULES.crisis,
  ];
  for (const s of sources) {
    const r = parseRule(s);
    for (const c of [...r.slots.flat(), ...r.unless, ...r.notInside]) out.add(c);
  }
  return out;
}
