/**
 * ConText (Harkema et al. 2009) over one message: each cue's scope runs forward, backward or both
 * from it, until the end of the sentence, a terminator of its category (or "but" for most), or its
 * window; then a mention is judged by the cues whose scopes cover it (CLINICAL.md §2f).
 */
import type { Category } from '../red-flag-lists.js';
import { Boundary } from '../text-normalize.js';
import { ownedBy, within, type Cue, type Mention, type Span } from './analysis.js';
import { AILMENT_CONCEPT } from './flag-rules.js';
import { yesIn, type RawCue, type RawScan } from './scan.js';

interface ScopeRule {
  /** Most meaningful (non-filler) words a scope reaches. */
  readonly window: number;
  /** At a comma: stop, stop unless a list goes on ("no numbness, tingling or weakness"), or go on. */
  readonly comma: 'stop' | 'list' | 'cross';
  /** Whether "but", "pero"... end it: never, only after the cue ("years ago ... but now"), or both ways. */
  readonly but: 'none' | 'forward' | 'both';
  /**
   * A bare cue opening a short sentence reaches back into a question or a fragment ("Numb bum? No."),
   * or into any sentence ("... numb down there for a day. Long gone.").
   */
  readonly reachesBack: false | 'fragment' | 'sentence';
}

const SCOPES: Partial<Record<Category, ScopeRule>> = {
  negated: { window: 5, comma: 'list', but: 'both', reachesBack: 'fragment' },
  uncertain: { window: 12, comma: 'cross', but: 'both', reachesBack: false },
  resolved: { window: 12, comma: 'cross', but: 'forward', reachesBack: 'sentence' },
  historical: { window: 10, comma: 'cross', but: 'forward', reachesBack: false },
  explained: { window: 8, comma: 'cross', but: 'both', reachesBack: false },
  hypothetical: { window: 14, comma: 'stop', but: 'both', reachesBack: false },
  conditional: { window: 14, comma: 'stop', but: 'both', reachesBack: false },
  plan: { window: 14, comma: 'cross', but: 'both', reachesBack: false },
  question: { window: 40, comma: 'cross', but: 'none', reachesBack: false },
  other: { window: 40, comma: 'cross', but: 'none', reachesBack: false },
  unrelated: { window: 40, comma: 'cross', but: 'none', reachesBack: false },
  idiom: { window: 6, comma: 'cross', but: 'both', reachesBack: false },
};

/** The scope of an "if" before a plan: its own, on over a comma where a list goes on. */
const OVER_LISTS: ScopeRule = { ...SCOPES.conditional!, comma: 'list' };

/** Most meaningful words between a denial and the idiom's cue it denies ("not even from laughing"). */
const DENIED_IDIOM_GAP = 1;

/** A bare number: the number of an item in a numbered reply ("5 no 6 yes"). */
const ITEM_NUMBER = /^\d{1,2}$/;

/** Most fillers before a denial that still opens a reply ("lol well no"). */
const REPLY_LEAD = 2;

/** Longest previous sentence a bare "no" at the start of the next one still answers. */
const FRAGMENT_WORDS = 6;
/** Words after "but" shorter than this stay in the clause before ("numb like at the dentist but down below"). */
const MIN_CLAUSE_AFTER_BREAK = 4;

/** Sentences, clauses and the scoped cues of a scanned message. */
export interface Context {
  readonly sentences: readonly Span[];
  readonly clauses: readonly Span[];
  readonly cues: readonly Cue[];
}

function sentencesOf(scan: RawScan): Span[] {
  const out: Span[] = [];
  const b = scan.tokens.boundaries;
  let start = 0;
  for (let k = 1; k <= b.length; k++) {
    if (k < b.length && b[k] !== Boundary.Hard) continue;
    out.push({ start, end: k - 1 });
    start = k;
  }
  return out;
}

