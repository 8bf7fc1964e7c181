/**
 * The verdict on one finding from the cues that reach it (CLINICAL.md §2f), in this order: an
 * idiom counts for nothing; a denial drops it (a doubtful denial of an emergency asks); a question
 * or hypothetical is `asked`; someone else's unrelated story is dropped; past and resolved drops a
 * symptom but not a history ("I had cancer"); past and unclear asks, and so does a harmless
 * explanation; someone else's past is dropped; about someone else now waits for the carer decision.
 */
import type { FlagId } from '../../../dialogs/triage/red-flags.js';
import type { Category } from '../red-flag-lists.js';
import { Boundary } from '../text-normalize.js';
import { overlaps, type Cue, type Mention, type Span, type Verdict } from './analysis.js';
import { ONE_LEG_CONCEPT } from './flag-rules.js';
import type { Context } from './context.js';
import type { Rule, RuleTier, SignalId } from './rule-syntax.js';
import { yesIn, type RawScan } from './scan.js';

/** Flags that are a history by nature: a past mention is the flag itself. */
export const HISTORY_FLAGS: ReadonlySet<FlagId | SignalId> = new Set([
  'cancer_history',
  'infection_risk',
  'fragility_fracture',
]);

/**
 * History flags that end when told as over, by the concept that must carry them: the flag is the
 * fracture that started this pain (CLINICAL §2b), so "broke a vertebra at 17, all healed" is not it,
 * and the infection risk is injecting drugs now ("I used to inject but I stopped, it went years ago"); a
 * cancer treated is still a history, and so are weak bones or a weak immune system.
 */
const HEALS: ReadonlyMap<FlagId | SignalId, string> = new Map([
  ['fragility_fracture', 'fracture_named'],
  ['infection_risk', 'drugs'],
]);

/**
 * Flags no harmless explanation can explain away: a crash is a crash whatever the seat, and a long
 * flight or a drive makes a swollen calf with chest pain or breathlessness more worrying, not less.
 */
const UNEXPLAINED: ReadonlySet<FlagId | SignalId> = new Set([
  'major_trauma',
  'calf_swelling',
  'chest_pain',
  'breathless',
]);

const RANK: Record<Verdict, number> = { affirmed: 4, other: 3, possible: 2, asked: 1, dropped: 0 };

/** Order of preference between verdicts of placements of the same rule. */
export function rank(v: Verdict): number {
  return RANK[v];
}

/** The verdict and the cue that decided it. */
interface Judged {
  readonly verdict: Verdict;
  readonly because: Cue | null;
}

