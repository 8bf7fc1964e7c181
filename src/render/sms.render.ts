import type { Activity } from './activity.js';
import {
  MAX_SEGMENTS_PER_MESSAGE,
  segmentsFor,
  segmentsOf,
  singleUnits,
  splitIntoMessages,
  toGsm,
} from '../channels/sms-segments.js';
import type { OutMessage } from './message.js';

/** Longest SMS message the bot sends (CONTRACT §6). */
export const SMS_MAX_CHARS = 320;

/** What one SMS message may hold: CONTRACT §6's characters, and the segments of one `<Message>`. */
export interface SmsLimits {
  maxChars: number;
  maxSegments: number;
}

/** The limits of every SMS message the bot sends. */
const SMS_LIMITS: SmsLimits = { maxChars: SMS_MAX_CHARS, maxSegments: MAX_SEGMENTS_PER_MESSAGE };

/**
 * How bad a place to end a message is, worst first, so that a worse kind is used only when no
 * split with fewer of them fits: inside a word, between words (both only for a sentence longer
 * than a message), then between parts that belong together (a heading and its line, the last
 * option and the hint on how to answer). Natural boundaries (paragraphs, lines, sentences,
 * options) are tier 0 and ranked by `penalty`.
 */
type Tier = 0 | 1 | 2;
const NATURAL: Tier = 0;
const GLUED: Tier = 1;
const WORD: Tier = 2;

/** A piece the splitter never cuts (a sentence, an option line) and the boundary before it. */
interface Atom {
  text: string;
  /** What joins it to the atom before: a blank line, a line break or a space. */
  sep: string;
  tier: Tier;
  /** Among natural boundaries: 0 a paragraph, 1 a line, 2 a sentence, 5 a question and its options, 6 between options. */
  penalty: number;
  option: boolean;
}

/** A numbered option line as `renderSms` writes it ("2 No"). */
const OPTION_LINE = /^\d+ \S/;
/** Ends a sentence: . ! ? or …, maybe followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?…]["'»)\]]*$/;
/** A space after a sentence end and before a new sentence (a capital, maybe after ¿ ¡ or a quote): "e.g. chemo" is not cut. */
const SENTENCE_GAP = /(?<=[.!?…]["'»)\]]*)\s+(?=[¿¡"«]*\p{Lu})/u;

/** The atoms of a text: paragraphs, then lines, then sentences; each option line whole. */
function atomsOf(text: string): Atom[] {
  const atoms: Atom[] = [];
  text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .forEach((paragraph) => {
      paragraph
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .forEach((line, li) => {
          const option = OPTION_LINE.test(line);
          (option ? [line] : line.split(SENTENCE_GAP)).forEach((sentence, si) => {
            const kind = si > 0 ? 2 : li > 0 ? 1 : 0;
            const prev = atoms.at(-1);
            const atom: Atom = {
              text: sentence,
              sep: ['\n\n', '\n', ' '][kind]!,
              tier: NATURAL,
              penalty: kind,
              option,
            };
            if (!prev) atom.sep = '';
            else if (!prev.option && !SENTENCE_END.test(prev.text)) atom.tier = GLUED;
            else if (prev.option && !option && kind === 1) atom.tier = GLUED;
            else if (option) atom.penalty = prev.option ? 6 : 5;
            atoms.push(atom);
          });
        });
    });
  return atoms;
}

/** True when one message may hold this text. */
function fits(text: string, limits: SmsLimits): boolean {
  return text.length <= limits.maxChars && segmentsOf(text).segments <= limits.maxSegments;
}

/** An atom longer than a whole message, cut between words (inside a word only when one is longer still). */
function cutAtom(atom: Atom, limits: SmsLimits): Atom[] {
  if (fits(atom.text, limits)) return [atom];
  return splitIntoMessages(atom.text, limits.maxSegments, limits.maxChars).map((text, i) =>
    i === 0 ? { ...atom, text } : { text, sep: ' ', tier: WORD, penalty: 0, option: false },
  );
}

/**
 * What a split costs, compared in order: cuts between words, glued parts pulled apart, then
 * segments (what the carrier bills), then messages (each may arrive on its own, out of order),
 * then how weak the boundaries are.
 */