/** Works out every cue's scope; drops question and "if" cues outside questions. */
export function buildContext(scan: RawScan): Context {
  const sentences = sentencesOf(scan);
  const sentenceOf = (k: number): Span => sentences.find((s) => s.start <= k && k <= s.end)!;
  const ends = scan.cues.filter((c) => c.direction === 'end');
  // "my husband's mate drove him home, he can't pee": the story of a relative's friend or colleague
  // ends where a person is named again, who may be the relative (CLINICAL §2e: prefer false positives).
  const named = scan.cues.filter((c) => c.category === 'other');
  const possessed = new Set(scan.cues.filter((c) => c.category === 'unrelated' && named.some((o) => ownedBy(c, o))));
  const personAt = new Set(named.map((o) => o.start));
  const renamed = (c: RawCue, k: number): boolean => possessed.has(c) && personAt.has(k);
  const stopsAtTerm = (category: Category, k: number, rule: ScopeRule, ahead: boolean): boolean =>
    ends.some(
      (e) =>
        e.start === k &&
        (e.category === category ||
          (e.category === null && (rule.but === 'both' || (ahead && rule.but === 'forward')))),
    ) ||
    // "I" ends a person's scope going forward ("my wife says I have been wetting the bed").
    (ahead &&
      (category === 'other' || category === 'unrelated') &&
      scan.cues.some((c) => c.category === 'self' && c.start === k));
  const stopsAt = (c: RawCue, k: number, rule: ScopeRule, ahead: boolean): boolean =>
    (ahead && renamed(c, k)) || stopsAtTerm(c.category!, k, rule, ahead);
  const clauses = sentences.flatMap((s) => {
    const cuts = ends.filter(
      (e) => e.category === null && e.start > s.start && s.end - e.end >= MIN_CLAUSE_AFTER_BREAK,
    );
    const out: Span[] = [];
    let start = s.start;
    for (const c of cuts) {
      if (c.start > start) out.push({ start, end: c.start - 1 });
      start = c.end + 1;
    }
    out.push({ start, end: s.end });
    return out;
  });
  // Whether a cue stands at the opening of its sentence (fillers aside).
  const opensSentence = (c: RawCue): boolean => {
    const s = sentenceOf(c.start);
    let first = s.start;
    while (first < s.end && scan.isFiller(first)) first++;
    return c.start >= s.start && c.start <= first;
  };
  // Whether a cue opens the part of its sentence after a comma or a dash (fillers aside).
  const opensPart = (c: RawCue): boolean => {
    let k = c.start;
    while (k > 0 && scan.tokens.boundaries[k] === Boundary.None && scan.isFiller(k - 1)) k--;
    return scan.tokens.boundaries[k] === Boundary.Soft;
  };
  const opensWith = (s: Span, category: Category): boolean =>
    scan.cues.some((c) => c.category === category && within(s, c.start) && opensSentence(c));
  // "lol no", "well no": a reply opens with the cue after at most two fillers; "yes since last night, no
  // fever" opens with a yes, and the "no" answers nothing before it.
  const opensReply = (c: RawCue): boolean => {
    const s = sentenceOf(c.start);
    const before = c.start - s.start;
    return (
      before <= REPLY_LEAD &&
      Array.from({ length: before }, (_, i) => s.start + i).every(
        (k) => scan.isFiller(k) && !scan.mentions.some((m) => m.start <= k && k <= m.end),
      ) &&
      !yesIn(scan, s.start, c.start - 1)
    );
  };
  // A question: a "?" or "¿", or a question cue opening the sentence ("whats saddle anaesthesia").
  const opensWithQuestion = (s: Span): boolean => opensWith(s, 'question');
  // "does a fever matter with back pain": a sentence opening with an interrogative word is a question
  // for the question cues in it, also without a question mark.
  const opensWithInterrogative = (s: Span): boolean => opensWith(s, 'interrogative');
  const isQuestion = (c: RawCue): boolean =>
    scan.tokens.questions[c.start] === true ||
    opensWithQuestion(sentenceOf(c.start)) ||
    opensWithInterrogative(sentenceOf(c.start));
  const modalIn = (s: Span): boolean =>
    scan.cues.some((c) => c.category === 'modal' && c.start >= s.start && c.end <= s.end);
  // "Si me da dolor de pecho, ¿es urgencia?": an "if" clause and the question after it are one question.
  const askedNext = (k: number): boolean => {
    const i = sentences.indexOf(sentenceOf(k));
    const next = sentences[i + 1];
    return next !== undefined && (scan.tokens.questions[next.start] === true || opensWithQuestion(next));
  };
  const persons = scan.cues.filter(
    (c) => c.category === 'other' || c.category === 'unrelated' || c.category === 'carer',
  );
  // "Would chest pain be a 999 thing?", "What's foot drop?": a modal or interrogative word opening a
  // sentence that ends in "?" asks about what follows, like a question cue.
  const opensQuestion = (c: RawCue): boolean => opensSentence(c) && scan.tokens.questions[c.start] === true;
  // "Si noto algo raro al limpiarme, me voy a urgencias", "if chest pain come, I go hospital": a plan for
  // care that reaches back to an "if" makes its clause a condition; "if I still can't feel the paper
  // tomorrow I call an ambulance" tells a sign there now (the plan's terminators stop it).
  // A plan told by its destination alone opens its part ("…, a urgencias."), never ends someone's
  // advice ("me dijeron que vaya a urgencias").
  const plans = scan.cues
    .filter((c) => c.category === 'plan' && c.direction === 'backward' && (!c.term.endsWith('$') || opensPart(c)))
    .map((p) => ({ start: p.start, from: backward(scan, p, SCOPES.plan!, stopsAt, sentences) }));
  // A "sí" typed with its accent is a yes, also opening a sentence ("Sí tengo fiebre de 39 y me dijeron
  // que vaya a urgencias"), and so is one beside another yes-word ("si claro", "ahora si", "si doctora");
  // only a question or a modal may still read them as an "if".
  const yesBeside = (k: number): boolean =>
    (scan.affirmAt.has(k - 1) && scan.tokens.boundaries[k] === Boundary.None) ||
    (scan.affirmAt.has(k + 1) && scan.tokens.boundaries[k + 1] === Boundary.None);
  const planAfter = (c: RawCue): number | undefined =>
    scan.tokens.stressedYes[c.start] === true || (c.model.lng === 'es' && yesBeside(c.start))
      ? undefined
      : plans.find((p) => p.start > c.end && p.from <= c.start)?.start;
  const out: Cue[] = [];
  for (const raw of scan.cues) {
    const asker = raw.category === 'modal' || raw.category === 'interrogative';
    const asks = asker && opensQuestion(raw);
    // "The leaflet says 'red flags' - is a fever one of them?": one opening the part after a dash or a
    // comma asks about what follows it only ("numb bum, is that bad?" still tells the numb bum).
    const asksAfter = asker && !asks && opensPart(raw) && scan.tokens.questions[raw.start] === true;
    const c: RawCue = asks
      ? { ...raw, category: 'question' }
      : asksAfter
        ? { ...raw, category: 'question', direction: 'forward' }
        : raw;
    if (c.direction === 'end' || c.category === null) continue;
    // "says she never felt it": a bare denial that begins a sign's own words ("never felt it") is part of them.
    if (
      c.category === 'negated' &&
      c.direction === 'backward' &&
      scan.mentions.some((m) => m.start <= c.start && c.end < m.end)
    )
      continue;
    // "my" in "my wife" is not the writer.
    if (c.category === 'self' && persons.some((p) => p.start <= c.end && c.start <= p.end)) continue;
    if (c.category === 'question' && !isQuestion(c)) continue;
    // A question or a modal keeps an "if" as it always did (asked about); a plan alone keeps it too.
    const keptIf =
      c.category !== 'conditional' ||
      scan.tokens.questions[c.start] === true ||
      modalIn(sentenceOf(c.start)) ||
      askedNext(c.start);
    const plan = keptIf ? undefined : planAfter(c);
    if (!keptIf && plan === undefined) continue;
    const rule = SCOPES[c.category];
    // Markers (self, carer, modal) have no scope: they are read where they stand.
    let scope = { from: 1, to: 0 };
    if (rule && c.direction === 'forward') scope = { from: c.end + 1, to: forward(scan, c, rule, stopsAt) };
    // "cant pee?? no lol i pee like a racehorse": a denial opening the reply to a question answers it.
    if (rule?.reachesBack && c.direction === 'forward' && opensReply(c)) {
      const before = sentences[sentences.indexOf(sentenceOf(c.start)) - 1];
      if (before && scan.tokens.questions[before.end] === true) scope = { ...scope, from: before.start };
    }
    if (rule && c.direction === 'backward')
      scope = { from: backward(scan, c, rule, stopsAt, sentences), to: c.start - 1 };
    if (rule && c.direction === 'both')
      scope = { from: backward(scan, c, rule, stopsAt, sentences), to: forward(scan, c, rule, stopsAt) };
    // The condition runs on over a list towards the plan ("si pierdo el control del pis, o se me duerme la
    // entrepierna, urgencias"), never past a comma otherwise ("Sorry if this is long, I can't feel my bum,
    // going to A&E"), nor past its own terminators ("if it gets worse and now I can't feel my bum I go to
    // A&E" tells the last), and ends at the plan ("if it spreads I go to A&E, I can't pee");
    // "si, no puedo orinar, me voy a urgencias" is a yes (nothing between it and its comma).
    const planned = plan !== undefined && scope.from <= scope.to;
    if (planned) scope = { ...scope, to: Math.min(forward(scan, c, OVER_LISTS, stopsAt), plan - 1) };
    out.push({
      category: c.category,
      direction: c.direction,
      start: c.start,
      end: c.end,
      lng: c.model.lng,
      term: c.term,
      ...scope,
      ...(planned ? { planned } : {}),
    });
  }
  // A forward denial just before a cue, whose scope reaches it, turns the cue around.
  const deniedCue = (c: Cue, near: (n: Cue) => boolean): boolean =>
    out.some(
      (n) =>
        n.category === 'negated' &&
        n.direction === 'forward' &&
        n.end < c.start &&
        near(n) &&
        n.from <= c.start &&
        c.start <= n.to,
    );
  // "None of it went away", "it never went away": a resolution that is denied says the trouble is still there.
  const denied = (c: Cue): boolean =>
    c.category === 'resolved' && deniedCue(c, (n) => c.start - n.end <= DENIED_RESOLUTION_GAP);
  // "No para ni en reposo", "no me deja ni dormir": a negation right after a sign told in the negative
  // stresses it ("not even"), it denies nothing.
  const notEven = (c: Cue): boolean =>
    c.category === 'negated' &&
    c.direction === 'forward' &&
    Array.from(scan.negativeMentions).some(
      (m) =>
        m.end < c.start &&
        countContent(scan, m.end + 1, c.start - 1) === 0 &&
        scan.tokens.questions[m.start] !== true &&
        !scan.tokens.boundaries.slice(m.end + 1, c.start + 1).includes(Boundary.Hard),
    );
  // "not from laughing", "wasn't even laughing": an idiom's cue that is denied says the sign is meant plainly.
  const deniedIdiom = (c: Cue): boolean =>
    c.category === 'idiom' && deniedCue(c, (n) => countContent(scan, n.end + 1, c.start - 1) <= DENIED_IDIOM_GAP);
  // "La pierna no le responde bien", "the leg won't hold me right": a "fine" right after a leg or the
  // bladder told in the negative says how badly it goes, it denies nothing ("no duermo bien", "no puedo
  // moverme bien", "I don't feel normal" are read as before).
  const notFine = (c: Cue): boolean =>
    c.category === 'negated' &&
    c.direction === 'backward' &&
    Array.from({ length: c.end - c.start + 1 }, (_, i) => c.start + i).every((k) => scan.predicateAt.has(k)) &&
    Array.from(scan.negativeMentions).some(
      (m) =>
        FAILING.has(m.concept) &&
        m.end < c.start &&
        countContent(scan, m.end + 1, c.start - 1) === 0 &&
        !scan.tokens.boundaries.slice(m.end + 1, c.start + 1).some((b) => b !== Boundary.None),
    );
  const kept = out.filter((c) => !denied(c) && !notEven(c) && !deniedIdiom(c) && !notFine(c));
  return { sentences, clauses, cues: [...kept, ...inherited(sentences, kept)] };
}

