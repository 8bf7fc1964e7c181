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
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

/** Characters per segment: [single-segment limit, per-segment limit once split]. */
const SEGMENT_LIMITS: Record<SmsEncoding, readonly [single: number, multi: number]> = {
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
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\u2192': '->',
  '\u2022': '-',
};

/** Replaces typographic quotes, dashes and spaces by their GSM-7 equivalents; letters are kept. */
export function gsmFriendly(text: string): string {
  return text.replace(
    /[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u00AB\u00BB\u2033\u2013\u2014\u2212\u2026\u00A0\u2009\u202F\u2192\u2022]/g,
    (c) => GSM_FRIENDLY[c] ?? c,
  );
}

/** Symbols and emoji: no GSM-7 equivalent and no meaning a reader would miss in a text message. */
const DROPPED = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{So}]|\uFE0E|\uFE0F|\u200D|\u20E3/u;

/** Combining marks, left over when an accented letter is decomposed (á → a + ´). */
const COMBINING = /\p{M}/gu;

/**
 * The text as it goes out by SMS, in GSM-7 whenever its letters allow: typographic characters
 * swapped as in `gsmFriendly`; accented letters GSM-7 lacks written without their accent
 * ("ciática" → "ciatica", while é, ñ, ü, ¿ and ¡ stay); symbols and emoji ("⚠", "°") dropped with
 * the space they leave. Letters of other scripts are kept: such a message is sent in UCS-2.
 * One accent costs more than it is worth: a single "á" makes the whole message UCS-2, 70
 * characters a segment instead of 160.
 */
export function toGsm(text: string): string {
  const friendly = gsmFriendly(text);
  if (smsEncoding(friendly) === 'GSM-7') return friendly;
  let dropped = false;
  let out = '';
  for (const c of friendly) {
    if (GSM_BASIC.has(c) || GSM_EXTENSION.has(c)) out += c;
    else if (DROPPED.test(c)) dropped = true;
    else {
      const bare = c.normalize('NFD').replace(COMBINING, '');
      out += bare && Array.from(bare).every((b) => GSM_BASIC.has(b)) ? bare : c;
    }
  }
  return dropped ? out.replace(/ {2,}/g, ' ').replace(/^ +| +$/gm, '') : out;
}

/** 1 for each UTF-16 unit of the GSM-7 alphabet (all of it is in the BMP): a lookup per character. */
const GSM_UNITS = new Uint8Array(0x10000);
for (const c of [...GSM_BASIC, ...GSM_EXTENSION]) GSM_UNITS[c.charCodeAt(0)] = 1;

/** The encoding a phone network uses for this text. */
export function smsEncoding(text: string): SmsEncoding {
  for (let i = 0; i < text.length; i++) if (!GSM_UNITS[text.charCodeAt(i)]) return 'UCS-2';
  return 'GSM-7';
}

/** Units one character takes: septets in GSM-7, UTF-16 code units in UCS-2. */
function units(c: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length;
}

/** Segments a text takes, with its encoding and length in units. An escape pair or surrogate pair never straddles two segments. */
export function segmentsOf(text: string): { encoding: SmsEncoding; units: number; segments: number } {
  const encoding = smsEncoding(text);
  if (singleUnits(text)) return { encoding, units: text.length, segments: segmentsFor(text.length, encoding) };
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

/**
 * Segments of a text of `units` units in `encoding` whose characters take one unit each (see
 * `singleUnits`): the arithmetic alone, what `segmentsOf` counts for such a text without walking it.
 */
export function segmentsFor(units: number, encoding: SmsEncoding): number {
  const [single, multi] = SEGMENT_LIMITS[encoding];
  return units <= single ? 1 : Math.ceil(units / multi);
}

/** True when every character takes one unit in either encoding: no escape pair (€ [ ] …), no surrogate pair (emoji). */
export function singleUnits(text: string): boolean {
  return !/[\^{}\\[~\]|€\f\uD800-\uDFFF]/.test(text);
}

/** True when the text fits in at most `maxSegments` segments. */
export function fitsSegments(text: string, maxSegments: number): boolean {
  return segmentsOf(text).segments <= maxSegments;
}

/** Cuts a word longer than a whole message at character (never surrogate) boundaries: the one case where a word must break. */
function cutLongWord(word: string, fits: (text: string) => boolean): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const c of Array.from(word)) {
    if (current && !fits(current + c)) {
      pieces.push(current);
      current = '';
    }
    current += c;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Splits a text into SMS messages of at most `maxSegments` segments (and `maxChars` characters)
 * each, filling each message as far as whole words allow and cutting only between words (at a
 * line break or a space). Each piece's encoding is its own: a GSM-7 piece of a text with one
 * emoji elsewhere stays GSM-7. This cuts sentences: the SMS renderer uses it only for a sentence
 * longer than a whole message.
 */
export function splitIntoMessages(text: string, maxSegments = MAX_SEGMENTS_PER_MESSAGE, maxChars = Infinity): string[] {
  const fits = (t: string) => t.length <= maxChars && fitsSegments(t, maxSegments);
  const messages: string[] = [];
  let current = '';
  for (const token of text.trim().split(/(?<=\s)(?=\S)/)) {
    const candidate = current + token;
    if (fits(candidate.trimEnd())) {
      current = candidate;
      continue;
    }
    if (current.trim()) messages.push(current.trim());
    current = '';
    const word = token.trimEnd();
    if (fits(word)) current = token;
    else messages.push(...cutLongWord(word, fits));
  }
  if (current.trim()) messages.push(current.trim());
  return messages;
}
