/**
 * Training of the red-flag backstop model (see src/understand/red-flags/flag-model.ts): one
 * logistic regression per emergency flag, AdaGrad with a little L2, a fixed number of passes in an
 * order shuffled by a seeded generator, so the same corpus always gives the same file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EMERGENCY_FLAGS } from '../../dialogs/triage/red-flags.js';
import type { Language } from '../understand/language.js';
import { MODEL_BUCKETS, modelRows, type FlagModelFile } from '../understand/red-flags/flag-model.js';

/** One corpus message, as the round files have it. */
export interface TrainingItem {
  readonly text: string;
  readonly expect: string;
  readonly flags: readonly string[];
}

/** One message of the first labelled corpus, `test/fixtures/redflag-corpus.<lng>.json`. */
interface LabelledItem {
  readonly text: string;
  readonly label: string;
  readonly flag: string | null;
}

/** The first corpus's messages (mostly ordinary sciatica talk, which the rounds have little of) as training items. */
function fromLabelled(items: readonly LabelledItem[]): TrainingItem[] {
  return items.map((i) => ({ text: i.text, expect: i.label, flags: i.flag ? [i.flag] : [] }));
}

/**
 * Chosen by leaving each blind round out in turn (bench/RESULTS.md, "Learned backstop"); the threshold
 * again in session 9 on rounds 45–59 left out of the training (0.3: four more emergencies asked about, three
 * more harmless questions, over 22 rounds).
 */
const TRAINING = { passes: 15, rate: 0.3, l2: 0.01, threshold: 0.3, seed: 1 } as const;

/** The training files among a corpus folder's: the blind rounds, in a fixed order; never a held-out file. */
function trainingRounds(files: readonly string[]): string[] {
  return files
    .filter((f) => /^round-[\w-]+\.json$/.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** What the model of one language learns from, and the files it came from (relative to the fixtures folder). */
export interface TrainingSet {
  readonly items: readonly TrainingItem[];
  readonly trainedOn: readonly string[];
}

/**
 * Reads the training set of `lng` from the test fixtures folder: the blind rounds
 * (`corpus/<lng>/round-*.json`) and the first labelled corpus (`redflag-corpus.<lng>.json`); never a
 * held-out file, whose figures must stay a fair measure of messages unseen.
 */
export function readTrainingSet(fixturesDir: string, lng: Language): TrainingSet {
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(fixturesDir, file), 'utf8'));
  const rounds = trainingRounds(readdirSync(path.join(fixturesDir, 'corpus', lng))).map((f) => `corpus/${lng}/${f}`);
  const labelled = `redflag-corpus.${lng}.json`;
  return {
    items: [
      ...rounds.flatMap((f) => read(f) as TrainingItem[]),
      ...fromLabelled(read(labelled) as readonly LabelledItem[]),
    ],
    trainedOn: [...rounds, labelled],
  };
}

/** A linear congruential generator: the same order on every machine. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    // 32-bit integer arithmetic (a plain product passes 2^53 and drops low bits); divided by 2^31, so always below 1.
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

/** Trains the model of `lng` on `items`, which must come from the blind rounds only. */
export function trainFlagModel(
  items: readonly TrainingItem[],
  lng: Language,
  trainedOn: readonly string[],
): FlagModelFile {
  const flags: FlagModelFile['flags'] = [EMERGENCY_FLAGS[0], ...EMERGENCY_FLAGS.slice(1)];
  const width = flags.length;
  const x = items.map((i) => modelRows(i.text, lng));
  const y = items.map((i) => flags.map((f) => (i.expect === 'emergency' && i.flags.includes(f) ? 1 : 0)));
  const weights = new Float64Array(MODEL_BUCKETS * width);
  const squares = new Float64Array(MODEL_BUCKETS * width);
  const bias = new Float64Array(width);
  const biasSquares = new Float64Array(width);
  const random = seeded(TRAINING.seed);
  const order = items.map((_, k) => k);
  for (let pass = 0; pass < TRAINING.passes; pass++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    for (const n of order) {
      const rows = x[n]!;
      for (let f = 0; f < width; f++) {
        let z = bias[f]!;
        for (const r of rows) z += weights[r * width + f]!;
        const g = 1 / (1 + Math.exp(-z)) - y[n]![f]!;
        biasSquares[f]! += g * g;
        bias[f]! -= (TRAINING.rate * g) / Math.sqrt(biasSquares[f]! + 1e-8);
        for (const r of rows) {
          const at = r * width + f;
          const grad = g + TRAINING.l2 * weights[at]!;
          squares[at]! += grad * grad;
          weights[at]! -= (TRAINING.rate * grad) / Math.sqrt(squares[at]! + 1e-8);
        }
      }
    }
  }
  // Signed bytes: a step of a few hundredths of a unit of log-odds, far below what a threshold feels.
  const largest = weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0) || 1;
  const scale = largest / 127;
  const bytes = Int8Array.from(weights, (w) => Math.round(w / scale));
  return {
    lng,
    trainedOn: [...trainedOn],
    threshold: TRAINING.threshold,
    flags,
    bias: [...bias].map((b) => Math.round(b * 1e6) / 1e6),
    scale,
    weights: Buffer.from(bytes.buffer).toString('base64'),
  };
}
