import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR } from '../../src/app.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { CAUTION_IDS } from '../../dialogs/exercise/ids.js';
import { EXERCISES, doseValues } from '../../dialogs/exercise/library.js';
import { RUNNING_STAGES } from '../../dialogs/exercise/running.js';
import { EXERCISE_QUESTIONS, pickChoices } from '../../dialogs/exercise/questions.js';
import { planSteps, stepLines, type LocaleLine } from '../../dialogs/exercise/walkthrough.js';

const LANGS = ['en', 'es'] as const;
const read = (lng: string) =>
  JSON.parse(readFileSync(path.join(LOCALES_DIR, lng, 'exercises.json'), 'utf8')) as Record<string, unknown>;
const files = { en: read('en'), es: read('es') };
const i18n = createI18n(loadLocaleResources(LOCALES_DIR));

function flatten(v: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v))
      for (const [kk, xx] of flatten(x, prefix ? `${prefix}.${k}` : k)) out.set(kk, xx);
  } else out.set(prefix, v);
  return out;
}
const vars = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).map((m) => m.slice(2, -2)).sort();

function render(line: LocaleLine, lng: string): string {
  const nested = Object.fromEntries(Object.entries(line.nested ?? {}).map(([k, key]) => [k, i18n.t(key, { lng })]));
  return i18n.t(line.key, { lng, ...line.values, ...nested });
}

describe('exercise words (locales/*/exercises.json)', () => {
  it('has exactly the same keys and interpolations in en and es', () => {
    const en = flatten(files.en);
    const es = flatten(files.es);
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) if (typeof v === 'string') expect(vars(es.get(k) as string), k).toEqual(vars(v));
  });

  it.each(LANGS)(
    '%s: every exercise has a name, a title, a purpose, a dose, synonyms and its steps, one short sentence each',
    (lng) => {
      for (const e of EXERCISES) {
        const words = files[lng][e.id] as {
          name: string;
          title: string;
          purpose: string;
          dose: string;
          synonyms: string[];
          steps: Record<string, string>;
        };
        for (const field of ['name', 'title', 'purpose', 'dose'] as const) {
          expect(words[field], `${e.id}.${field}`).toBeTypeOf('string');
          expect(words[field].trim(), `${e.id}.${field}`).toBeTruthy();
        }
        expect(words.synonyms.length, `${e.id}.synonyms`).toBeGreaterThan(0);
        expect(Object.keys(words.steps).sort(), `${e.id}.steps`).toEqual([...e.steps].sort());
        for (const [stepId, text] of Object.entries(words.steps)) {
          expect(text, `${e.id}.steps.${stepId}`).toMatch(/^[^.!?]+[.!?]$/);
          expect(text.split(/\s+/).length, `${e.id}.steps.${stepId}`).toBeLessThanOrEqual(22);
        }
        expect(
          vars(words.dose).every((v) => v in doseValues(e)),
          `${e.id}.dose uses only its dose values`,
        ).toBe(true);
        expect(words.title.length, `${e.id}.title fits a button`).toBeLessThanOrEqual(24);
      }
    },
  );

  it.each(LANGS)('%s: every caution and shared string is there', (lng) => {
    for (const id of CAUTION_IDS) expect(i18n.exists(`exercises:cautions.${id}`, { lng }), id).toBe(true);
    for (const e of EXERCISES)
      for (const id of e.cautions) expect(i18n.exists(`exercises:cautions.${id}`, { lng })).toBe(true);
    const shared = [
      'stop_rule',
      'hold',
      'reps',
      'side_set',
      'side_only',
      'set_only',
      'sides.left',
      'sides.right',
      'pick',
      'step',
      'pain_now',
      'new_numbness',
      'response.peripheralized',
      'response.centralized',
      'response.same',
      'dropped',
      'smaller_range',
      'rescreen',
    ];
    for (const k of shared) expect(i18n.exists(`exercises:${k}`, { lng }), k).toBe(true);
    for (const c of ['next', 'repeat', 'stop', 'done'])
      expect(i18n.exists(`exercises:choices.${c}.title`, { lng }), c).toBe(true);
    expect(vars(files[lng].hold as string)).toEqual(['seconds']);
    expect(vars(files[lng].side_set as string)).toEqual(['set', 'sets', 'side']);
  });

  it('says the stop rule of CLINICAL §6 and the hold and side/set lines', () => {
    expect(i18n.t('exercises:stop_rule', { lng: 'en' })).toBe(
      'Stop if pain spreads further down your leg, or you feel new numbness or weakness.',
    );
    expect(i18n.t('exercises:hold', { lng: 'en', seconds: 30 })).toBe('Hold for 30 seconds, then tap Next.');
    const line = stepLines(planSteps(EXERCISES.find((e) => e.id === 'knee_to_chest')!)[4]!)[0]!;
    expect(render(line, 'en')).toBe('Right side, set 1 of 3');
    expect(render(line, 'es')).toBe('Lado derecho, serie 1 de 3');
  });

  it('has words for every line of every planned step, in both languages, and the stop rule on each', () => {
    for (const lng of LANGS) {
      for (const e of EXERCISES) {
        for (const step of planSteps(e)) {
          const lines = stepLines(step);
          for (const line of lines) {
            expect(i18n.exists(line.key, { lng }), `${lng} ${line.key}`).toBe(true);
            expect(render(line, lng), `${lng} ${line.key}`).not.toMatch(/\{\{|\}\}/);
          }
          expect(lines.at(-1)?.key).toBe('exercises:stop_rule');
        }
        expect(i18n.t(`exercises:${e.id}.dose`, { lng, ...doseValues(e) })).not.toMatch(/\{\{/);
      }
    }
  });

  it('describes each running stage with the numbers of the §5 table', () => {
    for (const s of RUNNING_STAGES) {
      const text = i18n.t(`exercises:running.stage_${s.stage}`, { lng: 'en' });
      for (const n of [
        s.jogMinutes,
        ...(s.walkMinutes ? [s.walkMinutes] : []),
        ...(s.maxJogMinutes ? [s.maxJogMinutes] : []),
      ])
        expect(text, `stage ${s.stage}`).toContain(String(n));
      expect(i18n.exists(`exercises:running.stage_${s.stage}`, { lng: 'es' })).toBe(true);
    }
  });

  it('has the words of the exercise questions and their choices', () => {
    for (const lng of LANGS) {
      for (const q of EXERCISE_QUESTIONS) {
        expect(i18n.exists(q.textKey, { lng }), q.textKey).toBe(true);
        for (const c of q.choices)
          expect(i18n.exists(`${c.labelKey}.title`, { lng }), `${lng} ${c.labelKey}`).toBe(true);
      }
    }
    expect(pickChoices(['prone_lying', 'pelvic_tilt']).map((c) => c.value)).toEqual([
      'prone_lying',
      'pelvic_tilt',
      'done',
    ]);
    expect(EXERCISE_QUESTIONS.find((q) => q.id === 'exercise.step')?.choices.map((c) => c.value)).toEqual([
      'next',
      'repeat',
      'stop',
    ]);
    expect(EXERCISE_QUESTIONS.find((q) => q.id === 'pain.now')?.choices.map((c) => c.value)).toEqual([
      'none',
      'back',
      'buttock',
      'thigh',
      'below_knee',
      'foot',
    ]);
  });
});
