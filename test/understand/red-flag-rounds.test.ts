/**
 * The issue 11 figures on the blind corpus rounds (test/fixtures/corpus/<lng>/*.json), measured by
 * bench/redflag-figures.ts as `npx tsx bench/redflag-rounds.ts` prints them. Only aggregates are
 * printed: the held-out files are never shown. Thresholds are the issue's targets where a file
 * reaches them, else the figure it reached (recorded in bench/RESULTS.md), so a regression fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureRound, percent, type CorpusItem } from '../../bench/redflag-figures.js';
import type { Language } from '../../src/understand/language.js';
import { lexiconDetector, projectDetector } from '../helpers/detector.js';

const readJson = (path: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8'));

/** Percentages of the figures with a target. */
interface Targets {
  caught: number;
  first: number;
  midscreen: number;
  atOnce: number;
  urgent: number;
  harmlessAlarm: number;
}

// The blind rounds are the backstop model's training data: graded with the model, they would pass
// whatever happened to the lexicons. They are graded on the lexicons alone; the held-out files, which
// the model never saw, on the whole detector.
const lexicons = lexiconDetector();
const detector = projectDetector();
const graderOf = (name: string) => (name.endsWith('/heldout') ? detector : lexicons);

/**
 * Held-out `none`/`question` items given a clarifying question, at most (what the backstop may add, and
 * since session 8 someone else's emergency told beside the writer's own story, which is asked, not dropped).
 */
const HELD_OUT_ASKED: Record<string, number> = { 'en/heldout': 4.8, 'es/heldout': 3.5 };

/** Issue 11 targets; `harmlessAlarm` is a maximum. */
const TARGET: Targets = { caught: 97, first: 97, midscreen: 97, atOnce: 85, urgent: 93, harmlessAlarm: 4 };

/**
 * Per file, the thresholds that are below the targets: what the file reached (bench/RESULTS.md, "Red-flag
 * rounds"), the rounds with the lexicons alone, the held-out files with the backstop.
 */
