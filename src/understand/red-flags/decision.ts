/**
 * From judged findings to the detection: whether the writer speaks for someone else (a carer),
 * then each flag once, in its tier, with the clinical combination that a single message can show
 * on its own (CLINICAL.md §2d rule 2: cancer history with new numbness in a leg).
 */
import { COMBINATIONS } from '../../../dialogs/triage/decide.js';
import { ALL_FLAGS, tierOf, type FlagId } from '../../../dialogs/triage/red-flags.js';
import { ownedBy, within, type Cue, type Finding, type Mention, type Verdict } from './analysis.js';
import type { Context } from './context.js';
import { CHRONIC_CONCEPT, CONDITION_CONCEPT, DECISION_CONCEPTS } from './flag-rules.js';
import type { RawScan } from './scan.js';
import { HISTORY_FLAGS } from './verdict.js';

/** Flags found in one message. Ids are unique and in catalog order. */
export interface Detection {
  /** Emergency-tier flags stated plainly, by the writer or for the person they speak for: escalate now. */
  emergency: FlagId[];
  /**
   * Emergency-tier flags hinted at, doubtfully denied, in the past with no word that they went, or
   * with a harmless explanation beside them: ask the catalog question.
   */
  possible: FlagId[];
  /** Urgent-tier flags. */
  urgent: FlagId[];
  /** Routine-tier flags. */
  routine: FlagId[];
  /** Flags the writer asks about or raises hypothetically, not affirmed: answer briefly, then ask the catalog question. */
  asked: FlagId[];
  /** The flags above are about someone else the writer speaks for (a carer): same escalation, addressed to the carer. */
  carer: boolean;
  /** Shortness of breath (CLINICAL §2d rule 4 with `calf_swelling`); not a catalog flag. */
  breathless: boolean;
  /** Self-harm, suicide or hopelessness talk: show crisis-line information. */
  crisis: boolean;
}

/** Whether the writer speaks for someone else, and why. */
export interface CarerCall {
  readonly carer: boolean;
  readonly reason: string;
  /**
   * Not a carer, yet someone else's emergency told now beside the writer's own story: it is asked
   * about rather than dropped (CLINICAL §2e: prefer false positives on emergency flags).
   */
  readonly asks?: boolean;
}

const PERSON_CONCEPTS: ReadonlySet<string> = new Set(DECISION_CONCEPTS.filter((c) => c !== 'self_pain'));

function coveredBy(m: Mention, context: Context, category: 'other' | 'negated' | 'resolved' | 'historical'): boolean {
  // A cue word inside the mention is part of it ("isn't" in "isn't helping my leg").
  const inside = (c: Cue): boolean => m.start <= c.start && c.end <= m.end;
  return context.cues.some((c) => c.category === category && c.from <= m.end && m.start <= c.to && !inside(c));
}

/**
 * A carer writes about another person's current trouble ("my husband can't pee", "Mum says it's gone
 * into both her legs") and not about their own pain; someone else's history ("my mum had cancer")
 * or a story beside the writer's own back ("my son's got a temperature, my back's the same") is not.
 */