/** Judges a finding of `rule` made of `mentions`, reached by `cues`. */
export function judge(
  rule: Rule & { readonly id: FlagId | SignalId; readonly tier: RuleTier | 'signal' },
  cues: readonly Cue[],
  mentions: readonly Mention[],
  scan: RawScan,
  context: Context,
): Judged {
  const find = (category: Category): Cue | undefined => cues.find((c) => c.category === category);
  const asks = rule.tier === 'emergency' || rule.tier === 'possible';
  const idiom = find('idiom');
  // "no puedo hacer pis desde ayer, jaja": a laugh after a sign told with its onset is nerves, not a joke.
  const nervous = idiom?.direction === 'backward' && onsetIn(mentions, scan, context);
  if (idiom && !nervous) return { verdict: 'dropped', because: idiom };
  // "no se me para, nada", "my waterworks have packed in, nothing since": a stress word after a
  // symptom told in the negative, in a statement, stresses it (a bare "no" after it still denies).
  const told = (m: Mention, cue: Cue): boolean =>
    scan.negativeMentions.has(m) && m.end < cue.start && scan.tokens.questions[m.start] !== true;
  const stressing = (cue: Cue | undefined): boolean =>
    cue?.direction === 'backward' &&
    context.cues.some((s) => s.category === 'stress' && s.start <= cue.end && cue.start <= s.end) &&
    (mentions.some((m) => told(m, cue)) ||
      // The negative words may belong to another sign's words ("Retención urinaria, no sale nada").
      scan.mentions.some(
        (m) => told(m, cue) && context.sentences.some((st) => st.start <= m.start && cue.start <= st.end),
      ));
  // "asked if I could feel myself wiping": a sign put as a question of feeling is there only if a reply says so.
  if (mentions.some((m) => ASKED_CONCEPTS.has(m.concept))) return replyToFeeling(mentions, scan, context);
  const negated = find('negated');
  const stresses = stressing(negated);
  // "had lymphoma as a kid, treated, been fine since": fine now is a history that went, still a history.
  // "(no era cáncer)": a denial right before the history itself still denies it.
  const deniesItself = (cue: Cue | undefined): boolean =>
    !!cue && mentions.some((m) => cue.end < m.start && m.start - cue.end <= DENIAL_REACH);
  const historyWent = HISTORY_FLAGS.has(rule.id) && find('resolved') !== undefined && !deniesItself(negated);
  if (negated && !stresses && !historyWent) {
    const unsure = find('uncertain');
    return unsure && asks ? { verdict: 'possible', because: unsure } : { verdict: 'dropped', because: negated };
  }
  // Talk of self-harm is answered whatever its grammar.
  if (rule.id === 'crisis') return { verdict: 'affirmed', because: null };
  // "Like cant feel anything down there since last night, should I go?": an onset told in the sign's
  // own clause is a report, whatever question goes with it.
  // "The physio asked if I could feel myself wiping. I can't.": a reply after the words says the sign is there.
  const reported = onsetIn(mentions, scan, context) || confirmedAfter(mentions, scan);
  const hypothetical = find('hypothetical') ?? find('conditional');
  // "Si tengo la cola dormida, voy pal hospital" may be a yes as well as an "if": a sign before a plan
  // for care is asked at once.
  if (hypothetical && !reported)
    return { verdict: hypothetical.planned && rule.tier !== 'routine' ? 'possible' : 'asked', because: hypothetical };
  const question = cues.find(
    (c) =>
      c.category === 'question' &&
      !mentions.some((m) => firstPersonAround(m, scan, context)) &&
      !toldThenAsked(c, mentions, scan, context),
  );
  if (question && !reported) return { verdict: 'asked', because: question };
  // "Le escribo por mi jefa, dice que no siente nada en sus partes": someone the writer writes for is
  // the person with the pain, whoever they are. (An age given, "she's 19", may be a pet's.)
  const writesFor = context.cues.some((c) => c.category === 'carer' && !c.term.includes('<num>'));
  const unrelated = find('unrelated');
  if (unrelated && !writesFor) return { verdict: 'dropped', because: unrelated };
  const history = HISTORY_FLAGS.has(rule.id);
  const other = find('other') ?? unrelated;
  const resolvedCue = find('resolved');
  const resolved = stressing(resolvedCue) ? undefined : resolvedCue;
  // "Vivo en Londres desde hace años … tengo numbness desde esta mañana": an onset told in the
  // sign's own clause, after the past, makes it now.
  const pastCue = find('historical');
  const past = pastCue && !onsetIn(mentions, scan, context, pastCue.end) ? pastCue : undefined;
  // Someone else's past ("my grandad fell off a ladder once") is their story, not an emergency now.
  if (other && !history && (resolved || past)) return { verdict: 'dropped', because: resolved ?? past ?? other };
  // A healed fracture is not this one; weak bones or steroids stay ("my wrist fracture healed up, but I sneezed").
  const heals = HEALS.get(rule.id);
  const healed = heals !== undefined && rule.slots.flat().includes(heals);
  if (resolved && (!history || healed)) return { verdict: 'dropped', because: resolved };
  // An accident years ago did not start this pain.
  // A crash weeks ago ("2 weeks ago", "la semana pasada") may well have started this pain; years ago it did not.
  const recentPast = past !== undefined && scan.mentions.some((m) => m.concept === 'recent' && overlaps(m, past));
  // "Fractured a vertebra falling off a ladder in 2010": nor did a fracture years ago. (Past drug use
  // stays: how long ago makes it over is a clinician's call.)
  if (past && healed && rule.id === 'fragility_fracture' && !recentPast) return { verdict: 'dropped', because: past };
  if (past && rule.id === 'major_trauma' && !recentPast) return { verdict: 'dropped', because: past };
  if (past && rule.id === 'major_trauma') return { verdict: 'affirmed', because: null };
  if (past && !history)
    return rule.tier === 'emergency' ? { verdict: 'possible', because: past } : { verdict: 'dropped', because: past };
  // A harmless explanation ("after sitting on a hard bench for hours") asks about an emergency, drops the rest.
  // A reason for numbness or a sore seat ("on my bike") does not explain away a crash.
  // "I haven't been dieting" explains nothing.
  const deniedCue = (e: Cue): boolean =>
    context.cues.some((c) => c.category === 'negated' && c.from <= e.start && e.start <= c.to);
  const explainedCue = find('explained');
  const explained = UNEXPLAINED.has(rule.id) || (explainedCue && deniedCue(explainedCue)) ? undefined : explainedCue;
  if (explained)
    return rule.tier === 'emergency'
      ? { verdict: 'possible', because: explained }
      : { verdict: 'dropped', because: explained };
  if (other) return { verdict: 'other', because: other };
  if (rule.id === 'bilateral_sciatica' && oneLegToldElsewhere(mentions, scan, context))
    return { verdict: 'possible', because: null };
  return { verdict: rule.tier === 'possible' ? 'possible' : 'affirmed', because: null };
}