const REACHED: Record<string, Partial<Targets>> = {
  'en/round-2': {},
  'en/round-3': {},
  'en/round-4': {},
  'en/round-5': { first: 96.6 },
  'en/round-6': {},
  'en/round-7': {},
  'en/round-8': {},
  'en/round-9': { caught: 96.6, first: 94.8 },
  'en/round-10': {},
  'en/round-11a': { first: 96.3 },
  'en/round-11b': { midscreen: 96.9 },
  'en/round-12': { caught: 93.8, first: 92.6, midscreen: 96.4 },
  'en/round-13': { caught: 92.5, first: 92.9, midscreen: 91.7 },
  'en/round-14': {},
  'en/round-15': { caught: 95, first: 92.9, midscreen: 96.2, harmlessAlarm: 5.6 },
  'en/round-16': { caught: 95, first: 96.9, midscreen: 93.8 },
  'en/round-17a': { caught: 94.5, first: 96.6, midscreen: 93.8, urgent: 90 },
  'en/round-17b': { caught: 93.3, first: 96.6, midscreen: 90.3, harmlessAlarm: 4.2 },
  'en/round-18': { caught: 92.5, first: 96.2, midscreen: 85.7, harmlessAlarm: 5.6 },
  'en/round-19a': { caught: 95, first: 92, midscreen: 96.4, harmlessAlarm: 5.6 },
  'en/round-19b': { caught: 92.3, first: 93.5, midscreen: 89.5, urgent: 92 },
  'en/round-20': {},
  'en/round-21': { caught: 95, midscreen: 93.5 },
  'en/round-22': {},
  'en/round-23': { caught: 96.3, first: 93.9, harmlessAlarm: 4.5 },
  'en/round-24': { harmlessAlarm: 6 },
  'en/round-25': {},
  'en/round-26': {},
  'en/round-27': { caught: 96.3, first: 94.9, urgent: 90.3 },
  'en/round-28': { caught: 96.3, midscreen: 95.2 },
  'en/round-29': {},
  'en/round-30': { harmlessAlarm: 5.6 },
  'en/round-31': {},
  'en/round-32': { caught: 93.8, first: 93.8, midscreen: 93.8 },
  'en/round-33': { caught: 96.3, midscreen: 92.5 },
  'en/round-34': { caught: 94.3, first: 94.3, midscreen: 94.3 },
  'en/round-35': {},
  'en/round-36': { caught: 95, first: 92.5, harmlessAlarm: 6.7 },
  'en/round-37': { first: 96 },
  'en/round-38': { harmlessAlarm: 7.5 },
  'en/round-39': {},
  'en/round-40': { harmlessAlarm: 5.7 },
  'en/round-41': {},
  'en/round-42': { caught: 92.3, first: 87.5, midscreen: 93.5 },
  'en/round-43': {},
  'en/round-44': { caught: 95, first: 96.8, midscreen: 93.9 },
  'en/round-45': { midscreen: 96.6, urgent: 90 },
  'en/round-46': { harmlessAlarm: 5 },
  'en/round-47': { first: 96 },
  'en/round-48': {},
  'en/round-49': {},
  'en/round-50': { caught: 95.2, first: 95.5, midscreen: 95, urgent: 91.7 },
  'en/round-51': { caught: 96.7, first: 95.7 },
  'en/round-52': { caught: 95.1, first: 89.7, urgent: 90, harmlessAlarm: 5.6 },
  'en/round-53': { caught: 96.3, first: 91.7 },
  'en/round-54': { first: 94.1, urgent: 87.5 },
  'en/round-55': { caught: 96.3, midscreen: 94.4, urgent: 87.1 },
  'en/round-56': {},
  'en/round-57': { caught: 96.9, first: 96.2 },
  'en/round-58': { midscreen: 96.9 },
  'en/round-59': { caught: 96.3, first: 96.7, midscreen: 96.1, urgent: 86.7, harmlessAlarm: 7.9 },
  'en/round-62': { caught: 93.8, first: 96.6, midscreen: 92.2 },
  'en/round-63': { caught: 93.8, first: 95.2, midscreen: 93.2 },
  'en/round-65': { caught: 95, midscreen: 92.9, harmlessAlarm: 6 },
  'en/round-66': { caught: 96.3, first: 91.3 },
  'en/round-67': { harmlessAlarm: 6.7 },
  'en/round-68': {},
  'en/round-69': { caught: 96.7, midscreen: 95.6, urgent: 87.5, harmlessAlarm: 4.3 },
  'en/round-70': { caught: 95, first: 94.7, midscreen: 95.1, harmlessAlarm: 4.4 },
  'en/round-71': {},
  'en/round-72': { harmlessAlarm: 6.4 },
  'en/round-73': { midscreen: 96.9 },
  'en/round-74': { caught: 95, midscreen: 94.2 },
  'en/round-75': {},
  'en/round-76': { first: 95 },
  'en/round-77': {},
  'en/round-78': {},
  'en/round-79': {},
  'en/round-80': { urgent: 92 },
  'en/round-81': { caught: 92.9, first: 93.5, midscreen: 91.7, harmlessAlarm: 7.6 },
  'en/round-82': { caught: 92.9, first: 89.1, harmlessAlarm: 4.8 },
  'en/round-83': {},
  'en/round-84': {},
  'en/round-85': {},
  'en/round-86': { caught: 95.7, first: 94.4, harmlessAlarm: 5.7 },
  'en/round-87': { midscreen: 96.9 },
  'en/round-88': { harmlessAlarm: 6.7 },
  'en/round-89': {},
  'en/round-90': { first: 95.6, harmlessAlarm: 8.6 },
  'en/round-91': { caught: 94.3, first: 94.1, midscreen: 94.4, harmlessAlarm: 6.7 },
  'en/round-92': { caught: 95.7, midscreen: 93.8, urgent: 92 },
  'en/round-93': { caught: 94.3, first: 91.9, urgent: 92, harmlessAlarm: 6.7 },
  'en/round-94': { caught: 94.3, first: 95, midscreen: 93.3 },
  'en/round-95': { urgent: 92 },
  'en/round-96': { caught: 95.7, first: 95.2, midscreen: 96.4, harmlessAlarm: 7.6 },
  'en/round-97': { caught: 91.4, midscreen: 85.3 },
  'en/round-98': {},
  'en/round-99': {},
  'en/round-100': { caught: 92.9, first: 96.9, midscreen: 89.5, harmlessAlarm: 6.7 },
  'en/round-101': { urgent: 92, harmlessAlarm: 10.5 },
  'en/round-102': { caught: 91.4, first: 92.1, midscreen: 90.6, harmlessAlarm: 8.6 },
  'en/round-103': { caught: 94.3, first: 94.9, midscreen: 93.5, harmlessAlarm: 4.8 },
  'en/round-104': { caught: 92.9, midscreen: 91.4 },
  'en/round-106': { caught: 90, first: 94.4, midscreen: 85.3, atOnce: 84.3, harmlessAlarm: 7.6 },
  'en/round-107': { midscreen: 95.6, urgent: 84, harmlessAlarm: 10.5 },
  'en/round-108': { first: 94.6, harmlessAlarm: 4.8 },
  'en/round-109': { harmlessAlarm: 5.7 },
  'en/round-110': {},
  'en/round-111': { caught: 95.7, midscreen: 84.6, atOnce: 82.9, harmlessAlarm: 9.5 },
  'en/round-113': { first: 96.6, urgent: 92 },
  // One mid-screen message here is asked about only by the backstop, and not by every retrain of it
  // (session 12: 56/59 after rounds en 79 / es 56, 57/59 again after en 81–82 / es 58–59).
  'en/heldout': { midscreen: 96.6, harmlessAlarm: 4.2 },
  'es/round-2': {},
  'es/round-3': {},
  'es/round-4': {},
  'es/round-5': {},
  'es/round-6': { caught: 96.9, midscreen: 94.1 },
  'es/round-7': { caught: 96.9, midscreen: 95.5 },
  'es/round-8': {},
  'es/round-9': { midscreen: 96.4 },
  'es/round-10': {},
  'es/round-11': { midscreen: 96.2 },
  'es/round-12': { midscreen: 96.6, urgent: 92.6 },
  'es/round-13': { caught: 96.3, midscreen: 92.6, urgent: 90 },
  'es/round-14': { caught: 95, midscreen: 92.5, urgent: 90, harmlessAlarm: 4.4 },
  'es/round-15': { caught: 92.5, midscreen: 89.1, urgent: 90 },
  'es/round-16': { caught: 93.8, first: 90.9, midscreen: 95.7, urgent: 86.7 },
  'es/round-17a': { caught: 96.4, first: 96.9, midscreen: 96.2 },
  'es/round-17b': { midscreen: 96.6, harmlessAlarm: 4.2 },
  'es/round-18': { caught: 93.8, first: 94.3, midscreen: 92.6, urgent: 90 },
  'es/round-19a': { caught: 96.3, first: 95.3, urgent: 90.3 },
  'es/round-19b': { caught: 96.9, first: 95.5, urgent: 92.3 },
  'es/round-20': {},
  'es/round-21': { caught: 95.5, first: 95.1, midscreen: 96 },
  'es/round-22': {},
  'es/round-23': { caught: 96.3, first: 93.6 },
  'es/round-24': { harmlessAlarm: 6.5 },
  'es/round-25': { caught: 95, midscreen: 92.7 },
  'es/round-26': {},
  'es/round-27': { caught: 95, midscreen: 92.5, harmlessAlarm: 4.4 },
  'es/round-28': { caught: 96.3, first: 95 },
  'es/round-29': { first: 96.7, harmlessAlarm: 5.8 },
  'es/round-30': { urgent: 86.7 },
  'es/round-31': { first: 95 },
  'es/round-32': { caught: 95.1, first: 91.7, midscreen: 96.5 },
  'es/round-33': { caught: 91.3, first: 91.1, midscreen: 91.4 },
  'es/round-34': { caught: 96.4, midscreen: 95.1 },
  'es/round-35': { midscreen: 95.7 },
  'es/round-36': {},
  'es/round-37': { caught: 93.8, first: 89.3, midscreen: 96.2 },
  'es/round-38': { caught: 94.3, midscreen: 91.2 },
  'es/round-39': {},
  'es/round-40': { first: 93.8 },
  'es/round-41': { harmlessAlarm: 5.6 },
  'es/round-42': { caught: 90.3, first: 94.1, midscreen: 89.1, atOnce: 84.7, urgent: 86.2 },
  'es/round-43': { caught: 95, first: 92.5 },
  'es/round-44': {},
  'es/round-45': { caught: 93.8, first: 91.3, midscreen: 94.7 },
  'es/round-46': { caught: 90, first: 88.9, midscreen: 90.6, urgent: 92 },
  'es/round-47': { caught: 95.2, first: 93.1, midscreen: 96.3 },
  'es/round-48': { caught: 96.7, first: 95.7 },
  'es/round-49': { harmlessAlarm: 4.4 },
  'es/round-51': { harmlessAlarm: 6.7 },
  'es/round-52': {},
  'es/round-53': {},
  'es/round-54': {},
  'es/round-55': {},
  'es/round-56': {},
  'es/round-57': { harmlessAlarm: 7 },
  'es/round-58': { caught: 93.3, first: 95.3, midscreen: 90.6, harmlessAlarm: 6 },
  'es/round-59': { midscreen: 96.7, harmlessAlarm: 5 },
  'es/round-60': { midscreen: 96.9, harmlessAlarm: 4.8 },
  'es/round-61': { urgent: 92, harmlessAlarm: 4.8 },
  'es/round-62': { midscreen: 93.5 },
  'es/round-63': { midscreen: 94.3, harmlessAlarm: 7.6 },
  'es/round-64': { harmlessAlarm: 6.7 },
  'es/round-65': {},
  'es/round-66': { caught: 91.4, first: 94.4, midscreen: 88.2, harmlessAlarm: 6.7 },
  'es/round-67': { harmlessAlarm: 6.7 },
  'es/round-68': { first: 95.3, harmlessAlarm: 6.7 },
  'es/round-69': { caught: 94.3, midscreen: 86.2, harmlessAlarm: 4.8 },
  'es/round-70': { first: 95.5, urgent: 88 },
  'es/round-71': { caught: 94.3, first: 91.9 },
  'es/round-72': { caught: 95.8, midscreen: 90.6, atOnce: 84.5, harmlessAlarm: 5.8 },
  'es/round-73': { caught: 92.9, first: 92.1, midscreen: 93.8, harmlessAlarm: 4.8 },
  'es/round-74': {},
  'es/round-75': { midscreen: 93.5 },
  'es/round-76': { caught: 94.3, first: 90.9, harmlessAlarm: 10.5 },
  'es/round-77': { caught: 95.7, midscreen: 94.4, urgent: 88, harmlessAlarm: 10.5 },
  'es/round-78': { caught: 94.3, first: 95.5, midscreen: 92.3, harmlessAlarm: 5.7 },
  'es/round-80': { midscreen: 96.7 },
  'es/round-82': { caught: 95.7, midscreen: 93.9, harmlessAlarm: 10.5 },
  'es/round-83': { urgent: 88, harmlessAlarm: 7.6 },
  'es/round-84': { midscreen: 93.5 },
  'es/round-85': { harmlessAlarm: 6.7 },
  'es/round-86': { first: 92.3 },
  'es/round-87': { harmlessAlarm: 8.6 },
  'es/round-89': { first: 96.6, harmlessAlarm: 7.6 },
  'es/heldout': {},
};

