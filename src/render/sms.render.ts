import type { Activity } from 'botbuilder';
import type { OutMessage } from './message.js';

/** Longest SMS message the bot sends (CONTRACT §6). */
export const SMS_MAX_CHARS = 320;

/** Packs `units` greedily into pieces of at most `max` characters, joined by `sep`. */
function pack(units: string[], max: number, sep: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    if (!current) current = unit;
    else if (current.length + sep.length + unit.length <= max) current += sep + unit;
    else {
      pieces.push(current);
      current = unit;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Cuts one over-long sentence at word boundaries (a word longer than `max` is cut as it is). */
function splitWords(sentence: string, max: number): string[] {
  const words = sentence.split(/\s+/).flatMap((w) => (w.length > max ? (w.match(new RegExp(`.{1,${max}}`, 'gsu')) ?? []) : [w]));
  return pack(words, max, ' ');
}

/**
 * Splits text into pieces of at most `max` characters, keeping whole paragraphs, then whole
 * lines and sentences, together where they fit: a reader never gets half a sentence in one SMS.
 */
export function splitText(text: string, max = SMS_MAX_CHARS): string[] {
  const units = text
    .split(/\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => (line.length <= max ? [line] : line.split(/(?<=[.!?…])\s+/).flatMap((s) => (s.length <= max ? [s] : splitWords(s, max)))));
  return pack(units, max, '\n');
}

/** SMS: plain text, numbered options, no attachments; each message at most 320 characters. */
export function renderSms(m: OutMessage): Partial<Activity>[] {
  const q = m.question;
  const options = q?.choices?.map((c, i) => `${i + 1} ${c.title}`).join('\n');
  const answerBlock = [options, q ? m.howToAnswer : undefined].filter(Boolean).join('\n');
  const pieces = splitText(m.text);
  // The options and the hint travel together, with the end of the question when they fit.
  const last = pieces.at(-1);
  if (answerBlock && last !== undefined && last.length + 1 + answerBlock.length <= SMS_MAX_CHARS) pieces[pieces.length - 1] = `${last}\n${answerBlock}`;
  else if (answerBlock) pieces.push(...splitText(answerBlock));
  return pieces.map((text) => ({ type: 'message', text }));
}
