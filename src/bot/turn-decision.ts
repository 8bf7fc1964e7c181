import type { Intent } from '../../dialogs/intents.js';
import {
  offeredChoices,
  type ConversationEvent,
  type ConversationInput,
  type NoticedEvent,
} from '../../dialogs/conversation.setup.js';
import { withHistory, type History } from '../../dialogs/checkin/history.js';
import type { Language } from '../understand/language.js';
import type { Lexicon } from '../understand/lexicon.js';
import { understand, readCommand } from '../understand/understand.js';
import { noticedFlags } from './noticed.js';
import { start, step, type ConversationSnapshot } from './snapshot.js';
import type { TurnMessage } from './turn-message.js';

/** What the machine decided: the next snapshot and the intents it emitted on the way. */
export interface Decided {
  snapshot: ConversationSnapshot;
  intents: Intent[];
}

/** Everything a turn is decided from, loaded and understood beforehand (ARCHITECTURE.md steps 1 and 2). */
export interface TurnFacts {
  /** The message; undefined when a user arrives. */
  message: TurnMessage | undefined;
  lng: Language;
  /** The conversation to continue (already moved to today); undefined for a new one or a foreign version. */
  stored: ConversationSnapshot | undefined;
  /** Something was stored for the conversation, even if it could not be restored. */
  hadStored: boolean;
  /** What a new conversation starts from. */
  input: ConversationInput;
  /** The red flags of the message. */
  noticed: NoticedEvent | undefined;
  /** The turn's day, `YYYY-MM-DD`. */
  today: string;
  /** What the dialog needs of the user's history, when this turn needs it. */
  history: History | undefined;
}

/**
 * Red flags in the patient's words go first (safety rule 2). When handling them already put a
 * question or an outcome, that is the turn; otherwise the message is also read as usual (an answer
 * or a command), and a message that was only about the flags gets the pending question again.
 */
function withNoticed(
  decided: Decided,
  noticed: NoticedEvent | undefined,
  rest: (s: ConversationSnapshot) => Decided,
): Decided {
  if (!noticed) {
    const next = rest(decided.snapshot);
    return { snapshot: next.snapshot, intents: [...decided.intents, ...next.intents] };
  }
  const first = step(decided.snapshot, noticed);
  const intents = [...decided.intents, ...first.intents];
  if (first.intents.some((i) => i.type === 'ask' || i.type === 'outcome')) return { snapshot: first.snapshot, intents };
  const next = rest(first.snapshot);
  return { snapshot: next.snapshot, intents: [...intents, ...next.intents] };
}

/**
 * What the turn decides (ARCHITECTURE.md step 3), with no I/O. `message` is undefined when a user
 * arrives: that only starts a conversation, and only one that does not exist yet (undefined: nothing to do).
 */
export function decideTurn(facts: TurnFacts, lexicon: Lexicon): Decided | undefined {
  const { message, lng, stored, hadStored, input, noticed, today, history } = facts;
  if (hadStored && !message) return undefined;
  if (stored && message) {
    return withNoticed({ snapshot: stored, intents: [] }, noticed, (s) => {
      const stale =
        message.writtenFor !== undefined &&
        message.writtenFor !== s.context.asking &&
        !readCommand(message, lng, lexicon);
      const event: ConversationEvent = stale
        ? { type: 'STALE' }
        : understand(message, s.context.asking, lng, lexicon, {
            offered: offeredChoices(s.context),
            flags: noticedFlags(noticed),
          });
      return step(s, noticed && event.type === 'UNREADABLE' ? { type: 'REASK' } : withHistory(event, history));
    });
  }
  const begun = start(input);
  const dated = step(begun.snapshot, { type: 'DAY', today });
  const first = { snapshot: dated.snapshot, intents: [...begun.intents, ...dated.intents] };
  const intents: Intent[] = hadStored ? [{ type: 'say', id: 'version_restart' }, ...first.intents] : first.intents;
  // The first message only starts the conversation, unless it is a command ("help", "stop").
  return withNoticed({ snapshot: first.snapshot, intents }, noticed, (s) => {
    const command = message && readCommand(message, lng, lexicon);
    return command ? step(s, withHistory({ type: 'COMMAND', command }, history)) : { snapshot: s, intents: [] };
  });
}
