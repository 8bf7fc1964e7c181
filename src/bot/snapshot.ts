import { createActor, type ExecutableActionObject, type Snapshot } from 'xstate';
import { conversationMachine, MACHINE_VERSION } from '../../dialogs/conversation.machine.js';
import type { ConversationContext, ConversationEvent, ConversationInput } from '../../dialogs/conversation.setup.js';
import { INTENT_TYPES, type Intent } from '../../dialogs/intents.js';

export type ConversationSnapshot = ReturnType<typeof conversationMachine.resolveState>;

/**
 * What is stored of a conversation's machine: XState's persisted snapshot (JSON), with its state
 * value, context and history values (where each detour returns to).
 */
export type PersistedState = Snapshot<unknown> & {
  value: unknown;
  context: ConversationContext;
  historyValue?: unknown;
};

/** The snapshot to store. */
export function persist(snapshot: ConversationSnapshot): PersistedState {
  return { ...conversationMachine.getPersistedSnapshot(snapshot), value: snapshot.value, context: snapshot.context };
}

/**
 * The stored snapshot back as a machine snapshot, or undefined when it was written by another
 * machine version or no longer fits the machine (the conversation then restarts politely).
 */
export function restore(machineVersion: number, stored: unknown): ConversationSnapshot | undefined {
  if (machineVersion !== MACHINE_VERSION || !isPersisted(stored)) return undefined;
  try {
    return scope.restore(stored);
  } catch {
    return undefined;
  }
}

const isPersisted = (stored: unknown): stored is PersistedState =>
  !!stored && typeof stored === 'object' && 'value' in stored && 'context' in stored && 'status' in stored;

const isIntentType = (t: string): t is Intent['type'] => (INTENT_TYPES as readonly string[]).includes(t);

/** The intents among the actions a transition returned (others, like `assign`, are internal). */
export function intentsOf(actions: readonly { type: string; params?: unknown }[]): Intent[] {
  return actions.filter((a) => isIntentType(a.type)).map((a) => ({ type: a.type, ...(a.params as object) }) as Intent);
}

/**
 * One inert actor scope for every step. xstate's `transition()` builds a new actor for each call,
 * and an actor's constructor works out the machine's whole initial snapshot (here without input,
 * so it throws and captures a stack): most of a step's cost and garbage under load. The machine
 * spawns no children and its actions do nothing when run, so one scope serves every step; the
 * executor collects the actions of the current (synchronous) step only. `initialTransition` has
 * the same cost, so a conversation's start uses the scope too.
 */
type Scope = Parameters<typeof conversationMachine.transition>[2];

const scope = (() => {
  const self = createActor(conversationMachine, { input: {} });
  let collected: ExecutableActionObject[] = [];
  const actorScope = {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    defer: () => {},
    emit: () => {},
    logger: () => {},
    stopChild: () => {},
    actionExecutor: (action: ExecutableActionObject) => {
      collected.push(action);
    },
  } as unknown as Scope;
  return {
    /**
     * xstate's `assign` copies the context with `Object.assign({}, context, update)`. V8 keeps such
     * a copy a fast object only along property transitions that already exist; with the context's
     * two dozen fields it otherwise turns every copy into a dictionary, which made a step about
     * twice as slow and a fifth heavier in garbage. One context built by `Object.fromEntries`, in
     * the machine's own key order, lays those transitions down, and holding it keeps them alive.
     */
    contextShape: Object.fromEntries(Object.entries(conversationMachine.getInitialSnapshot(actorScope, {}).context)),
    run(snapshot: ConversationSnapshot, event: ConversationEvent): [ConversationSnapshot, ExecutableActionObject[]] {
      collected = [];
      const next = conversationMachine.transition(snapshot, event, actorScope);
      return [next, collected];
    },
    begin(input: ConversationInput): [ConversationSnapshot, ExecutableActionObject[]] {
      collected = [];
      const first = conversationMachine.getInitialSnapshot(actorScope, input);
      return [first, collected];
    },
    restore(stored: PersistedState): ConversationSnapshot {
      return conversationMachine.restoreSnapshot(stored, actorScope);
    },
  };
})();

/** A new conversation: the first snapshot and what the bot says first (as xstate's `initialTransition`). */
export function start(input: ConversationInput): { snapshot: ConversationSnapshot; intents: Intent[] } {
  const [snapshot, actions] = scope.begin(input);
  return { snapshot, intents: intentsOf(actions) };
}

/** One pure step of the dialog. */
export function step(
  snapshot: ConversationSnapshot,
  event: ConversationEvent,
): { snapshot: ConversationSnapshot; intents: Intent[] } {
  const [next, actions] = scope.run(snapshot, event);
  return { snapshot: next, intents: intentsOf(actions) };
}
