/**
 * Applies the flag rules to the mentions of one message: for each rule, the placement of its
 * concepts that is judged best in context (an affirmed one over a negated one elsewhere), with the
 * verdict and the cue that decided it.
 */
import type { FlagId } from '../../../dialogs/triage/red-flags.js';
import { within, type Cue, type Finding, type Mention, type Span } from './analysis.js';
import type { Context } from './context.js';
import { FLAG_RULES, SIGNAL_RULES } from './flag-rules.js';
import type { Language } from '../language.js';
import { parseRule, type Rule, type RuleTier, type SignalId } from './rule-syntax.js';
import type { RawScan } from './scan.js';
import { Boundary } from '../text-normalize.js';
import { judge, rank } from './verdict.js';

/** A rule with what it finds. */
export interface CompiledRule extends Rule {
  readonly id: FlagId | SignalId;
  readonly tier: RuleTier | 'signal';
}

/** Most meaningful words between two mentions of a `near` rule. */
const MAX_GAP = 2;
/** Widest `near` match, fillers included. */
const MAX_WIDTH = 14;
/** Mentions of one concept tried per rule (the earliest). */
const MAX_PER_SLOT = 6;
/** How close an `unless` concept must be to cancel a rule ("numb left buttock"). */
const UNLESS_REACH = 2;

/** Every rule of the table, parsed once. */
export function compileRules(): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const [id, tiers] of Object.entries(FLAG_RULES) as [FlagId, Partial<Record<RuleTier, readonly string[]>>][]) {
    for (const [tier, sources] of Object.entries(tiers) as [RuleTier, readonly string[]][]) {
      for (const s of sources) out.push({ ...parseRule(s), id, tier });
    }
  }
  for (const [id, sources] of Object.entries(SIGNAL_RULES) as [SignalId, readonly string[]][]) {
    for (const s of sources) out.push({ ...parseRule(s), id, tier: 'signal' });
  }
  return out;
}

/** Cue categories that a concept's own words silence ("no" in "no control", "someone" in "belongs to someone else"). */
const SILENCED: ReadonlySet<string> = new Set([
  'negated',
  'uncertain',
  'resolved',
  'historical',
  'hypothetical',
  'conditional',
  'question',
  'idiom',
  'unrelated',
]);

/** Concepts whose words may name another person as part of the writer's own report ("hago el amor con mi marido"). */
const WITH_SOMEONE: ReadonlySet<string> = new Set(['sex']);

/** Rules whose every slot has a mention. */
export function candidates(rules: readonly CompiledRule[], mentions: readonly Mention[]): CompiledRule[] {
  const present = new Set(mentions.map((m) => m.concept));
  return rules.filter((r) => r.slots.every((slot) => slot.some((c) => present.has(c))));
}

/**
 * Cues inside the words of a concept that a rule may use are part of the symptom ("no" in "no
 * control", "gone" in "legs gone", "nada" in "no sale nada"); cues inside words no rule uses stay.
 */
export function silenceOwnWords<
  C extends Span & {
    readonly category: string | null;
    readonly direction: string;
    readonly model: { readonly lng: Language };
  },
>(cues: readonly C[], mentions: readonly Mention[], used: readonly CompiledRule[], lng: Language): C[] {
  const concepts = new Set(used.flatMap((r) => r.slots.flat()));
  const own = mentions.filter((m) => concepts.has(m.concept));
  const silenced = (c: C): boolean => c.category !== null && c.direction !== 'end' && SILENCED.has(c.category);
  const personOfSex = (m: Mention, c: C): boolean => c.category === 'other' && WITH_SOMEONE.has(m.concept);
  // A mention read in the other language silences only that language's cues: Spanish "no normal" does
  // not swallow the English "no" of "Numb bum? no, all normal".
  const silences = (m: Mention, c: C): boolean =>
    (m.lng === lng || m.lng === c.model.lng) && m.start <= c.start && c.end <= m.end;
  return cues.filter((c) => !own.some((m) => silences(m, c) && (silenced(c) || personOfSex(m, c))));
}

/** Finds and judges every rule whose concepts are all mentioned. */
export function findAll(rules: readonly CompiledRule[], scan: RawScan, context: Context): Finding[] {
  // Callers pass `candidates(...)`: every rule here has all its concepts mentioned.
  const byConcept = new Map<string, Mention[]>();
  for (const m of scan.mentions) byConcept.set(m.concept, [...(byConcept.get(m.concept) ?? []), m]);
  const out: Finding[] = [];
  for (const rule of rules) {
    const lists = rule.slots.map((slot) => slot.flatMap((c) => byConcept.get(c) ?? []).slice(0, MAX_PER_SLOT));
    if (lists.some((l) => l.length === 0)) continue;
    const best = bestPlacement(rule, lists, scan, context, byConcept);
    if (best) out.push(best);
  }
  return out;
}