type StopTest = (c: RawCue, k: number, rule: ScopeRule, ahead: boolean) => boolean;

function forward(scan: RawScan, c: RawCue, rule: ScopeRule, stopsAt: StopTest): number {
  const { words, boundaries } = scan.tokens;
  let last = c.end;
  let content = 0;
  for (let k = c.end + 1; k < words.length; k++) {
    if (boundaries[k] === Boundary.Hard) break;
    if (boundaries[k] === Boundary.Soft && rule.comma !== 'cross' && !(rule.comma === 'list' && listGoesOn(scan, k)))
      break;
    if (stopsAt(c, k, rule, true)) break;
    // "5 no 6 no 7 yes numb bum": a yes-word, or the number of the next item, ends a denial.
    if (c.category === 'negated' && (scan.affirmAt.has(k) || ITEM_NUMBER.test(words[k]!))) break;
    if (!scan.isFiller(k) && ++content > rule.window) break;
    last = k;
  }
  return last;
}

/** A comma inside a list: a joiner ("or", "ni") follows before the next comma or full stop. */
function listGoesOn(scan: RawScan, k: number): boolean {
  for (let j = k; j < scan.tokens.words.length; j++) {
    if (j > k && scan.tokens.boundaries[j] !== Boundary.None) return false;
    if (scan.joinerAt.has(j)) return true;
  }
  return false;
}