export function carerCall(findings: readonly Finding[], scan: RawScan, context: Context): CarerCall {
  const others = findings.filter((f) => f.verdict === 'other');
  if (!others.length) return { carer: false, reason: 'no finding about someone else' };
  // The writer's own pain is now even beside a past ("lleva pañales desde hace años, y a mí me ha venido la ciática").
  const ownNow = (m: Mention): boolean => !coveredBy(m, context, 'negated') && !coveredBy(m, context, 'resolved');
  const live = (m: Mention): boolean => ownNow(m) && !coveredBy(m, context, 'historical');
  // "y yo ...": a person's scope that ends on the writer's own words leaves them to the writer.
  const aboutOther = (m: Mention): boolean =>
    context.cues.some((c) => c.category === 'other' && c.from <= m.start && m.end <= c.to) ||
    context.cues.some((c) => c.category === 'other' && c.start <= m.end && m.start <= c.end);
  const selfPain = scan.mentions.some((m) => m.concept === 'self_pain' && !aboutOther(m) && ownNow(m));
  if (context.cues.some((c) => c.category === 'carer')) {
    // "I look after my husband, he has cancer; lifting him gave me this sciatica": the writer's own
    // pain, and the other person's story, unless that person has an emergency now (cautious). Pain
    // told without "I" or "my" is the person written for ("It's my husband I'm typing for. Just the one leg.").
    const firstPerson = (m: Mention): boolean => {
      const clause = context.clauses.find((u) => within(u, m.start));
      return context.cues.some((c) => c.category === 'self' && !!clause && within(clause, c.start));
    };
    const ownPain = scan.mentions.some(
      (m) => m.concept === 'self_pain' && !aboutOther(m) && ownNow(m) && firstPerson(m),
    );
    // Dropped only when told as long-standing and not as new ("she's been incontinent since her
    // stroke, and lifting her did my back"): a carer tells the person's state now (CLINICAL §2e).
    const theirs = others.filter((f) => f.tier === 'emergency' && !HISTORY_FLAGS.has(f.id));
    const theirEmergency = theirs.some(
      (f) => toldAsNew(f, scan, context) || (!toldAsLongStanding(f, scan, context) && !withCondition(f, scan, context)),
    );
    // "My wife has dementia and is incontinent, I'm her carer": the writer is asked first.
    const asks = theirs.some((f) => !toldAsLongStanding(f, scan, context));
    return ownPain && !theirEmergency
      ? { carer: false, reason: 'the writer cares for someone and speaks of their own pain', asks }
      : { carer: true, reason: 'the writer says they write for someone' };
  }
  // "The lady in the next bed ... couldn't feel her legs": "her" is that stranger, not someone the
  // writer speaks for; "My husband can't pee, someone said to call you" is still a carer.
  // "My brother-in-law's friend got paralysed": a relative named only as the owner of someone else.
  const possessor = (o: Cue): boolean => context.cues.some((u) => u.category === 'unrelated' && ownedBy(u, o));
  const first = (category: 'other' | 'unrelated'): number =>
    Math.min(
      ...context.cues
        .filter((c) => c.category === category && !(category === 'other' && possessor(c)))
        .map((c) => c.start),
    );
  // "My husband's mate drove him home, hubby can't pee": a sign told after the story of a relative's
  // friend has ended is the relative's.
  const inStory = (f: Finding): boolean =>
    f.mentions.every((m) => context.cues.some((c) => c.category === 'unrelated' && c.from <= m.start && m.end <= c.to));
  const possessed = context.cues.some((o) => o.category === 'other' && possessor(o));
  if (first('unrelated') < first('other') && (!possessed || others.every(inStory)))
    return { carer: false, reason: "someone else's story", asks: true };
  // "My dad's the one who can't pee properly, he's had prostate trouble for years": a sign of someone
  // else's told as long-standing, and not as new, is their condition, not an emergency now.
  const longStanding = (f: Finding): boolean => toldAsLongStanding(f, scan, context) && !toldAsNew(f, scan, context);
  const theirEmergencies = others.filter((f) => f.tier === 'emergency' && !HISTORY_FLAGS.has(f.id));
  if (
    theirEmergencies.length &&
    others.every((f) => f.tier !== 'emergency' || HISTORY_FLAGS.has(f.id) || longStanding(f))
  )
    return { carer: false, reason: "someone else's long-standing trouble" };
  // "My husband can't pee since this morning, and my back is killing me", "My dad can't pee, I've done
  // my back in lifting him": a carer in pain too. Someone else's emergency told as beginning now, or
  // beside pain the writer got caring for them, is escalated (CLINICAL §2e: prefer false positives on
  // emergency flags); told otherwise beside the writer's own pain it is most often their story ("my
  // husband can't pee properly, it's his prostate"; "my brother crashed his bike last week").
  const caring = scan.mentions.some((m) => m.concept === 'caring');
  // "…not me, I'm the one with the back", "he's under the urologist": the writer sets their trouble aside.
  const aside = scan.mentions.some((m) => m.concept === 'aside');
  // "My sister has MS and some days can't feel her legs": a sign told beside a named condition of the
  // person's, or as coming and going, is more often theirs for long than an emergency now; the writer
  // is asked first, unless it is told as new.
  const theirNow = (f: Finding): boolean =>
    toldAsNew(f, scan, context) ||
    (!toldAsPast(f, context) && !withCondition(f, scan, context) && (caring || (!aside && f.id !== 'major_trauma')));
  if (selfPain && theirEmergencies.some((f) => !longStanding(f) && theirNow(f)))
    return { carer: true, reason: "someone else's emergency, beside the writer's own pain" };
  // "Mi mamá tuvo cáncer … ahora con esta ciática el pie se le arrastra": someone else's flags that
  // together meet a rule of CLINICAL §2d (rules 2–4) are their emergency, whoever else is in pain.
  // A sister's cancer and a brother's weak leg may be pooled here: a false alarm is the cautious error
  // (CLINICAL §2e), and review 32 found one person's flags split by the names given them ("hubby",
  // "my husband") far more often than two people's pooled.
  const counts = (f: Finding): boolean => HISTORY_FLAGS.has(f.id) || (!longStanding(f) && !toldAsPast(f, context));
  if (selfPain && combined(others.filter(counts).map((f) => f.id)))
    return { carer: true, reason: "someone else's flags meet a combination rule" };
  if (selfPain) return { carer: false, reason: 'the writer also speaks of their own pain', asks: true };
  // A writer who never speaks of themselves tells the other person's pain ("She's 79. Osteoporosis
  // for years. The pain came on all of a sudden").
  const noSelf = !context.cues.some((c) => c.category === 'self');
  const current =
    others.some((f) => !HISTORY_FLAGS.has(f.id)) ||
    scan.mentions.some((m) => PERSON_CONCEPTS.has(m.concept) && (coveredBy(m, context, 'other') || noSelf) && live(m));
  return current
    ? { carer: true, reason: 'someone else has the trouble now' }
    : { carer: false, reason: "someone else's history only" };
}

