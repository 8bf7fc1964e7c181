import { beforeAll, describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/understand/answer-reader.js';
import { createLexicon, type Lexicon } from '../../src/understand/lexicon.js';
import { understand } from '../../src/understand/understand.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { LOCALES_DIR } from '../../src/app.js';
import { questionSpec, type QuestionId } from '../../dialogs/questions.js';

let lexicon: Lexicon;
beforeAll(() => {
  lexicon = createLexicon(createI18n(loadLocaleResources(LOCALES_DIR)));
});

type Lng = 'en' | 'es';
const read = (id: QuestionId, text: string, lng: Lng) => readAnswer(questionSpec(id), { text }, lng, lexicon);

/** Messages patients typed mid-screen that tell a story: none of them answers a question. */
const NARRATIVES: Record<Lng, string[]> = {
  en: [
    'the pain started 3 years ago after I lifted a sofa',
    'my temperature was 38.5 last night',
    'no pain in my back, it is my leg',
    "no pain in my back, it's my leg",
    'I have had this for 2 weeks and it is getting worse',
    'I was 45 when it first started',
    'my mum is 70 and she has the same thing',
    'it hurts about 7 when I walk but 3 when I sit',
    'no leaking, but I cannot pee',
    'yes it goes down my leg and my foot feels numb',
    'I had surgery 5 years ago on my spine',
    'I walked 2 miles yesterday and now it is worse',
    'no idea why but it started after 3 days of gardening',
    'no, but my left leg is weak since Tuesday',
    'I take 2 tablets of ibuprofen a day',
    'sure, but first: is this safe if I am pregnant?',
    'I agree it is bad but I want to talk to a doctor first',
    'no, my back has been sore since I fell off a ladder 10 days ago',
    'my daughter is 12 and she is helping me type',
    'I sleep about 4 hours a night because of it',
  ],
  es: [
    'el dolor empezó hace 3 años después de levantar un sofá',
    'anoche tuve 38,5 de fiebre',
    'no me duele la espalda, es la pierna',
    'tengo esto desde hace 2 semanas y va a peor',
    'tenía 45 cuando empezó',
    'mi madre tiene 70 y le pasa lo mismo',
    'me duele un 7 al caminar pero un 3 sentado',
    'no se me escapa la orina, pero no puedo orinar',
    'sí, me baja por la pierna y se me duerme el pie',
    'me operaron de la columna hace 5 años',
    'ayer caminé 2 kilómetros y ahora estoy peor',
    'no sé por qué, empezó después de 3 días en el jardín',
    'no, pero tengo la pierna izquierda débil desde el martes',
    'tomo 2 pastillas de ibuprofeno al día',
    'vale, pero antes: ¿es seguro si estoy embarazada?',
    'no, me duele desde que me caí de una escalera hace 10 días',
    'mi hija tiene 12 años y me ayuda a escribir',
    'duermo unas 4 horas por la noche por el dolor',
  ],
};

/** Real answers, as patients type them. */
const ANSWERS: Record<Lng, [QuestionId, string, unknown][]> = {
  en: [
    ['age', '45', 45],
    ['age', "I'm 45", 45],
    ['age', 'I am 45 years old', 45],
    ['age', 'forty-five', 45],
    ['age', 'forty five', 45],
    ['age', '45 yrs', 45],
    ['age', 'about 60', 60],
    ['age', 'I just turned 16', 16],
    ['pain.score', '7', 7],
    ['pain.score', 'about seven', 7],
    ['pain.score', '7/10', 7],
    ['pain.score', '7 out of 10', 7],
    ['pain.score', 'seven out of ten', 7],
    ['pain.score', "I'd say 6", 6],
    ['pain.score', "it's a 4", 4],
    ['pain.weeks', 'two', 2],
    ['pain.weeks', '3 weeks', 3],
    ['pain.weeks', 'about 3 months', 13],
    ['pain.weeks', 'it started 3 weeks ago', 3],
    ['pain.weeks', 'for 14 days', 2],
    ['reminder.days', '7', 7],
    ['reminder.days', 'in 2 weeks', 14],
    ['reminder.days', '2 weeks', 14],
    ['reminder.days', 'in 3 days', 3],
    ['reminder.days', 'a week', 7],
    ['reminder.days', 'no thanks', 0],
    ['pain.weeks', 'about a month', 4.3],
    ['consent', 'yep', 'agree'],
    ['consent', 'nah', 'decline'],
    ['checkin.start', 'yeah', 'yes'],
    ['checkin.start', 'nope', 'later'],
    ['redflag.urinary_retention', 'not really', 'no'],
    ['redflag.urinary_retention', 'no, no', 'no'],
    ['consent', 'yes', 'agree'],
    ['consent', 'yes please', 'agree'],
    ['consent', 'ok, I agree', 'agree'],
    ['consent', 'no thanks', 'decline'],
    ['consent', 'no', 'decline'],
    ['redflag.urinary_retention', 'no', 'no'],
    ['redflag.urinary_retention', 'nope, not at all', 'no'],
    ['redflag.urinary_retention', 'yes I think so', 'yes'],
    ['redflag.urinary_retention', 'Yeah', 'yes'],
    ['redflag.urinary_retention', 'not sure', 'unsure'],
    ['redflag.urinary_retention', '2', 'no'],
    ['pain.left', 'down to my calf', 'below_knee'],
    ['pain.left', 'all the way down to my foot', 'foot'],
    ['redflags.infection', 'none', []],
    ['redflags.infection', 'none of them thanks', []],
    ['redflags.infection', '1 and 2', ['fever', 'infection_risk']],
  ],
  es: [
    ['age', '45', 45],
    ['age', 'tengo 45 años', 45],
    ['age', 'tengo 45 anos', 45],
    ['age', 'cuarenta y cinco', 45],
    ['age', 'tengo cuarenta y cinco', 45],
    ['age', '45 años', 45],
    ['pain.score', 'siete', 7],
    ['pain.score', 'un 7 de 10', 7],
    ['pain.score', '7/10', 7],
    ['pain.score', 'más o menos un 6', 6],
    ['pain.weeks', 'dos', 2],
    ['pain.weeks', 'hace tres semanas', 3],
    ['pain.weeks', 'unos 2 meses', 8.7],
    ['reminder.days', 'siete', 7],
    ['reminder.days', 'una semana', 7],
    ['reminder.days', 'no gracias', 0],
    ['pain.weeks', 'un año', 52],
    ['consent', 'sí', 'agree'],
    ['consent', 'vale', 'agree'],
    ['consent', 'sí, de acuerdo', 'agree'],
    ['consent', 'no, gracias', 'decline'],
    ['redflag.urinary_retention', 'no', 'no'],
    ['redflag.urinary_retention', 'para nada', 'no'],
    ['redflag.urinary_retention', 'creo que sí', 'yes'],
    ['redflag.urinary_retention', 'no lo sé', 'unsure'],
    ['pain.left', 'hasta el pie', 'foot'],
    ['redflags.infection', 'ninguno', []],
  ],
};

const NUMBER_QUESTIONS: QuestionId[] = ['age', 'pain.score'];
const DECISIONS: QuestionId[] = [
  'consent',
  'redflag.urinary_retention',
  'redflag.saddle_anaesthesia',
  'clinician.cleared',
  'forget.confirm',
  'checkin.start',
];

describe('answer-shaped reading (CONTRACT §3)', () => {
  for (const lng of ['en', 'es'] as const) {
    it.each(NARRATIVES[lng])(`never reads a story as a number or a yes/no answer (${lng}): %j`, (text) => {
      for (const id of [...NUMBER_QUESTIONS, ...DECISIONS]) expect(read(id, text, lng), id).toBeUndefined();
    });

    it.each(ANSWERS[lng])(`reads %s from %j (${lng})`, (id, text, expected) => {
      expect(read(id, text, lng)).toEqual(expected);
    });
  }

  it('reads no age from a fraction, a decimal or two numbers', () => {
    expect(read('age', '7/10', 'en')).toBeUndefined();
    expect(read('age', '38.5', 'en')).toBeUndefined();
    expect(read('age', '40 or 45', 'en')).toBeUndefined();
    expect(read('age', '3 weeks', 'en')).toBeUndefined();
    expect(read('age', 'a year', 'en')).toBeUndefined();
  });
});

describe('what a typed message is, with a question pending', () => {
  const event = (asking: QuestionId, text: string, lng: Lng = 'en', flags: string[] = []) =>
    understand({ text }, asking, lng, lexicon, { flags });

  it.each([
    ['stop', 'en'],
    ['Stop', 'en'],
    ['para', 'es'],
    ['parar', 'es'],
  ] as const)('takes %j during an exercise step as the step’s own stop, not the stop command (%s)', (text, lng) => {
    expect(event('exercise.step', text, lng)).toEqual({ type: 'ANSWER', questionId: 'exercise.step', value: 'stop' });
  });

  it('still takes "stop" as the command when the pending question has no such choice', () => {
    expect(event('age', 'stop')).toEqual({ type: 'COMMAND', command: 'stop' });
    expect(event('consent', 'para', 'es')).toEqual({ type: 'COMMAND', command: 'stop' });
  });

  it('re-asks without a hint when the message only greets', () => {
    expect(event('consent', 'hello')).toEqual({ type: 'REASK' });
    expect(event('age', 'hola', 'es')).toEqual({ type: 'REASK' });
  });

  it('never reads a message with red flags as an answer, except to those flags’ own question', () => {
    expect(event('age', '45', 'en', ['fever'])).toEqual({ type: 'REASK' });
    expect(event('consent', 'yes', 'en', ['urinary_retention'])).toEqual({ type: 'REASK' });
    expect(event('redflag.fever', 'yes', 'en', ['fever'])).toEqual({
      type: 'ANSWER',
      questionId: 'redflag.fever',
      value: 'yes',
    });
    expect(event('redflags.infection', 'fever', 'en', ['fever'])).toEqual({
      type: 'ANSWER',
      questionId: 'redflags.infection',
      value: ['fever'],
    });
  });
});

describe('what a button press is', () => {
  const press = (asking: QuestionId | null, value: unknown) => understand({ value }, asking, 'en', lexicon);

  it('takes an answer bound to the pending question', () => {
    expect(press('consent', { answer: 'agree', question: 'consent' })).toEqual({
      type: 'ANSWER',
      questionId: 'consent',
      value: 'agree',
    });
  });

  it('takes an answer without a question for the pending one', () => {
    expect(press('consent', { answer: 'agree' })).toEqual({ type: 'ANSWER', questionId: 'consent', value: 'agree' });
  });

  it('calls an answer bound to another question stale, whatever its value', () => {
    expect(press('redflag.urinary_retention', { answer: 'no', question: 'redflag.saddle_anaesthesia' })).toEqual({
      type: 'STALE',
    });
    expect(press(null, { answer: 'no', question: 'redflag.saddle_anaesthesia' })).toEqual({ type: 'STALE' });
  });

  it('reads an empty multi-select submit as "none" only from the pending question’s own card', () => {
    expect(press('redflags.cancer', { question: 'redflags.cancer' })).toEqual({
      type: 'ANSWER',
      questionId: 'redflags.cancer',
      value: [],
    });
    expect(press('redflags.cancer', { question: 'redflags.cancer', answer: '' })).toEqual({
      type: 'ANSWER',
      questionId: 'redflags.cancer',
      value: [],
    });
    expect(press('redflags.cancer', { question: 'redflags.infection' })).toEqual({ type: 'STALE' });
    expect(press('redflags.cancer', { question: 'redflags.infection', answer: '' })).toEqual({ type: 'STALE' });
    expect(press('redflags.cancer', { answer: '' })).toEqual({ type: 'UNREADABLE' });
  });
});
