/**
 * The learned backstop of the red-flag reader: per language, one logistic regression per emergency
 * flag over the words, word pairs, word stems and letter groups of a message, trained on the blind
 * corpus rounds (never the held-out files) by `npm run train:redflags`. The concept lexicons miss
 * what nobody thought to list ("the bit I'd sit on a bike has gone dead"); letter groups and the
 * words around a symptom generalise past that. It only ever asks: a flag it scores at or above the
 * model's threshold, and that the lexicons did not settle, gets the flag's catalog question, which
 * the screen asks anyway; it never gives an outcome on its own.
 */
import { z } from 'zod';
import { EMERGENCY_FLAGS, type EmergencyFlag } from '../../../dialogs/triage/red-flags.js';
import type { Language } from '../language.js';
import { spellingKey, tokenize } from '../text-normalize.js';

/** Rows of the weight table: features are hashed into them (the hashing trick), so no vocabulary is stored. */
export const MODEL_BUCKETS = 32768;

/** FNV-1a, 32 bits: the same row for a feature on every machine. */
function bucketOf(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % MODEL_BUCKETS;
}

/**
 * The rows of a message's features, each once: folded words, word pairs, 5-letter stems and
 * 4-letter groups (which carry a misspelt or inflected word to the rows of its usual spelling).
 */
export function modelRows(text: string, lng: Language): number[] {
  const words = tokenize(text).words.map((w) => spellingKey(w, lng));
  const rows = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    rows.add(bucketOf(`w:${word}`));
    if (word.length > 5) rows.add(bucketOf(`p:${word.slice(0, 5)}`));
    if (i + 1 < words.length) rows.add(bucketOf(`b:${word}_${words[i + 1]}`));
    const padded = `<${word}>`;
    for (let k = 0; k + 4 <= padded.length; k++) rows.add(bucketOf(`c:${padded.slice(k, k + 4)}`));
  }
  return [...rows];
}

/** The file `assets/redflag-model/<lng>.json`. */
export const flagModelFileSchema = z.object({
  lng: z.enum(['en', 'es']),
  /** The corpus files it was trained on (blind rounds only). */
  trainedOn: z.array(z.string()),
  /** A flag at or above this probability gets its catalog question. */
  threshold: z.number().gt(0).lt(1),
  flags: z.array(z.enum(EMERGENCY_FLAGS)).nonempty(),
  bias: z.array(z.number()),
  /** A weight is `scale` × its signed byte. */
  scale: z.number().positive(),
  /** Base64 of MODEL_BUCKETS × flags signed bytes, row by row, `flags` order within a row. */
  weights: z.string(),
});

/** A parsed model file. */
export type FlagModelFile = z.infer<typeof flagModelFileSchema>;

/** A flag the model asks about, with its probability. */
export interface ModelHint {
  readonly flag: EmergencyFlag;
  readonly p: number;
}

/** A model ready to score messages. */
export interface FlagModel {
  /** Every flag at or above the model's threshold, most probable first. */
  hints(text: string): ModelHint[];
}

/**
 * Builds a model from its file.
 * @throws Error when the file has the wrong shape.
 */
export function loadFlagModel(file: unknown, lng: Language): FlagModel {
  const parsed = flagModelFileSchema.safeParse(file);
  if (!parsed.success) throw new Error(`assets/redflag-model/${lng}.json is malformed: ${parsed.error.message}`);
  const { flags, bias, scale, threshold } = parsed.data;
  const width = flags.length;
  const bytes = Buffer.from(parsed.data.weights, 'base64');
  if (parsed.data.lng !== lng || bias.length !== width || bytes.length !== MODEL_BUCKETS * width)
    throw new Error(`assets/redflag-model/${lng}.json is malformed: its language or sizes do not match`);
  const table = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return {
    hints(text) {
      const sums = new Float64Array(width);
      for (const row of modelRows(text, lng)) for (let f = 0; f < width; f++) sums[f]! += table[row * width + f]!;
      const out: ModelHint[] = [];
      for (let f = 0; f < width; f++) {
        const p = 1 / (1 + Math.exp(-(bias[f]! + scale * sums[f]!)));
        if (p >= threshold) out.push({ flag: flags[f]!, p });
      }
      return out.sort((a, b) => b.p - a.p);
    },
  };
}
