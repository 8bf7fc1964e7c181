import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../bench/redflag-figures.js';
import type { Language } from '../../src/understand/language.js';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

/** The message's flag is asked at once (it may be a yes as well as an "if"), never an outcome. */
const plannedFor = (text: string, lng: Language, flag: string): void => {
  const d = detect(text, lng);
  expect(d.possible).toContain(flag);
  expect(d.emergency).toEqual([]);
  expect(d.urgent).toEqual([]);
};

// Session 17: a plan for care after an "if" clause ("…, me voy a urgencias", "I go hospital") makes the
// clause a condition the writer may be getting ready for, however the plan is worded; the sign is asked
// at once, not given an outcome (review 34: an unaccented "si" may be a yes).
describe('a plan for care after an "if" clause', () => {
  it.each([
    ['en', 'chest_pain', 'If chest pain come, I go hospital sharp sharp, no worry'],
    ['en', 'urinary_incontinence', 'OK so if I start losing control of my bladder I call 911, got it.'],
    ['en', 'urinary_retention', 'if i cant pee, a&e'],
    ['en', 'urinary_retention', 'if i cant pee then a&e'],
    [
      'es',
      'urinary_retention',
      'Vale, entendido. Si noto algo raro al limpiarme o no puedo hacer pis, me voy directa a urgencias',
    ],
    [
      'es',
      'bilateral_sciatica',
      'ok gracias, ya me lo apunté: si se me duermen las dos piernas o no controlo el baño, al 911',
    ],
    ['es', 'progressive_weakness', 'ya le dije a mi mujer que si me ve arrastrar el pie me lleve al hospital'],
    ['es', 'fever', 'perfecto, si me sube la fiebre te vuelvo a escribir'],
    ['es', 'calf_swelling', 'okey, entendí lo de la pantorrilla: si se me hincha y me falta el aire, emergencias.'],
    ['es', 'fever', 'Mi esposa dice que si me da fiebre me lleva de una a la clínica.'],
    [
      'es',
      'bowel_incontinence',
      'Apunto lo de las señales: si pierdo el control del pis o de la caca, o se me duerme la entrepierna, urgencias.',
    ],
    // Review 34: an unaccented "si" that may be a yes is asked at once, not read as a plan only.
    ['es', 'saddle_anaesthesia', 'si tengo la cola dormida, voy para el hospital'],
    ['en', 'saddle_anaesthesia', 'if the numbness in my bum spreads to my privates i go to the ER'],
    ['en', 'saddle_anaesthesia', 'my husband says if he sits he cant feel his bottom, we are going to A&E'],
  ] as const)('%s %s: "%s"', (lng, flag, text) => plannedFor(text, lng, flag));

  it('leaves a question with a plan a question ("if I can\'t pee should I go to A&E?")', () => {
    const d = detect("if I can't pee should I go to A&E?", 'en');
    expect(d.asked).toContain('urinary_retention');
    expect(quiet(d)).toBe(true);
  });
});