describe.each(Object.keys(REACHED))('red-flag round %s', (name) => {
  it('meets the issue 11 targets (or what it reached)', () => {
    const lng = name.slice(0, 2) as Language;
    const grader = graderOf(name);
    const f = measureRound(readJson(`test/fixtures/corpus/${name}.json`) as CorpusItem[], lng, (text, l) =>
      grader.detect(text, l),
    );
    const got: Targets = {
      caught: percent(f.caught),
      first: percent(f.first),
      midscreen: percent(f.midscreen),
      atOnce: percent(f.atOnce),
      urgent: percent(f.urgent),
      harmlessAlarm: percent(f.harmlessAlarm),
    };
    console.log(`[red-flag round ${name}] ${JSON.stringify(got)}`);
    const want = { ...TARGET, ...REACHED[name] };
    expect(got.caught).toBeGreaterThanOrEqual(want.caught);
    expect(got.first).toBeGreaterThanOrEqual(want.first);
    expect(got.midscreen).toBeGreaterThanOrEqual(want.midscreen);
    expect(got.atOnce).toBeGreaterThanOrEqual(want.atOnce);
    expect(got.urgent).toBeGreaterThanOrEqual(want.urgent);
    expect(got.harmlessAlarm).toBeLessThanOrEqual(want.harmlessAlarm);
    const asked = HELD_OUT_ASKED[name];
    if (asked !== undefined) expect(percent(f.harmlessAsked)).toBeLessThanOrEqual(asked);
  });
});
