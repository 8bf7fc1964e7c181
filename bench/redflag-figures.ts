/**
 * The issue 11 figures of one corpus round, shared by `bench/redflag-rounds.ts` and the corpus
 * test: caught = the emergency outcome or a clarifying question, at once = the emergency outcome,
 * urgent noticed = one of the item's flags affirmed or asked about (a clarifying question), harmless = `none`
 * and `question` items given an emergency or urgent outcome (harmless asked: given a clarifying question).
 * Only aggregates leave this module.
 */
import { decide, type TriageFacts } from '../dialogs/triage/decide.js';
import { isFlagId } from '../dialogs/triage/red-flags.js';
import type { Language } from '../src/understand/language.js';
import type { Detection } from '../src/understand/red-flag-detector.js';

/** One message of a round (test/fixtures/corpus/<lng>/*.json). */
export interface CorpusItem {
  text: string;
  expect: 'emergency' | 'urgent' | 'none' | 'question';
  flags: string[];
  when: 'first' | 'midscreen';
  kind: string;
}

/** What a message leads to at once. */
export type Outcome = 'emergency' | 'possible' | 'urgent' | 'none';

/**
 * The decision rules of CLINICAL §2d (as `decide` has them, rule 4 with the breathless signal) over
 * what the message affirmed, then a clarifying question for a possible emergency, then rule 5.
 */
export function outcomeOf(d: Detection): Outcome {
  const findings: string[] = [...d.emergency, ...d.urgent, ...(d.breathless ? ['breathless'] : [])];
  const answers = Object.fromEntries(findings.map((f) => [f, 'yes' as const])) as TriageFacts['answers'];
  const { disposition } = decide({ answers });
  if (disposition === 'emergency') return 'emergency';
  if (d.possible.length) return 'possible';
  return disposition === 'urgent' ? 'urgent' : 'none';
}

/** A share: `n` of `of`. */
export interface Share {
  readonly n: number;
  readonly of: number;
}

/** The figures issue 11 sets targets for. */
export interface RoundFigures {
  readonly messages: number;
  readonly caught: Share;
  readonly first: Share;
  readonly midscreen: Share;
  readonly atOnce: Share;
  readonly urgent: Share;
  readonly harmlessAlarm: Share;
  /** `none` and `question` items given a clarifying question (not an outcome): what a needless question costs. */
  readonly harmlessAsked: Share;
}

/** Percentage of a share, one decimal (100 for an empty share: nothing to miss). */
export const percent = ({ n, of }: Share): number => (of ? Math.round((1000 * n) / of) / 10 : 100);

/** Measures `detect` on the items of one round written in `lng`. */
export function measureRound(
  items: readonly CorpusItem[],
  lng: Language,
  detect: (text: string, lng: Language) => Detection,
): RoundFigures {
  const share = (list: readonly CorpusItem[], hit: (i: CorpusItem) => boolean): Share => ({
    n: list.filter(hit).length,
    of: list.length,
  });
  const outcome = (i: CorpusItem): Outcome => outcomeOf(detect(i.text, lng));
  const caught = (i: CorpusItem): boolean => ['emergency', 'possible'].includes(outcome(i));
  const emergencies = items.filter((i) => i.expect === 'emergency');
  const urgent = items.filter((i) => i.expect === 'urgent');
  const harmless = items.filter((i) => i.expect === 'none' || i.expect === 'question');
  return {
    messages: items.length,
    caught: share(emergencies, caught),
    first: share(
      emergencies.filter((i) => i.when === 'first'),
      caught,
    ),
    midscreen: share(
      emergencies.filter((i) => i.when === 'midscreen'),
      caught,
    ),
    atOnce: share(emergencies, (i) => outcome(i) === 'emergency'),
    urgent: share(urgent, (i) => {
      const d = detect(i.text, lng);
      const seen = new Set<string>([...d.urgent, ...d.emergency, ...d.possible]);
      return i.flags.filter(isFlagId).some((f) => seen.has(f));
    }),
    harmlessAlarm: share(harmless, (i) => ['emergency', 'urgent'].includes(outcome(i))),
    harmlessAsked: share(harmless, (i) => outcome(i) === 'possible'),
  };
}
