import { offeredSpec, type QuestionId } from '../../dialogs/questions.js';
import { COMMANDS, type Command, type ConversationEvent } from '../../dialogs/conversation.setup.js';
import { readAnswer } from './answer-reader.js';
import type { Language } from './language.js';
import { fold, type Lexicon } from './lexicon.js';

/** The parts of an incoming message that understanding reads. */
export interface IncomingMessage {
  text?: string;
  value?: unknown;
}

const isCommand = (v: unknown): v is Command => typeof v === 'string' && (COMMANDS as readonly string[]).includes(v);

/** A command given by button (`value.command`) or typed as a whole message ("help", "ayuda"). */
export function readCommand(message: IncomingMessage, lng: Language, lexicon: Lexicon): Command | undefined {
  const value = message.value as { command?: unknown } | undefined;
  if (value && typeof value === 'object' && isCommand(value.command)) return value.command;
  if (!message.text) return undefined;
  return lexicon.commandPhrases(lng).get(fold(message.text));
}

/** Turns one incoming message into the one event the dialog machine takes. */
export function understand(message: IncomingMessage, asking: QuestionId | null, lng: Language, lexicon: Lexicon, offered: readonly string[] | null = null): ConversationEvent {
  const command = readCommand(message, lng, lexicon);
  if (command) return { type: 'COMMAND', command };
  if (!asking) return { type: 'UNREADABLE' };
  const submitted = message.value && typeof message.value === 'object' ? (message.value as { answer?: unknown; question?: unknown }) : undefined;
  // Web Chat leaves an empty input out of a card's submit: "nothing ticked" arrives as no answer.
  const answer = submitted && submitted.answer === undefined && submitted.question === asking ? '' : submitted?.answer;
  const value = readAnswer(offeredSpec(asking, offered), { text: message.text, answer }, lng, lexicon);
  return value === undefined ? { type: 'UNREADABLE' } : { type: 'ANSWER', questionId: asking, value };
}
