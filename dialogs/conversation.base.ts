import { assertEvent, assign as assignWith, setup } from 'xstate';
import { questionSpec, type Fill, type QuestionId } from './questions.js';
import { isPainLevel, painLevel } from './pain.js';
import { groupAnswers, noticedAnswers } from './triage/facts.js';
import type { FlagAnswer } from './triage/decide.js';
import type {
  AskIntent,
  CheckinIntent,
  OutcomeIntent,
  ProfileIntent,
  ProgressIntent,
  RecordIntent,
  ReminderIntent,
  SayIntent,
} from './intents.js';
import { historyOf } from './checkin/history.js';
import { checkinReport } from './checkin/report.js';
import { planSession, responseNow } from './exercise/plan.js';
import { isWalkAnswer } from './exercise/walks.js';
import { isRunAnswer } from './exercise/running.js';
import {
  checkinEntry,
  type AnswerValue,
  type ConversationContext,
  type ConversationEvent,
  type ConversationInput,
} from './conversation.setup.js';

/** The machine's types, shared by every `setup()` of the dialog. */
export type ConversationTypes = { context: ConversationContext; events: ConversationEvent; input: ConversationInput };

const isFlagAnswer = (v: AnswerValue): v is FlagAnswer => v === 'yes' || v === 'no' || v === 'unsure';

/** The context an answer fills, as its question's row in the table says (`fills`). */
function filled(context: ConversationContext, fill: Fill, value: AnswerValue): Partial<ConversationContext> {
  if ('flag' in fill) return isFlagAnswer(value) ? { answers: { ...context.answers, [fill.flag]: value } } : {};
  // A flag the patient already told us about in their own words stays "yes".
  if ('group' in fill)
    return { answers: { ...context.answers, ...groupAnswers(context, fill.group, Array.isArray(value) ? value : []) } };
  if ('pain' in fill)
    return isPainLevel(value) ? { [fill.pain === 'left' ? 'painLeft' : 'painRight']: painLevel(value) } : {};
  if ('number' in fill) return typeof value === 'number' ? { [fill.number]: value } : {};
  if (fill.walking === 'walk') return isWalkAnswer(value) ? { walk: value } : {};
  return isRunAnswer(value) ? { run: value } : {};
}

/** The question pending and where the conversation rests while it waits. */
type Pending = { questionId: QuestionId; place: string };

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- setup() infers the machine's types from this assertion (a typescript-eslint false positive)
const { assign } = setup({ types: {} as ConversationTypes });

/**
 * The primitive actions: intent actions (`say`, `ask`, `outcome`, `profile`, `record`, …) do
 * nothing when run; their resolved params are the intents the bot renders and records.
 */
export const primitiveActions = {
  say: (_: unknown, _params: Omit<SayIntent, 'type'>) => {},
  ask: (_: unknown, _params: Omit<AskIntent, 'type'>) => {},
  outcome: (_: unknown, _params: Omit<OutcomeIntent, 'type'>) => {},
  profile: (_: unknown, _params: Omit<ProfileIntent, 'type'>) => {},
  record: (_: unknown, _params: Omit<RecordIntent, 'type'>) => {},
  checkin: (_: unknown, _params: Omit<CheckinIntent, 'type'>) => {},
  reminder: (_: unknown, _params: Omit<ReminderIntent, 'type'>) => {},
  progress: (_: unknown, _params: Omit<ProgressIntent, 'type'>) => {},
  forget: () => {},
  setAsking: assignWith<ConversationContext, ConversationEvent, Pending, ConversationEvent, never>((_, params) => ({
    asking: params.questionId,
    place: params.place,
  })),
  /** A state that asks nothing: no question pending, and where the conversation rests. */
  rest: assignWith<ConversationContext, ConversationEvent, { place: string }, ConversationEvent, never>(
    (_, params) => ({ asking: null, place: params.place }),
  ),
  /** The answer into the context field its question's row names (the question table's `fills`). */
  fill: assign(({ context, event }) => {
    assertEvent(event, 'ANSWER');
    const fill = questionSpec(event.questionId).fills;
    return fill ? filled(context, fill, event.value) : {};
  }),
  /** Flags stated in free text count as answered "yes"; a carer's words make the bot speak of "the person with the pain". */
  setNoticed: assign(({ context, event }) => {
    assertEvent(event, 'NOTICED');
    return { answers: { ...context.answers, ...noticedAnswers(event) }, carer: context.carer || event.carer === true };
  }),
  setCountry: assign(({ event }) => {
    assertEvent(event, 'ANSWER');
    return { country: String(event.value) };
  }),
  setLanguage: assign(({ event }) => {
    assertEvent(event, 'ANSWER');
    return { language: String(event.value) };
  }),
  setConsented: assign({ consented: true }),
  /** A clinician has assessed the user (CLINICAL §6): exercises may open again. */
  clearLock: assign({ emergencyLock: false }),
  setDay: assign(({ event }) => {
    assertEvent(event, 'DAY');
    return { today: event.today };
  }),
  /** The check-in's report, decided from the history the answer that ends it carries (CLINICAL §3, §5). */
  reportCheckin: assign(({ context, event }) => ({
    report: checkinReport(historyOf(event, context.today), checkinEntry(context)),
  })),
  /**
   * Today's session from the history the event carries (CLINICAL §5), for this conversation's
   * latest screen; `justDone` adds the response to the exercise this very answer ends.
   */
  planSession: assignWith<ConversationContext, ConversationEvent, { justDone: boolean }, ConversationEvent, never>(
    ({ context, event }, params) => {
      const history = historyOf(event, context.today);
      const after = event.type === 'ANSWER' && isPainLevel(event.value) ? painLevel(event.value) : null;
      const done =
        params.justDone && after !== null
          ? responseNow(context.exercise, after, context.smallerRange, history.at)
          : null;
      const plan = planSession(
        history,
        { answers: context.answers, disposition: context.outcome?.disposition ?? null },
        done ? [done] : [],
      );
      return { session: plan.ids, smallerRange: plan.smallerRange, physioReview: plan.physioReview };
    },
  ),
  /** Queues `redflag.breathless` (rule 4, after a swollen calf): asked before the flow goes on. */
  queueBreathless: assign(({ context }) => ({
    clarify: context.clarify.includes('breathless') ? context.clarify : [...context.clarify, 'breathless' as const],
  })),
};

/** The primitives' setup: composite actions (`enqueueActions`) are built on it, then named in the machine's setup. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- setup() infers the machine's types from this assertion (a typescript-eslint false positive)
export const base = setup({ types: {} as ConversationTypes, actions: primitiveActions });

/** The two actions that put a question to the user and remember it is pending, and where. */
export function askActions(questionId: QuestionId, place: string) {
  return [
    { type: 'setAsking', params: { questionId, place } },
    { type: 'ask', params: { questionId } },
  ] as const;
}
