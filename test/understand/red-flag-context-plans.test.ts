import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../bench/redflag-figures.js';
import type { Language } from '../../src/understand/language.js';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

/** The message's flags are only asked about, as a sign that may come, never an outcome. */
const plannedFor = (text: string, lng: Language, flag: string): void => {
  const d = detect(text, lng);
  expect(d.asked).toContain(flag);
  expect(quiet(d)).toBe(true);
};

// Session 17: a plan for care after an "if" clause ("…, me voy a urgencias", "I go hospital") makes the
// clause a condition the writer is getting ready for, however the plan is worded.
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
  ] as const)('%s %s: "%s"', (lng, flag, text) => plannedFor(text, lng, flag));
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
  ]);

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
