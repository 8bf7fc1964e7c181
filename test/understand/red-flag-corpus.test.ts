import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lexiconDetector } from '../helpers/detector.js';
import { isFlagId, tierOf, type FlagId } from '../../dialogs/triage/red-flags.js';
import type { Language } from '../../src/understand/language.js';
import { type Detection } from '../../src/understand/red-flag-detector.js';

const readJson = (path: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8'));

interface Labelled {
  text: string;
  label: 'emergency' | 'urgent' | 'none';
  flag: string | null;
}
interface CrisisCase {
  text: string;
  lng: Language;
  crisis: boolean;
}

const detector = lexiconDetector();

/**
 * The labelled flag was noticed. A swollen calf with breathlessness, labelled `chest_pain` when the
 * detector read it so, is now CLINICAL §2d rule 4: `calf_swelling` with the `breathless` signal.
 */
function noticed(d: Detection, flag: FlagId): boolean {
  if (d.emergency.includes(flag) || d.possible.includes(flag)) return true;
  return flag === 'chest_pain' && d.urgent.includes('calf_swelling') && d.breathless;
}
const MIN_SIZE: Record<Language, number> = { en: 170, es: 100 };
const MAX_FALSE_ALARM_RATE = 0.05;
const MIN_URGENT_RECALL = 0.9;

describe.each(['en', 'es'] as const)('red-flag corpus (%s)', (lng) => {
  const corpus = readJson(`test/fixtures/redflag-corpus.${lng}.json`) as Labelled[];
  const by = (label: Labelled['label']): Labelled[] => corpus.filter((c) => c.label === label);

  it('is large enough, labelled consistently, and at least 40% ordinary talk', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(MIN_SIZE[lng]);
    expect(by('none').length / corpus.length).toBeGreaterThanOrEqual(0.4);
    for (const c of corpus) {
      if (c.label === 'none') expect(c.flag, c.text).toBeNull();
      else expect(isFlagId(c.flag) && tierOf(c.flag), c.text).toBe(c.label);
    }
    expect(new Set(corpus.map((c) => c.text)).size).toBe(corpus.length);
  });

  it('catches every emergency with the right flag, keeps false alarms under 5%, and reports recall', () => {
    const missed: string[] = [];
    for (const c of by('emergency')) {
      const d = detector.detect(c.text, lng);
      if (!noticed(d, c.flag as FlagId)) missed.push(`${c.flag}: ${c.text} → ${JSON.stringify(d)}`);
    }
    const emergencyRecall = 1 - missed.length / by('emergency').length;
    const urgent = by('urgent');
    const urgentHits = urgent.filter((c) => detector.detect(c.text, lng).urgent.includes(c.flag as FlagId)).length;
    const alarms: string[] = [];
    let urgentAlarms = 0;
    for (const c of by('none')) {
      const d = detector.detect(c.text, lng);
      if (d.emergency.length || d.possible.length) alarms.push(`${c.text} → ${JSON.stringify(d)}`);
      if (d.urgent.length) urgentAlarms++;
    }
    const falseAlarmRate = alarms.length / by('none').length;
    const asPlain = by('emergency').filter((c) =>
      detector.detect(c.text, lng).emergency.includes(c.flag as FlagId),
    ).length;
    console.log(
      `[red-flag corpus ${lng}] ` +
        JSON.stringify({
          messages: corpus.length,
          emergencyRecall: round(emergencyRecall),
          emergencyRecallWithoutPossible: round(asPlain / by('emergency').length),
          urgentRecall: round(urgentHits / urgent.length),
          falseAlarmRate: round(falseAlarmRate),
          urgentFalseAlarmRate: round(urgentAlarms / by('none').length),
        }),
    );
    expect(missed, 'missed emergencies').toEqual([]);
    expect(falseAlarmRate, `false alarms:\n${alarms.join('\n')}`).toBeLessThanOrEqual(MAX_FALSE_ALARM_RATE);
    expect(urgentHits / urgent.length).toBeGreaterThanOrEqual(MIN_URGENT_RECALL);
  });
});

describe('crisis corpus', () => {
  const cases = readJson('test/fixtures/crisis-corpus.json') as CrisisCase[];

  it('covers both languages, with and without crisis talk', () => {
    for (const lng of ['en', 'es'] as const) {
      expect(cases.filter((c) => c.lng === lng && c.crisis).length).toBeGreaterThanOrEqual(10);
      expect(cases.filter((c) => c.lng === lng && !c.crisis).length).toBeGreaterThanOrEqual(8);
    }
  });

  it('flags self-harm and hopelessness, not idioms like "this pain is killing me"', () => {
    const wrong = cases
      .filter((c) => detector.detect(c.text, c.lng).crisis !== c.crisis)
      .map((c) => `${c.crisis}: ${c.text}`);
    console.log(`[crisis corpus] ${JSON.stringify({ cases: cases.length, wrong: wrong.length })}`);
    expect(wrong).toEqual([]);
  });
});

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