function bestPlacement(
  rule: CompiledRule,
  lists: Mention[][],
  scan: RawScan,
  context: Context,
  byConcept: ReadonlyMap<string, Mention[]>,
): Finding | null {
  let best: Finding | null = null;
  let bestWidth = Infinity;
  const chosen: Mention[] = [];
  const walk = (i: number): void => {
    if (i === lists.length) {
      const span = { start: Math.min(...chosen.map((m) => m.start)), end: Math.max(...chosen.map((m) => m.end)) };
      if (!fits(rule, chosen, span, scan, context) || cancelled(rule, chosen, span, byConcept, context)) return;
      const absentCues = rule.absent ? negationsRightBefore(chosen[0]!, scan, context) : [];
      if (rule.absent && !absentCues.length) return;
      const cues = context.cues.filter(
        (c) => !absentCues.includes(c) && c.from <= c.to && chosen.some((m) => c.from <= m.end && m.start <= c.to),
      );
      const { verdict, because } = judge(rule, cues, chosen, scan, context);
      const width = span.end - span.start;
      if (best && (rank(verdict) < rank(best.verdict) || (rank(verdict) === rank(best.verdict) && width >= bestWidth)))
        return;
      best = { id: rule.id, tier: rule.tier, rule: rule.source, mentions: [...chosen], cues, verdict, because };
      bestWidth = width;
      return;
    }
    for (const m of lists[i]!) {
      if (chosen.some((c) => c.start <= m.end && m.start <= c.end)) continue;
      chosen.push(m);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
  return best;
}

function fits(rule: Rule, chosen: readonly Mention[], span: Span, scan: RawScan, context: Context): boolean {
  if (rule.reach === 'message') return true;
  const units = rule.reach === 'sentence' ? context.sentences : context.clauses;
  const unit = units.find((u) => within(u, span.start));
  if (!unit) return false;
  if (!within(unit, span.end) && !answeredEcho(scan, context, span)) return false;
  if (rule.reach !== 'near') return true;
  if (span.end - span.start + 1 > MAX_WIDTH) return false;
  let gap = 0;
  for (let k = span.start; k <= span.end; k++) {
    if (chosen.some((m) => within(m, k)) || scan.isFiller(k)) continue;
    if (++gap > MAX_GAP) return false;
  }
  return true;
}

/** Most meaningful words of a question the writer echoes before answering it ("calf swelling? yes..."). */
const ECHOED_QUESTION_WORDS = 4;

/**
 * "calf? yeah the left one's swollen": a short echo of the bot's question and the yes that answers it
 * are read as one sentence.
 */
function answeredEcho(scan: RawScan, context: Context, span: Span): boolean {
  const at = context.sentences.findIndex((s) => within(s, span.start));
  const echo = context.sentences[at];
  const reply = context.sentences[at + 1];
  if (!echo || !reply || !within(reply, span.end) || scan.tokens.questions[echo.end] !== true) return false;
  let words = 0;
  for (let k = echo.start; k <= echo.end; k++) if (!scan.isFiller(k) && ++words > ECHOED_QUESTION_WORDS) return false;
  let k = reply.start;
  while (k < reply.end && !scan.affirmAt.has(k) && scan.isFiller(k)) k++;
  return scan.affirmAt.has(k);
}

function cancelled(
  rule: Rule,
  chosen: readonly Mention[],
  span: Span,
  byConcept: ReadonlyMap<string, Mention[]>,
  context: Context,
): boolean {
  const inside = rule.notInside.some((c) =>
    (byConcept.get(c) ?? []).some((m) =>
      chosen.some((x) => m.start <= x.start && x.end <= m.end && m.end - m.start > x.end - x.start),
    ),
  );
  if (inside) return true;
  const sentence = context.sentences.find((u) => within(u, span.start));
  // Not its words inside other words ("eases" in "nothing eases it"), nor denied ("it doesn't ease").
  const standsAlone = (m: Mention): boolean =>
    ![...byConcept.values()].some((list) =>
      list.some(
        (x) => x.concept !== m.concept && x.start <= m.start && m.end <= x.end && x.end - x.start > m.end - m.start,
      ),
    ) && !context.cues.some((c) => c.category === 'negated' && c.from <= m.start && m.end <= c.to);
  if (
    sentence &&
    rule.notInSentence.some((c) => (byConcept.get(c) ?? []).some((m) => within(sentence, m.start) && standsAlone(m)))
  )
    return true;
  if (!rule.unless.length) return false;
  const clause = context.clauses.find((u) => within(u, span.start));
  // A word inside a word of the match does not cancel it ("down" in "down below").
  const own = (m: Mention): boolean =>
    chosen.some((c) => c.start <= m.start && m.end <= c.end && c.end - c.start > m.end - m.start);
  return rule.unless.some((c) =>
    (byConcept.get(c) ?? []).some(
      (m) =>
        !own(m) &&
        m.end >= span.start - UNLESS_REACH &&
        m.start <= span.end + UNLESS_REACH &&
        !!clause &&
        within(clause, m.start),
    ),
  );
}

/** "hasn't peed", "no ha hecho pis": the negation cues ending at most two words before the mention. */
function negationsRightBefore(m: Mention, scan: RawScan, context: Context): Cue[] {
  // "No, I can pee fine": a reply's "no" across a comma is not the sign's own negation.
  const sameClause = (c: Cue): boolean =>
    scan.tokens.boundaries.slice(c.end + 1, m.start + 1).every((b) => b === Boundary.None);
  return context.cues.filter(
    (c) =>
      c.category === 'negated' &&
      c.direction !== 'backward' &&
      c.end < m.start &&
      m.start - c.end <= 3 &&
      sameClause(c),
  );
}
