import { offeredSpec, type QuestionId } from '../../dialogs/questions.js';
import { COMMANDS, type Command, type ConversationEvent } from '../../dialogs/conversation.setup.js';
import { FLAG_GROUPS } from '../../dialogs/triage/red-flags.js';
import { readAnswer } from './answer-reader.js';
import type { Language } from './language.js';
import { fold, type Lexicon } from './lexicon.js';

/** The parts of an incoming message that understanding reads. */
export interface IncomingMessage {
  text?: string;
  value?: unknown;
}

/** What a button or card sends (CONTRACT §3 and §5): `{ answer, question }` or `{ command }`. */
interface ButtonValue {
  answer?: unknown;
  question?: unknown;
  command?: unknown;
}

const isCommand = (v: unknown): v is Command => typeof v === 'string' && (COMMANDS as readonly string[]).includes(v);

/** The value of a button press, or undefined when the message was typed (or carries something else). */
function buttonValue(value: unknown): ButtonValue | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return 'answer' in value || 'question' in value || 'command' in value ? value : undefined;
}

/** A command given by button (`value.command`) or typed as a whole message ("help", "ayuda"). */
export function readCommand(message: IncomingMessage, lng: Language, lexicon: Lexicon): Command | undefined {
  const button = buttonValue(message.value);
  if (button && isCommand(button.command)) return button.command;
  if (!message.text) return undefined;
  return lexicon.commandPhrases(lng).get(fold(message.text));
}

/** The red flags a question asks about: its own flag, or its group's. */
function questionFlags(id: QuestionId): readonly string[] {
  if (id.startsWith('redflag.')) return [id.slice('redflag.'.length)];
  // Looked up by string: the rest of a `redflags.` id need not name a group.
  const groups: Partial<Record<string, readonly string[]>> = FLAG_GROUPS;
  if (id.startsWith('redflags.')) return groups[id.slice('redflags.'.length)] ?? [];
  return [];
}

/** How the message is read besides the pending question. */
export interface UnderstandOptions {
  /** The choices offered for the pending question when only some of the catalog's are. */
  offered?: readonly string[] | null;
  /**
   * Red flags noticed in the text. Such a message is never also an answer (CLINICAL §2f), except
   * to a question about those very flags ("yes" to `redflag.fever` that names the fever).
   */
  flags?: readonly string[];
}

/**
 * A button's answer: for the pending question, or for no question in particular (taken for the
 * pending one); an answer for another question (a button on an older card) is STALE and changes
 * nothing. An empty multi-select submit means "none" only from the pending question's own card.
 */
function readButton(
  button: ButtonValue,
  asking: QuestionId | null,
  lng: Language,
  lexicon: Lexicon,
  offered: readonly string[] | null,
): ConversationEvent {
  if (typeof button.question === 'string' && button.question !== asking) return { type: 'STALE' };
  if (!asking) return { type: 'UNREADABLE' };
  const spec = offeredSpec(asking, offered);
  const empty = button.answer === undefined || button.answer === '';
  if (empty && button.question !== asking) return { type: 'UNREADABLE' };
  // Web Chat leaves an empty input out of a card's submit: "nothing ticked" arrives as no answer.
  const value = readAnswer(spec, { answer: button.answer ?? '' }, lng, lexicon);
  return value === undefined ? { type: 'UNREADABLE' } : { type: 'ANSWER', questionId: asking, value };
}

/**
 * Turns one incoming message into the one event the dialog machine takes: a button's answer or
 * command; typed text that is exactly one of the pending question's choices (which beats a
 * command: "stop" while an exercise step is asked is that step's `stop`); a typed command; else
 * the text read as an answer, when it reads as one (CONTRACT §3).
 */
export function understand(
  message: IncomingMessage,
  asking: QuestionId | null,
  lng: Language,
  lexicon: Lexicon,
  opts: UnderstandOptions = {},
): ConversationEvent {
  const offered = opts.offered ?? null;
  const button = buttonValue(message.value);
  if (button && isCommand(button.command)) return { type: 'COMMAND', command: button.command };
  if (button && ('answer' in button || 'question' in button)) return readButton(button, asking, lng, lexicon, offered);
  const text = message.text?.trim() ? message.text : undefined;
  const flags = opts.flags ?? [];
  const answerable = !!asking && flags.every((f) => questionFlags(asking).includes(f));
  if (text && asking && answerable) {
    const choice = lexicon.choicePhrases(lng, asking).get(fold(text));
    const spec = offeredSpec(asking, offered);
    if (choice && spec.choices?.some((c) => c.value === choice))
      return { type: 'ANSWER', questionId: asking, value: spec.kind === 'multi' ? [choice] : choice };
  }
  const command = text ? lexicon.commandPhrases(lng).get(fold(text)) : undefined;
  if (command) return { type: 'COMMAND', command };
  if (!asking) return { type: 'UNREADABLE' };
  if (!answerable || (text && lexicon.greetings(lng).has(fold(text)))) return { type: 'REASK' };
  const value = readAnswer(offeredSpec(asking, offered), { text }, lng, lexicon);
  return value === undefined ? { type: 'UNREADABLE' } : { type: 'ANSWER', questionId: asking, value };
}