/** Signs other than leg pain that a one-sided clause may be about. */
const OTHER_SIGNS: ReadonlySet<string> = new Set([
  'weak',
  'legs_weak',
  'weakening',
  'numb',
  'nofeel',
  'drag',
  'foot_drop',
]);

/**
 * "Both legs going numb was my big fear … but no, still only the left": a leg pain told as one-sided in a
 * later clause corrects both legs, which are then asked about, not an emergency at once; never where the
 * pain began ("Started off only in my left leg but now both legs"), nor another sign told as one-sided
 * ("the weakness is only on the right").
 */
function oneLegToldElsewhere(mentions: readonly Mention[], scan: RawScan, context: Context): boolean {
  const last = Math.max(...mentions.map((m) => m.end));
  const clauseOf = (k: number): Span | undefined => context.clauses.find((u) => u.start <= k && k <= u.end);
  const inClause = (u: Span | undefined, k: number): boolean => !!u && u.start <= k && k <= u.end;
  const signClauses = mentions.map((m) => clauseOf(m.start));
  const told = (m: Mention): boolean =>
    !context.cues.some(
      (c) => (c.category === 'negated' || c.category === 'historical') && c.from <= m.start && m.start <= c.to,
    );
  const otherSign = (m: Mention): boolean =>
    scan.mentions.some((x) => OTHER_SIGNS.has(x.concept) && inClause(clauseOf(m.start), x.start));
  return scan.mentions.some(
    (m) =>
      m.concept === ONE_LEG_CONCEPT &&
      m.start > last &&
      !signClauses.some((u) => inClause(u, m.start)) &&
      told(m) &&
      !otherSign(m),
  );
}

/**
 * The verdict on a sign put as a question of feeling, from the reply after it: a denial says the feeling
 * is gone ("Can you feel the paper when you wipe? No."), and so does a feeling given as lessened ("…?
 * Barely.", "¿…? Apenas."), unless its clause goes on to say it is as it always was ("a bit, same as
 * always") or yes; a denial that only says how the feeling is ("…? Fine", "igual que siempre") says it is
 * there. Otherwise the sign is only asked about.
 */
