/**
 * What the conversation knows, as input of the decision rules: the pure helpers the machine's
 * guards and actions share, so a guard that looks ahead ("does this answer make it an
 * emergency?") and the action that applies the answer can't disagree.
 */
import { decide, type AskableFinding, type FlagAnswer, type Finding, type TriageDecision } from './decide.js';
import { FLAG_GROUPS, type FlagGroup, type FlagId } from './red-flags.js';

type Answers = Partial<Record<Finding, FlagAnswer>>;

/** The parts of the conversation's context the decision rules read. */
export interface ScreenState {
  answers: Answers;
  earlier: readonly Finding[];
  age: number | null;
  weeks: number | null;
  painLeft: number | null;
  painRight: number | null;
}

/** Free-text findings, as the machine's NOTICED event carries them. */
export interface NoticedFindings {
  emergency: readonly FlagId[];
  possible: readonly FlagId[];
  others: readonly FlagId[];
  asked?: readonly FlagId[];
  breathless?: boolean;
}

/** The decision over what is known, with `patch` applied to the answers first. */
export function decideNow(state: ScreenState, patch: Answers = {}): TriageDecision {
  const { age, weeks, painLeft, painRight, earlier } = state;
  return decide({ answers: { ...state.answers, ...patch }, earlier, age, weeks, painLeft, painRight });
}

/** True when `patch` makes the decision an emergency. */
export function emergencyWith(state: ScreenState, patch: Answers): boolean {
  return decideNow(state, patch).disposition === 'emergency';
}

/** A group question's answers: the flags picked are yes, the others no; a flag told about earlier stays yes. */
export function groupAnswers(
  state: Pick<ScreenState, 'answers'>,
  group: FlagGroup,
  chosen: readonly string[],
): Partial<Record<FlagId, FlagAnswer>> {
  return Object.fromEntries(
    FLAG_GROUPS[group].map((f) => [f, chosen.includes(f) || state.answers[f] === 'yes' ? 'yes' : 'no']),
  );
}

/** What a message's words affirm, as answers: the flags stated, and breathlessness. */
export function noticedAnswers(event: NoticedFindings): Answers {
  const yes: Answers = Object.fromEntries([...event.emergency, ...event.others].map((f) => [f, 'yes' as const]));
  return event.breathless ? { ...yes, breathless: 'yes' } : yes;
}

/** Everything affirmed so far: what `earlier` held and the answers "yes" (kept when a fresh screen starts). */
export function foldEarlier(state: Pick<ScreenState, 'answers' | 'earlier'>): Finding[] {
  const yes = (Object.keys(state.answers) as Finding[]).filter((f) => state.answers[f] === 'yes');
  return [...new Set([...state.earlier, ...yes])];
}

/** `redflag.breathless` is still to be asked (CLINICAL §2d rule 4: after a swollen calf is affirmed). */
export function breathlessUnknown(state: Pick<ScreenState, 'answers' | 'earlier'>): boolean {
  return state.answers.breathless === undefined && !state.earlier.includes('breathless');
}

/**
 * What a message makes the bot ask next, one question each: emergency flags the words only
 * hinted at, flags the user asked about (after a short plain answer), and breathlessness when
 * the message affirms a swollen calf. Nothing already answered "yes", nothing already queued.
 */
export function toClarify(
  state: Pick<ScreenState, 'answers' | 'earlier'> & { clarify: readonly AskableFinding[] },
  event: NoticedFindings,
): AskableFinding[] {
  const affirmed = new Set<FlagId>([...event.emergency, ...event.others]);
  const possible = event.possible.filter((f) => state.answers[f] === undefined);
  const asked = (event.asked ?? []).filter((f) => state.answers[f] !== 'yes' && !affirmed.has(f));
  const breathless: AskableFinding[] =
    affirmed.has('calf_swelling') && !event.breathless && breathlessUnknown(state) ? ['breathless'] : [];
  return [...new Set<AskableFinding>([...possible, ...asked, ...breathless])].filter((f) => !state.clarify.includes(f));
}

/** Flags asked about that get a short plain answer: not those the same message affirms, nor those already "yes". */
export function signsToExplain(state: Pick<ScreenState, 'answers'>, event: NoticedFindings): FlagId[] {
  const affirmed = new Set<FlagId>([...event.emergency, ...event.others]);
  return (event.asked ?? []).filter((f) => state.answers[f] !== 'yes' && !affirmed.has(f));
}

/**
 * True when the message's words give the emergency outcome now: an emergency flag stated, or a
 * combination of rules 2–4 completed by what it affirms (CLINICAL §2f: "at once").
 */
export function noticedIsEmergency(state: ScreenState, event: NoticedFindings): boolean {
  if (event.emergency.length) return true;
  return emergencyWith(state, noticedAnswers(event)) && !emergencyWith(state, {});
}