/** Finding ids as the rules of CLINICAL §2d name them: a leg deficit told now is new (rule 2). */
const RULE_NAME: ReadonlyMap<string, string> = new Map([['leg_deficit', 'new_leg_deficit']]);

/** The findings `ids` as the rules of CLINICAL §2d name them. */
const asRuleFindings = (ids: Iterable<string>): Set<string> => new Set([...ids].map((id) => RULE_NAME.get(id) ?? id));

/** Whether finding ids hold both flags of one of the combinations of rules 2–4. */
function combined(ids: Iterable<string>): boolean {
  const told = asRuleFindings(ids);
  return COMBINATIONS.some(([a, b]) => told.has(a) && told.has(b));
}

/** Whether a finding's words stand in someone else's past or resolved story ("my dad had a fall years ago"). */
function toldAsPast(f: Finding, context: Context): boolean {
  return f.mentions.some((m) => coveredBy(m, context, 'historical') || coveredBy(m, context, 'resolved'));
}

/** Concepts that say a trouble began now ("since this morning", "suddenly", "desde anoche"). */
const ONSET_CONCEPTS: ReadonlySet<string> = new Set(['now', 'sudden']);

/** The bare words for "now" that may date the writer's own pain rather than the sign before them. */
const BARE_NOW: ReadonlySet<string> = new Set(['now', 'ahora']);

/** Most tokens between an onset word and the writer's own pain it dates ("and now my own back"). */
const OWN_ONSET_REACH = 3;

/**
 * Whether the clause of one of the finding's mentions says the trouble began now. An onset after the
 * sign that dates the writer's own pain ("incontinent since his stroke … and now my own back has gone")
 * is not the sign's.
 */
function toldAsNew(f: Finding, scan: RawScan, context: Context): boolean {
  const clauses = context.clauses.filter((c) => f.mentions.some((m) => within(c, m.start)));
  const last = Math.max(...f.mentions.map((m) => m.end));
  const datesOwnPain = (o: Mention): boolean =>
    o.start > last &&
    o.end === o.start &&
    BARE_NOW.has(scan.tokens.words[o.start]!) &&
    scan.mentions.some((m) => m.concept === 'self_pain' && m.start > o.end && m.start - o.end <= OWN_ONSET_REACH);
  return scan.mentions.some(
    (m) => ONSET_CONCEPTS.has(m.concept) && clauses.some((c) => within(c, m.start)) && !datesOwnPain(m),
  );
}

/** Signs a lasting condition (dementia, MS) explains: incontinence, not retention, numb or weak legs, a numb saddle. */
const CONDITION_EXPLAINS: ReadonlySet<string> = new Set(['urinary_incontinence', 'bowel_incontinence']);