function backward(scan: RawScan, c: RawCue, rule: ScopeRule, stopsAt: StopTest, sentences: readonly Span[]): number {
  const { boundaries } = scan.tokens;
  let first = c.start;
  let content = 0;
  let commas = 0;
  let crossedComma = false;
  for (let k = c.start - 1; k >= 0; k--) {
    const crossing = boundaries[k + 1];
    if (crossing === Boundary.Hard) {
      // "Numb bum? No." / "Saddle numbness. Nope.": the cue opens its sentence and answers the one before.
      const at = sentences.findIndex((s) => s.start === k + 1);
      // "Numb down there, is that what you're asking? No.": a question that only echoes the bot's
      // (no sign in it) is passed over to the words it echoes.
      const before = answered(scan, sentences, at);
      // "Sí, la pantorrilla está hinchada. No, respiro normal": a sentence that opens with a yes and a comma
      // is a reply of its own, not a question the next "no" answers ("Si me cuesta orinar... no" still is).
      if (before && yesIn(scan, before.start, before.start) && boundaries[before.start + 1] === Boundary.Soft) break;
      // "Numb bum? yes, no fever": a reply that opens with a yes-word does not deny the question.
      const yes = yesIn(scan, k + 1, c.start - 1);
      // "No puedo orinar. Fiebre no.": a denial after a sign of its own sentence answers that sign only.
      const ownSign = scan.mentions.some((m) => m.start > k && m.end < c.start);
      const opening = countContent(scan, k + 1, c.start - 1) <= 1 && !yes && !ownSign;
      // "Chest pain, fainting, fever... I read the list and no, none of it.": a denial that ends its
      // clause, in a sentence telling no sign of its own, answers the list of signs just before.
      const list = before && questionRun(scan, sentences, before);
      if (rule.reachesBack && list && listAnswered(scan, list, sentenceAt(sentences, c.start), c)) return list.start;
      if (!rule.reachesBack || !before || !opening) break;
      // A question or a bare phrase before ("weak legs... no, not at all") is answered by the cue; a
      // longer statement only by a bare reply ("Numb bum down there. Nope."), not by a sentence of its
      // own ("My calf is red and puffy. Breathing's fine.").
      const bare = countContent(scan, k + 1, sentenceEnd(sentences, c.start)) <= BARE_REPLY;
      const words = countContent(scan, before.start, before.end);
      const fragment =
        scan.tokens.questions[before.end] === true || words <= PHRASE_WORDS || (bare && words <= FRAGMENT_WORDS);
      const shortAnswer = countContent(scan, k + 1, sentenceEnd(sentences, c.start)) <= SHORT_ANSWER;
      return fragment || (rule.reachesBack === 'sentence' && shortAnswer) ? before.start : first;
    }
    if (crossing === Boundary.Soft && rule.comma === 'stop') break;
    // "I can't feel my bum when I wipe, the back pain's gone now", "I can't pee but the fever's gone now": a
    // resolution or an explanation whose own clause, after the first comma or a "but" it would cross going
    // back, only names what went is about that alone ("numb down there for a day, long gone", "…, but it went"
    // and "…, but with physio it went" still reach back).
    if (
      (c.category === 'resolved' || c.category === 'explained') &&
      ((crossing === Boundary.Soft && !crossedComma) ||
        scan.cues.some((e) => e.direction === 'end' && e.category === null && e.end === k)) &&
      namesOnly(scan, k + 1, c.start - 1)
    )
      break;
    if (crossing === Boundary.Soft) crossedComma = true;
    // "Pantorrilla hinchada y caliente, respiro bien": a denial saying how a sign of its own clause
    // is answers that sign, not the clause before ("Swollen calf, redness - nope" still answers both).
    if (
      crossing === Boundary.Soft &&
      rule.comma === 'list' &&
      commas === 0 &&
      Array.from({ length: c.end - c.start + 1 }, (_, i) => c.start + i).some((k) => scan.predicateAt.has(k)) &&
      ownWords(scan, k + 1, c.start - 1)
    )
      break;
    // "Fever, sweats, all that: none of it" reaches back over the list.
    if (crossing === Boundary.Soft && rule.comma === 'list' && ++commas > 3) break;
    if (stopsAt(c, k, rule, false)) break;
    // "Numb bum yes, leaking no", "5 yes numb bum 6 no": a denial does not reach back over a yes-word
    // or past the number of its own item, right before it.
    if (
      c.category === 'negated' &&
      (scan.affirmAt.has(k) || (k === c.start - 1 && ITEM_NUMBER.test(scan.tokens.words[k]!)))
    )
      break;
    if (!scan.isFiller(k) && ++content > rule.window) break;
    first = k;
  }
  return first;
}