function replyToFeeling(mentions: readonly Mention[], scan: RawScan, context: Context): Judged {
  const last = Math.max(...mentions.map((m) => m.end));
  const after = context.cues.filter(
    (c) =>
      c.category === 'negated' && c.start > last && c.start - last <= CONFIRM_REACH && !yesIn(scan, last, c.start - 1),
  );
  const saysHowIn = (from: number, to: number): boolean =>
    Array.from(scan.predicateAt).some((j) => j >= from && j <= to);
  // "A little bit less on the left, but mostly fine": the reply up to its "but" says how the feeling is.
  const untilBut = (k: number): number => {
    const end = context.clauses.find((u) => u.start <= k && k <= u.end)?.end ?? k;
    const but = scan.cues.find((c) => c.direction === 'end' && c.category === null && c.start > k && c.start <= end);
    return but ? but.start - 1 : end;
  };
  const asUsual = (k: number): boolean => yesIn(scan, k + 1, untilBut(k)) || saysHowIn(k + 1, untilBut(k));
  const degrees = Array.from(scan.degreeAt).filter(
    (k) => k > last && k - last <= CONFIRM_REACH && !yesIn(scan, last, k - 1),
  );
  const saysHow = (c: Cue): boolean => saysHowIn(c.start, c.end);
  if (!degrees.length && after.length && after.every(saysHow)) return { verdict: 'dropped', because: after[0]! };
  const denied = after.some((c) => !saysHow(c));
  return confirmedAfter(mentions, scan) || denied || degrees.some((k) => !asUsual(k))
    ? { verdict: 'affirmed', because: null }
    : { verdict: 'asked', because: null };
}

/** Most tokens between a denial and the history it denies ("no era cáncer"). */
const DENIAL_REACH = 2;

/** Most tokens between a mention and the first-person word that makes a question about oneself. */
const FIRST_PERSON_REACH = 2;

/**
 * Whether a first-person cue stands close to `pos` in its comma-bounded stretch ("is it normal that
 * I can't pee?"), not further on ("what is saddle numbness in the advice on my MRI report?").
 */
function firstPersonAround(m: Mention, scan: RawScan, context: Context): boolean {
  const pos = m.start;
  const b = scan.tokens.boundaries;
  let start = pos;
  while (start > 0 && b[start] === Boundary.None) start--;
  let end = pos;
  while (end + 1 < b.length && b[end + 1] === Boundary.None) end++;
  start = Math.max(start, pos - FIRST_PERSON_REACH);
  end = Math.min(end, m.end);
  return context.cues.some((c) => c.category === 'self' && c.start >= start && c.end <= end);
}

/**
 * "I had a melanoma cut out 10 years ago, does that matter?", "My husband keeps saying his bottom feels
 * dead, is that to do with his back?": a question after the words, in a stretch whose subject is the
 * writer or the person written about, asks what a told fact means; it does not make it a question.
 */
function toldThenAsked(cue: Cue, mentions: readonly Mention[], scan: RawScan, context: Context): boolean {
  const first = mentions.reduce((a, b) => (b.start < a.start ? b : a));
  if (cue.start <= Math.max(...mentions.map((m) => m.end))) return false;
  const b = scan.tokens.boundaries;
  let start = first.start;
  while (start > 0 && b[start] === Boundary.None) start--;
  return context.cues.some(
    (c) => (c.category === 'self' || c.category === 'other') && c.start >= start && c.end < first.start,
  );
}

/** Concepts that put a sign as a question ("if I could feel", "can you feel", "si podía sentir"). */
const ASKED_CONCEPTS: ReadonlySet<string> = new Set(['feel_asked']);

/** Most tokens between the last words of a sign asked about and the reply that says it is there. */
const CONFIRM_REACH = 16;

/**
 * Whether a reply that says a sign is there ("I can't", "sin poder"; closing its clause) comes after the
 * words of a sign asked about or told hypothetically, close enough to answer them.
 */
function confirmedAfter(mentions: readonly Mention[], scan: RawScan): boolean {
  const last = Math.max(...mentions.map((m) => m.end));
  return scan.confirmations.some((c) => c.start > last && c.start - last <= CONFIRM_REACH);
}

/** Concepts that say a trouble began now, told in more than a word ("since this morning", "desde esta mañana"; not "now"). */
const ONSET: ReadonlySet<string> = new Set(['now']);

/**
 * Whether an onset told in more than a word ("since last night", not "now") stands in the clause of one
 * of `mentions`, after token `after` when given.
 */
function onsetIn(mentions: readonly Mention[], scan: RawScan, context: Context, after = -1): boolean {
  const clauses = context.clauses.filter((u) => mentions.some((m) => u.start <= m.start && m.start <= u.end));
  return scan.mentions.some(
    (o) =>
      ONSET.has(o.concept) &&
      o.end > o.start &&
      o.start > after &&
      clauses.some((u) => u.start <= o.start && o.start <= u.end),
  );
}
