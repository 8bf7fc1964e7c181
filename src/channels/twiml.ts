import { escapeXml } from '../xml.js';

/** A TwiML messaging response: one `<Message>` per text; none = an empty `<Response/>` (send nothing). */
export function twimlMessages(messages: readonly string[]): string {
  const body = messages.map((m) => `<Message>${escapeXml(m)}</Message>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}