/** Whether something the writer names stands in tokens [from, to] ("my legs" in "my legs are fine"). */
function ownWords(scan: RawScan, from: number, to: number): boolean {
  return from <= to && scan.mentions.some((m) => m.start >= from && m.end <= to);
}

/** What a clause of its own may name as the thing that went: the pain, the sciatica, the fever, a cold. */
const OWN_SUBJECTS: ReadonlySet<string> = new Set([
  'back',
  'pain',
  'sciatic',
  'belly',
  'fever',
  'fever_num',
  AILMENT_CONCEPT,
]);

/** Whether tokens [from, to] name the pain, the fever or an ailment and say nothing else ("…, the back pain's gone"). */
function namesOnly(scan: RawScan, from: number, to: number): boolean {
  let named = false;
  for (let k = from; k <= to; k++) {
    const inMention = scan.mentions.some((m) => m.start <= k && k <= m.end && OWN_SUBJECTS.has(m.concept));
    if (inMention) named = true;
    else if (!scan.isFiller(k)) return false;
  }
  return named;
}

/** Concepts that tell a leg or the bladder failing, which a "fine" after them qualifies ("I don't feel normal" is unwell). */
const FAILING: ReadonlySet<string> = new Set([
  'weak',
  'not_working',
  'no_output',
  'lose_control',
  'unaware',
  'no_urge',
  'walk_fail',
  'legs_weak',
]);

