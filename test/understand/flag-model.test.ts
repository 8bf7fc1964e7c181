import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTrainingSet, trainFlagModel, type TrainingItem } from '../../src/tools/flag-model-training.js';
import { formatExplanation } from '../../src/tools/explain-format.js';
import { LANGUAGES } from '../../src/understand/language.js';
import { createRedFlagDetector } from '../../src/understand/red-flag-detector.js';
import { loadFlagModel } from '../../src/understand/red-flags/flag-model.js';
import { readFlagModelFiles } from '../../src/understand/red-flags/flag-model-files.js';
import { lexiconDetector, projectDetector } from '../helpers/detector.js';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(root(path), 'utf8'));
const lists = { en: readJson('locales/en/redflags.json'), es: readJson('locales/es/redflags.json') };

// A made-up word the lexicons cannot know: whatever the model makes of it is the model's alone.
const toy: TrainingItem[] = [
  ...['zorblax', 'my zorblax again', 'zorblax since monday', 'the zorblax is back'].map((text) => ({
    text,
    expect: 'emergency',
    flags: ['chest_pain'],
  })),
  ...['hello', 'my back hurts', 'seven', 'left leg only', 'the stretches help', 'no'].map((text) => ({
    text,
    expect: 'none',
    flags: [],
  })),
];
const toyModel = (lng: 'en' | 'es') => trainFlagModel(toy, lng, ['toy']);
const detector = createRedFlagDetector(lists, { en: toyModel('en'), es: toyModel('es') });

/** Time allowed to read the whole dev corpus twice on a slow, busy CI machine. */
const WHOLE_CORPUS_TIMEOUT_MS = 120_000;

describe('learned backstop', () => {
  it('asks the catalog question of a flag the lexicons missed, and never gives an outcome itself', () => {
    const d = detector.detect('zorblax', 'en');
    expect(d.possible).toEqual(['chest_pain']);
    expect(d.emergency).toEqual([]);
    expect(createRedFlagDetector(lists).detect('zorblax', 'en').possible).toEqual([]);
  });

  it('stays silent once the lexicons found an emergency, or when the writer only asks about the flag', () => {
    const d = detector.detect("zorblax, and I can't pee at all since yesterday", 'en');
    expect(d.emergency).toEqual(['urinary_retention']);
    expect(d.possible).toEqual([]);
    const asked = detector.detect('what does chest pain mean, zorblax?', 'en');
    expect(asked.asked).toContain('chest_pain');
    expect(asked.possible).not.toContain('chest_pain');
  });

  it('shows in npm run explain what it asked', () => {
    const lines = formatExplanation(detector.explain('zorblax', 'en'));
    expect(lines.some((l) => /^learned backstop .*: chest_pain \(p 0\.\d\d\)/.test(l))).toBe(true);
    expect(formatExplanation(detector.explain('my back hurts', 'en')).some((l) => l.endsWith('nothing to ask'))).toBe(
      true,
    );
  });

  it('refuses a malformed model file', () => {
    const good = toyModel('en');
    expect(() => loadFlagModel({ ...good, lng: 'es' }, 'en')).toThrow(/malformed/);
    expect(() => loadFlagModel({ ...good, weights: 'AAAA' }, 'en')).toThrow(/sizes/);
    expect(() => loadFlagModel({ ...good, bias: [0] }, 'en')).toThrow(/malformed/);
    expect(() => loadFlagModel({ ...good, flags: ['not_a_flag'] }, 'en')).toThrow(/malformed/);
  });

  it.each(LANGUAGES)('the stored %s model is what the blind rounds train, never a held-out file', (lng) => {
    const { items, trainedOn } = readTrainingSet(root('test/fixtures'), lng);
    expect(trainedOn.some((f) => f.includes('heldout'))).toBe(false);
    expect(trainedOn.filter((f) => f.startsWith(`corpus/${lng}/round-`)).length).toBeGreaterThanOrEqual(10);
    const stored = readFlagModelFiles(root('assets/redflag-model')) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(trainFlagModel(items, lng, trainedOn)))).toEqual(stored[lng]);
  });

  it.each(LANGUAGES)(
    'on every %s dev message, changes nothing the lexicons read and only ever adds a question',
    (lng) => {
      const lexicons = lexiconDetector();
      const full = projectDetector();
      let added = 0;
      for (const { text } of readTrainingSet(root('test/fixtures'), lng).items) {
        const before = lexicons.detect(text, lng);
        const after = full.detect(text, lng);
        expect({ ...after, possible: [] }).toEqual({ ...before, possible: [] });
        expect(after.possible).toEqual(expect.arrayContaining(before.possible));
        if (after.possible.length > before.possible.length) added++;
      }
      // Not a test that cannot fail: the model does ask on some of them.
      expect(added).toBeGreaterThan(0);
    },
    // Every dev message twice (15,000 in English): a check of behaviour, not a timed one.
    WHOLE_CORPUS_TIMEOUT_MS,
  );
});