type Cost = [words: number, glued: number, segments: number, messages: number, penalty: number];

/** The text of atoms[from, to) as one message. */
function join(atoms: readonly Atom[], from: number, to: number): string {
  return atoms
    .slice(from, to)
    .map((a, k) => (k === 0 ? a.text : a.sep + a.text))
    .join('');
}

function less(a: Cost, b: Cost): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/**
 * Splits a text into SMS messages once, at the boundaries that cost least: whole paragraphs,
 * lines and sentences, never inside a sentence or an option line unless one alone is longer than
 * a message. Of the splits within `limits`, it takes the one with the fewest segments, then the
 * fewest messages, then the strongest boundaries: short parts travel together when that costs no
 * segment, and a question stays with its options and the hint on how to answer. The text should
 * already be what is sent (see `toGsm`): segments are counted on it.
 */
export function splitText(text: string, max: number | SmsLimits = SMS_LIMITS): string[] {
  const limits = typeof max === 'number' ? { ...SMS_LIMITS, maxChars: max } : max;
  const atoms = atomsOf(text).flatMap((a) => cutAtom(a, limits));
  // Each candidate message is measured from its atoms' own measures, walking its text only when
  // an escape or surrogate pair might straddle a segment boundary: a turn stays well under a millisecond.
  const sizes = atoms.map((a) => ({ ...segmentsOf(a.text), simple: singleUnits(a.text) }));
  const n = atoms.length;
  // best[j]: the cheapest split of atoms[0, j); from[j]: where its last message starts.
  const best: (Cost | undefined)[] = [[0, 0, 0, 0, 0]];
  const from: number[] = [0];
  for (let i = 0; i < n; i++) {
    const before = best[i];
    if (!before) continue;
    const start = atoms[i]!;
    const opening: Cost =
      i === 0 ? [0, 0, 0, 0, 0] : [start.tier === WORD ? 1 : 0, start.tier === GLUED ? 1 : 0, 0, 0, start.penalty];
    let chars = 0;
    let septets = 0;
    let gsm = true;
    let simple = true;
    for (let j = i; j < n; j++) {
      const sep = j === i ? 0 : atoms[j]!.sep.length;
      const size = sizes[j]!;
      chars += sep + atoms[j]!.text.length;
      if (chars > limits.maxChars) break;
      septets += sep + size.units;
      gsm &&= size.encoding === 'GSM-7';
      simple &&= size.simple;
      const segments = simple
        ? segmentsFor(gsm ? septets : chars, gsm ? 'GSM-7' : 'UCS-2')
        : segmentsOf(join(atoms, i, j + 1)).segments;
      if (segments > limits.maxSegments) break;
      const cost: Cost = [
        before[0] + opening[0],
        before[1] + opening[1],
        before[2] + segments,
        before[3] + 1,
        before[4] + opening[4],
      ];
      const known = best[j + 1];
      if (!known || less(cost, known)) {
        best[j + 1] = cost;
        from[j + 1] = i;
      }
    }
  }
  const messages: string[] = [];
  for (let j = n; j > 0; j = from[j]!) messages.unshift(join(atoms, from[j]!, j));
  return messages;
}

/**
 * The SMS messages of a turn's replies, as the built-in Twilio webhook sends them: in GSM-7 where
 * the letters allow, split once over the whole turn, so that short replies share a message when
 * that costs no extra segment.
 */
export function smsMessages(replies: readonly string[]): string[] {
  return splitText(
    toGsm(
      replies
        .map((r) => r.trim())
        .filter(Boolean)
        .join('\n\n'),
    ),
  );
}

/**
 * SMS: plain text in GSM-7 where the letters allow, numbered options, no attachments; split into
 * messages within `SMS_LIMITS` (see `splitText`).
 */
export function renderSms(m: OutMessage): Partial<Activity>[] {
  const q = m.question;
  const options = q?.choices?.map((c, i) => `${i + 1} ${c.title}`) ?? [];
  const hint = q && m.howToAnswer ? [m.howToAnswer] : [];
  return splitText(toGsm([m.text, ...options, ...hint].join('\n'))).map((text) => ({ type: 'message', text }));
}
