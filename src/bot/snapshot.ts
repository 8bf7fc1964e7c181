import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { conversationMachine, MACHINE_VERSION } from '../../dialogs/conversation.machine.js';
import type { ConversationContext, ConversationEvent, ConversationInput } from '../../dialogs/conversation.setup.js';
import { INTENT_TYPES, type Intent } from '../../dialogs/intents.js';

/** What is stored of a conversation's machine: its state value and context (JSON). */
export interface PersistedState {
  value: unknown;
  context: ConversationContext;
}

export type ConversationSnapshot = ReturnType<typeof conversationMachine.resolveState>;

/** The snapshot to store. */
export function persist(snapshot: ConversationSnapshot): PersistedState {
  return { value: snapshot.value, context: snapshot.context };
}

/**
 * The stored snapshot back as a machine snapshot, or undefined when it was written by another
 * machine version or no longer fits the machine (the conversation then restarts politely).
 */
export function restore(machineVersion: number, stored: unknown): ConversationSnapshot | undefined {
  if (machineVersion !== MACHINE_VERSION || !stored || typeof stored !== 'object') return undefined;
  try {
    const s = stored as PersistedState;
    return conversationMachine.resolveState({ value: s.value as never, context: s.context });
  } catch {
    return undefined;
  }
}

const isIntentType = (t: string): t is Intent['type'] => (INTENT_TYPES as readonly string[]).includes(t);

/** The intents among the actions a transition returned (others, like `assign`, are internal). */
export function intentsOf(actions: readonly { type: string; params?: unknown }[]): Intent[] {
  return actions.filter((a) => isIntentType(a.type)).map((a) => ({ type: a.type, ...(a.params as object) }) as Intent);
}

/** A new conversation: the first snapshot and what the bot says first. */
export function start(input: ConversationInput): { snapshot: ConversationSnapshot; intents: Intent[] } {
  const [snapshot, actions] = initialTransition(conversationMachine, input);
  return { snapshot: snapshot as ConversationSnapshot, intents: intentsOf(actions) };
}

/** One pure step of the dialog. */
export function step(snapshot: ConversationSnapshot, event: ConversationEvent): { snapshot: ConversationSnapshot; intents: Intent[] } {
  const [next, actions] = transition(conversationMachine, snapshot as AnyMachineSnapshot as ConversationSnapshot, event);
  return { snapshot: next as ConversationSnapshot, intents: intentsOf(actions) };
}