/** Most tokens between a negation and the resolution it denies ("none of it went away"). */
const DENIED_RESOLUTION_GAP = 3;

/** Fewest signs, and most other meaningful words, of a sentence read as a list of signs. */
const LIST_SIGNS = 2;
const LIST_OTHER_WORDS = 4;

/** The mentions that overlap `s`. */
function signsIn(scan: RawScan, s: Span): Mention[] {
  return scan.mentions.filter((m) => m.start <= s.end && s.start <= m.end);
}

/**
 * "Tingling down there? Trouble going? Both legs? No to all of those": short questions one after the
 * other, each naming a sign and none answered, are read as one list.
 */
function questionRun(scan: RawScan, sentences: readonly Span[], last: Span): Span {
  const asksSign = (s: Span): boolean =>
    scan.tokens.questions[s.end] === true &&
    signsIn(scan, s).length > 0 &&
    !yesIn(scan, s.start, s.end) &&
    countContent(scan, s.start, s.end) <= PHRASE_WORDS;
  let i = sentences.indexOf(last);
  let start = last.start;
  while (i > 0 && asksSign(sentences[i]!) && asksSign(sentences[i - 1]!)) start = sentences[--i]!.start;
  return { start, end: last.end };
}

function listAnswered(scan: RawScan, list: Span, own: Span, cue: RawCue): boolean {
  if (!scan.listDenialAt.has(cue.start) || signsIn(scan, own).length) return false;
  // Only a denial that closes its clause ("none of it, thank god"), never "none of it is getting better".
  // "no to all of those": the cue may be only the first word of the denial.
  let after = cue.end + 1;
  while (scan.listDenialAt.has(after)) after++;
  if (after <= own.end && scan.tokens.boundaries[after] === Boundary.None) return false;
  const signs = signsIn(scan, list);
  if (new Set(signs.map((m) => m.start)).size < LIST_SIGNS) return false;
  let other = 0;
  for (let k = list.start; k <= list.end; k++)
    if (!scan.isFiller(k) && !signs.some((m) => m.start <= k && k <= m.end)) other++;
  return other <= LIST_OTHER_WORDS;
}

