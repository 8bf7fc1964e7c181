import { enqueueActions } from 'xstate';
import type { ConversationContext, ConversationEvent } from '../conversation.setup.js';
import type { QuestionId } from '../questions.js';
import type { AskIntent } from '../intents.js';
import type { EmergencyFlag } from './red-flags.js';

type AskAction =
  | { type: 'setAsking'; params: { questionId: QuestionId; place: string } }
  | { type: 'ask'; params: Omit<AskIntent, 'type'> };
type Params = { flag: EmergencyFlag; place: string };

/** Puts an emergency question unless it was answered already, in a clarifying question (then `always` moves on). */
export const askUnlessAnswered = enqueueActions<
  ConversationContext,
  ConversationEvent,
  Params,
  ConversationEvent,
  never,
  AskAction,
  never,
  never,
  never
>(({ context, enqueue }, params) => {
  if (context.answers[params.flag] !== undefined) return;
  enqueue({ type: 'setAsking', params: { questionId: `redflag.${params.flag}`, place: params.place } });
  enqueue({ type: 'ask', params: { questionId: `redflag.${params.flag}` } });
});
