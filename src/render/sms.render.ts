import type { Activity } from 'botbuilder';
import type { OutMessage } from './message.js';

/** Longest SMS message the bot sends (CONTRACT §6). */
export const SMS_MAX_CHARS = 320;

/** Splits text into pieces of at most `max` characters, at paragraph, line or word boundaries. */
export function splitText(text: string, max = SMS_MAX_CHARS): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(/(?<=\s)/)) {
    if ((current + word).trimEnd().length <= max) {
      current += word;
      continue;
    }
    if (current.trim()) pieces.push(current.trim());
    current = word;
    while (current.trim().length > max) {
      pieces.push(current.slice(0, max));
      current = current.slice(max);
    }
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

/** SMS: plain text, numbered options, no attachments; each message at most 320 characters. */
export function renderSms(m: OutMessage): Partial<Activity>[] {
  const q = m.question;
  const options = q?.choices?.map((c, i) => `${i + 1} ${c.title}`).join('\n');
  const body = [m.text, options, q ? m.howToAnswer : undefined].filter(Boolean).join('\n');
  return splitText(body).map((text) => ({ type: 'message', text }));
}
