/**
 * SMS segment arithmetic (3GPP TS 23.038 / 23.040), pure functions.
 *
 * A message in the GSM 03.38 alphabet (GSM-7) fits 160 characters in one segment and 153 per
 * segment once it is split (the rest is the concatenation header); characters of the extension
 * table (€ [ ] { } \ ~ ^ |) take two. Any other character makes the whole message UCS-2:
 * 70 UTF-16 units in one segment, 67 per segment when split.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const GSM_BASIC = new Set(
  Array.from("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"),
);
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

/** Characters per segment: [single-segment limit, per-segment limit once split]. */
export const SEGMENT_LIMITS: Record<SmsEncoding, readonly [single: number, multi: number]> = {
  'GSM-7': [160, 153],
  'UCS-2': [70, 67],
};

/**
 * Most segments one `<Message>` may take. Each message arrives as one unit on the phone, but
 * separate messages may arrive out of order, so a reply is cut as rarely as possible: three
 * segments hold the bot's longest GSM-7 message (320 characters) whole.
 */
export const MAX_SEGMENTS_PER_MESSAGE = 3;

/** Typographic characters that have a GSM-7 equivalent; swapping them keeps a message GSM-7. */
const GSM_FRIENDLY: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u00AB': '"', '\u00BB': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2026': '...', '\u00A0': ' ', '\u2009': ' ', '\u202F': ' ',
  '\u2192': '->', '\u2022': '-',
};

/** Replaces typographic quotes, dashes and spaces by their GSM-7 equivalents; letters are kept. */
export function gsmFriendly(text: string): string {
  return text.replace(/[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u00AB\u00BB\u2033\u2013\u2014\u2212\u2026\u00A0\u2009\u202F\u2192\u2022]/g, (c) => GSM_FRIENDLY[c] ?? c);
}

/** The encoding a phone network uses for this text. */
export function smsEncoding(text: string): SmsEncoding {
  for (const c of text) if (!GSM_BASIC.has(c) && !GSM_EXTENSION.has(c)) return 'UCS-2';
  return 'GSM-7';
}

/** Units one character takes: septets in GSM-7, UTF-16 code units in UCS-2. */
function units(c: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length;
}

/** Segments a text takes, with its encoding and length in units. An escape pair or surrogate pair never straddles two segments. */
export function segmentsOf(text: string): { encoding: SmsEncoding; units: number; segments: number } {
  const encoding = smsEncoding(text);
  const [single, multi] = SEGMENT_LIMITS[encoding];
  const chars = Array.from(text);
  const total = chars.reduce((n, c) => n + units(c, encoding), 0);
  if (total <= single) return { encoding, units: total, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const c of chars) {
    const u = units(c, encoding);
    if (used + u > multi) {
      segments++;
      used = 0;
    }
    used += u;
  }
  return { encoding, units: total, segments };
}

/** True when the text fits in at most `maxSegments` segments. */
export function fitsSegments(text: string, maxSegments: number): boolean {
  return segmentsOf(text).segments <= maxSegments;
}

/** Cuts a word longer than a whole message at character (never surrogate) boundaries: the one case where a word must break. */
function cutLongWord(word: string, maxSegments: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const c of Array.from(word)) {
    if (current && !fitsSegments(current + c, maxSegments)) {
      pieces.push(current);
      current = '';
    }
    current += c;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Splits a reply into SMS messages of at most `maxSegments` segments each, filling each message
 * as far as whole words allow and cutting only between words (at a line break or a space). Each
 * piece's encoding is its own: a GSM-7 piece of a text with one emoji elsewhere stays GSM-7.
 */
export function splitIntoMessages(text: string, maxSegments = MAX_SEGMENTS_PER_MESSAGE): string[] {
  const messages: string[] = [];
  let current = '';
  for (const token of text.trim().split(/(?<=\s)(?=\S)/)) {
    const candidate = current + token;
    if (fitsSegments(candidate.trimEnd(), maxSegments)) {
      current = candidate;
      continue;
    }
    if (current.trim()) messages.push(current.trim());
    current = '';
    const word = token.trimEnd();
    if (fitsSegments(word, maxSegments)) current = token;
    else messages.push(...cutLongWord(word, maxSegments));
  }
  if (current.trim()) messages.push(current.trim());
  return messages;
}