describe('reports beside a plan', () => {
  emergencyCases([
    // The sign is there now: "still", "sigo".
    ['en', 'saddle_anaesthesia', "If I still can't feel the toilet paper tomorrow I call an ambulance"],
    ['es', 'saddle_anaesthesia', 'si mañana sigo sin sentir nada al limpiarme llamo al 112'],
    // A yes and its comma, or an accented "sí", then the plan.
    ['es', 'urinary_retention', 'si, no puedo orinar, me voy a urgencias'],
    ['en', 'urinary_retention', 'yes, cant pee, im going to a&e'],
    // An onset in the clause.
    ['es', 'urinary_retention', 'si no puedo orinar desde ayer me voy a urgencias'],
    // "If" as "whenever", the sign in the plan's clause or after it.
    ['en', 'saddle_anaesthesia', 'if i sit my bum goes numb so i go to the gp'],
    ['es', 'bilateral_leg_weakness', 'si camino se me doblan las dos piernas y me llevan al hospital'],
    // Review 35: an "if" of politeness ends at its comma; the report after it stands.
    ['en', 'saddle_anaesthesia', "Sorry if this is long, I can't feel my bum and can't pee, going to A&E"],
    [
      'es',
      'urinary_retention',
      'perdón si escribo mal, mi esposo no puede orinar desde la mañana, lo llevamos al hospital',
    ],
    ['en', 'saddle_anaesthesia', "If I'm being totally honest I can't feel my bum at all, going to A&E"],
    ['en', 'saddle_anaesthesia', "Sorry if this is long I can't feel my bum and can't pee going to A&E"],
    [
      'es',
      'urinary_incontinence',
      'disculpe si molesto mi madre se orinó encima dos veces hoy y no se da cuenta, la llevamos a urgencias',
    ],
    // A sign that is there already, told growing.
    ['en', 'saddle_anaesthesia', 'if my bum gets any more numb i call 999'],
    // Review 34: a yes beside the "si", the "if" of a figure of speech, the condition's own terminators.
    ['es', 'urinary_retention', 'si claro no puedo orinar me voy al hospital'],
    ['es', 'urinary_retention', 'ahora si no puedo orinar nada, me voy al hospital'],
    ['en', 'urinary_retention', 'if im honest i cant pee, er, at all'],
    ['es', 'saddle_anaesthesia', 'si te soy sincera, no siento nada al limpiarme, me voy al hospital'],
    ['en', 'saddle_anaesthesia', 'if the pain gets worse and now i cant feel my bum I go to A&E'],
    ['es', 'urinary_retention', 'si me sube la fiebre y ahora no puedo orinar voy a urgencias'],
    ['en', 'urinary_retention', 'if i stil cant pee by tonight i go to A&E'],
  ]);

  it('keeps rule 2 across an "if" of politeness ("Sorry if this is silly, my leg has gone numb")', () => {
    const text = 'Had cancer in 2019. Sorry if this is silly, my leg has gone numb, going to the GP';
    expect(outcomeOf(detect(text, 'en'))).toBe('emergency');
  });

  it('asks rule 2 at once when the leg sign may be a yes ("Tuve cáncer… si se me duerme la pierna voy al médico")', () => {
    const d = detect('Tuve cáncer de mama hace años. si se me duerme la pierna voy al médico', 'es');
    expect(d.urgent).toContain('cancer_history');
    expect(d.possible).toContain('progressive_weakness');
  });

  it('asks a "whenever" sign in a question or in advice, never an outcome (review 35)', () => {
    for (const text of [
      '¿Es grave si toso y se me escapa la orina?',
      'Me dijo que si toso y se me escapa la orina vaya a urgencias',
    ]) {
      const d = detect(text, 'es');
      expect(d.asked).toContain('urinary_incontinence');
      expect(quiet(d)).toBe(true);
    }
  });

  it('reads an accented "sí" before advice as a yes ("Sí tengo fiebre de 39 y me dijeron que vaya a urgencias")', () => {
    expect(detect('Sí tengo fiebre de 39 y me dijeron que vaya a urgencias', 'es').urgent).toContain('fever');
  });

  it('reads advice ending in a destination as no plan of the writer\'s ("me dijeron que vaya a urgencias")', () => {
    expect(detect('si tengo fiebre de 39 y me dijeron que vaya a urgencias', 'es').urgent).toContain('fever');
  });
});

// A "fine" right after a leg, the bladder or a feeling told in the negative says how badly it goes.
describe('"bien", "right" after a failing leg, bladder or feeling', () => {
  emergencyCases([
    ['es', 'bilateral_leg_weakness', 'las piernas no me responden bien'],
    ['en', 'bilateral_leg_weakness', 'my legs wont hold me right'],
    [
      'es',
      'bowel_incontinence',
      'Tengo un problema con el popó, ya no lo controlo bien, se me sale sin sentir desde antier.',
    ],
  ]);

  it('gives rule 2 to a carer\'s mother ("no le responde bien", cancer)', () => {
    const text =
      'A mi mamá le están dando quimio por un cáncer de pulmón y ahora dice que la pierna izquierda no le responde bien, se tropieza a cada rato';
    expect(outcomeOf(detect(text, 'es'))).toBe('emergency');
    expect(detect(text, 'es').carer).toBe(true);
  });

  it('still reads a bare "bien" as a denial, and ordinary sleep or movement as before', () => {
    expect(quiet(detect('¿la pierna débil? no, bien', 'es'))).toBe(true);
    expect(
      quiet(detect('ni fiebre ni nada, nomás el dolor de la pierna que no me deja dormir bien de ese lado', 'es')),
    ).toBe(true);
  });
});