/** Whether the clause of one of the finding's mentions names a lasting condition that explains it. */
function withCondition(f: Finding, scan: RawScan, context: Context): boolean {
  if (!CONDITION_EXPLAINS.has(f.id)) return false;
  const clauses = context.clauses.filter((c) => f.mentions.some((m) => within(c, m.start)));
  return scan.mentions.some((m) => m.concept === CONDITION_CONCEPT && clauses.some((c) => within(c, m.start)));
}

const NEVER_LONG_STANDING: ReadonlySet<string> = new Set(['major_trauma', 'chest_pain', 'aaa_symptoms']);

/** Whether the clause of one of the finding's mentions says the trouble is long-standing ("for years", "since her stroke"). */
function toldAsLongStanding(f: Finding, scan: RawScan, context: Context): boolean {
  // A crash, chest pain or a burst aneurysm is never someone's long-standing condition.
  if (NEVER_LONG_STANDING.has(f.id)) return false;
  const clauses = context.clauses.filter((c) => f.mentions.some((m) => within(c, m.start)));
  return scan.mentions.some((m) => m.concept === CHRONIC_CONCEPT && clauses.some((c) => within(c, m.start)));
}

/** The final verdict of a finding once the carer question is settled. */
export function settle(f: Finding, call: CarerCall): Verdict {
  if (f.verdict !== 'other') return f.verdict;
  if (!call.carer) return call.asks && (f.tier === 'emergency' || f.tier === 'possible') ? 'possible' : 'dropped';
  return f.tier === 'possible' ? 'possible' : 'affirmed';
}

/** Builds the detection from the settled findings. */
export function toDetection(findings: readonly Finding[], call: CarerCall): Detection {
  const emergency = new Set<FlagId>();
  const possible = new Set<FlagId>();
  const urgent = new Set<FlagId>();
  const routine = new Set<FlagId>();
  const asked = new Set<FlagId>();
  const signals = new Set<string>();
  const possibleSignals = new Set<string>();
  let carerUsed = false;
  for (const f of findings) {
    const verdict = settle(f, call);
    if (verdict === 'dropped') continue;
    if (f.verdict === 'other') carerUsed = true;
    if (f.tier === 'signal') {
      if (verdict === 'affirmed') signals.add(f.id);
      if (verdict === 'possible') possibleSignals.add(f.id);
      continue;
    }
    const flag = f.id as FlagId;
    if (verdict === 'asked') asked.add(flag);
    else if (verdict === 'possible') possible.add(flag);
    else if (tierOf(flag) === 'emergency') emergency.add(flag);
    else (tierOf(flag) === 'urgent' ? urgent : routine).add(flag);
  }
  // Rule 2 counts numbness or weakness in a leg told now like new weakness once there is a cancer history;
  // one that may be a yes ("Tuve cáncer. si se me duerme la pierna voy al médico") is asked at once.
  if (urgent.has('cancer_history') && signals.has('leg_deficit')) urgent.add('progressive_weakness');
  if (urgent.has('cancer_history') && possibleSignals.has('leg_deficit')) possible.add('progressive_weakness');
  // Breathlessness is no flag of its own: beside a swollen calf, one that may be a yes counts (rule 4).
  if ((urgent.has('calf_swelling') || possible.has('calf_swelling')) && possibleSignals.has('breathless'))
    signals.add('breathless');
  // "is it ok to massage my calf if it's swollen? also been short of breath today": a flag asked about
  // beside its partner of rules 2–4 told now is asked at once, as a question, not answered as a general one.
  const told = asRuleFindings([...emergency, ...urgent, ...signals]);
  for (const flag of asked)
    if (COMBINATIONS.some(([a, b]) => (a === flag && told.has(b)) || (b === flag && told.has(a)))) possible.add(flag);
  const ordered = (set: ReadonlySet<FlagId>, except: readonly ReadonlySet<FlagId>[] = []): FlagId[] =>
    ALL_FLAGS.filter((f) => set.has(f) && !except.some((e) => e.has(f)));
  return {
    emergency: ordered(emergency),
    possible: ordered(possible, [emergency, urgent]),
    urgent: ordered(urgent),
    routine: ordered(routine),
    asked: ordered(asked, [emergency, possible, urgent, routine]),
    carer: call.carer && carerUsed,
    breathless: signals.has('breathless'),
    crisis: signals.has('crisis'),
  };
}
