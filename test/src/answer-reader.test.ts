import { beforeAll, describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/understand/answer-reader.js';
import { createLexicon, type Lexicon } from '../../src/understand/lexicon.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { LOCALES_DIR } from '../../src/app.js';
import { questionSpec, type QuestionId } from '../../dialogs/questions.js';
import { readCommand } from '../../src/understand/understand.js';

let lexicon: Lexicon;
beforeAll(() => {
  lexicon = createLexicon(createI18n(loadLocaleResources(LOCALES_DIR)));
});

const text = (id: QuestionId, t: string, lng: 'en' | 'es' = 'en') =>
  readAnswer(questionSpec(id), { text: t }, lng, lexicon);
const value = (id: QuestionId, answer: unknown) => readAnswer(questionSpec(id), { answer }, 'en', lexicon);

describe('reading answers', () => {
  it.each([
    ['redflag.saddle_anaesthesia', 'yes', 'yes'],
    ['redflag.saddle_anaesthesia', 'Yeah I think so', 'yes'],
    ['redflag.saddle_anaesthesia', 'nope', 'no'],
    ['redflag.saddle_anaesthesia', "I don't know", 'unsure'],
    ['redflag.saddle_anaesthesia', '3', 'unsure'],
    ['redflag.chest_pain', 'NOT SURE', 'unsure'],
    ['consent', 'I agree', 'agree'],
    ['pain.left', 'down to my calf', 'below_knee'],
    ['pain.left', '6', 'foot'],
    ['country', 'the uk', 'GB'],
  ] as const)('reads %s from %j in English', (id, t, expected) => {
    expect(text(id, t)).toEqual(expected);
  });

  it.each([
    ['redflag.saddle_anaesthesia', 'sí', 'yes'],
    ['redflag.saddle_anaesthesia', 'si', 'yes'],
    ['redflag.saddle_anaesthesia', 'pues no sé', 'unsure'],
    ['redflag.urinary_retention', 'no', 'no'],
    ['pain.right', 'hasta el pie', 'foot'],
    ['country', 'Mejico', 'MX'],
  ] as const)('reads %s from %j in Spanish', (id, t, expected) => {
    expect(text(id, t, 'es')).toEqual(expected);
  });

  it('reads numbers in words and digits, and rejects numbers out of range', () => {
    expect(text('pain.score', 'about seven')).toBe(7);
    expect(text('pain.score', '7/10')).toBe(7);
    expect(text('pain.score', 'siete', 'es')).toBe(7);
    expect(text('pain.score', '15')).toBeUndefined();
    expect(text('age', 'I am 42 years old')).toBe(42);
    expect(text('age', 'tengo cuarenta y dos años', 'es')).toBe(42);
    expect(text('age', 'old')).toBeUndefined();
  });

  it('reads multi-select answers: none, numbers, names', () => {
    expect(text('redflags.infection', 'none')).toEqual([]);
    expect(text('redflags.infection', '0')).toEqual([]);
    expect(text('redflags.infection', '1, 2')).toEqual(['fever', 'infection_risk']);
    expect(text('redflags.infection', '1 and 2')).toEqual(['fever', 'infection_risk']);
    expect(text('redflags.infection', '7')).toBeUndefined();
    expect(text('redflags.infection', 'ninguno', 'es')).toEqual([]);
  });

  it('reads ordinals and "both/all" words', () => {
    expect(text('redflag.chest_pain', 'the second one')).toBe('no');
    expect(text('pain.left', 'la tercera', 'es')).toBe('buttock');
    expect(text('redflags.infection', 'both')).toEqual(['fever', 'infection_risk']);
    expect(text('redflags.infection', 'ambas', 'es')).toEqual(['fever', 'infection_risk']);
    expect(text('redflags.cancer', 'the first one')).toEqual(['cancer_history']);
  });

  it('checks button values against the question', () => {
    expect(value('consent', 'agree')).toBe('agree');
    expect(value('consent', 'yes')).toBeUndefined();
    expect(value('age', '42')).toBe(42);
    expect(value('age', 'abc')).toBeUndefined();
    expect(value('redflags.cancer', ['weight_loss'])).toEqual(['weight_loss']);
    expect(value('redflags.cancer', 'weight_loss,cancer_history')).toEqual(['weight_loss', 'cancer_history']);
    expect(value('redflags.cancer', ['fever'])).toBeUndefined();
    expect(value('redflags.cancer', '')).toEqual([]);
  });

  it('reads typed commands in both languages, and button commands', () => {
    expect(readCommand({ text: 'Help' }, 'en', lexicon)).toBe('help');
    expect(readCommand({ text: 'ayuda' }, 'es', lexicon)).toBe('help');
    expect(readCommand({ text: 'start over' }, 'en', lexicon)).toBe('restart');
    expect(readCommand({ value: { command: 'stop' } }, 'en', lexicon)).toBe('stop');
    expect(readCommand({ text: 'my back hurts' }, 'en', lexicon)).toBeUndefined();
  });
});