/**
 * The sentence a reply opening sentence `at` answers: the one before, or, past a question that only
 * echoes the bot's ("¿eso preguntas?", "is that what you mean?"), the one before that.
 */
function answered(scan: RawScan, sentences: readonly Span[], at: number): Span | undefined {
  const echo = sentences[at - 1];
  return echo && at > 1 && isEcho(scan, echo) ? sentences[at - 2] : echo;
}

/** Most meaningful words of a question that only echoes the bot's ("¿eso preguntas?", "is that what you mean?"). */
const ECHO_WORDS = 5;

function isEcho(scan: RawScan, s: Span): boolean {
  // Only the words of an echo ("eso preguntas"), never the writer's own worry ("is that bad?").
  return (
    scan.tokens.questions[s.end] === true &&
    countContent(scan, s.start, s.end) <= ECHO_WORDS &&
    signsIn(scan, s).length === 0 &&
    Array.from({ length: s.end - s.start + 1 }, (_, i) => s.start + i).every(
      (k) => scan.isFiller(k) || scan.echoAt.has(k),
    )
  );
}

/** Most meaningful words of a bare phrase that a reply after it answers ("weak legs... no"). */
const PHRASE_WORDS = 3;
/** Most meaningful words of a bare reply to a statement ("Nope.", "Not at all."). */
const BARE_REPLY = 1;

/** Most meaningful words of a sentence that answers the one before as a whole ("Long gone now."). */
const SHORT_ANSWER = 4;

function sentenceAt(sentences: readonly Span[], k: number): Span {
  return sentences.find((s) => s.start <= k && k <= s.end) ?? { start: k, end: k };
}

function sentenceEnd(sentences: readonly Span[], k: number): number {
  return sentenceAt(sentences, k).end;
}

function countContent(scan: RawScan, from: number, to: number): number {
  let n = 0;
  for (let k = from; k <= to; k++) if (!scan.isFiller(k)) n++;
  return n;
}

/**
 * Spanish drops the subject and English says "he" once: a sentence with no person cue of its own
 * stays about the person the sentence before was about ("Mi papá tiene 80. No puede orinar.").
 */
function inherited(sentences: readonly Span[], cues: readonly Cue[]): Cue[] {
  const out: Cue[] = [];
  let carried: Cue | null = null;
  for (const s of sentences) {
    const persons = cues.filter(
      (c) => (c.category === 'other' || c.category === 'self') && c.start >= s.start && c.end <= s.end,
    );
    if (persons.length === 0) {
      if (carried) out.push({ ...carried, from: s.start, to: s.end });
      continue;
    }
    const last = persons.reduce((a, b) => (b.start > a.start ? b : a));
    carried = last.category === 'other' && last.to >= s.end ? last : null;
  }
  return out;
}
