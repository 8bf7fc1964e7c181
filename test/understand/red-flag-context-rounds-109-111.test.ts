import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../bench/redflag-figures.js';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

// Session 16 (rounds en 109–111, es 85–87), without the learned backstop: each new reading beside the
// message it was made for, and the real signs written beside the same words, which must still count.
describe('a plan for a sign that may come', () => {
  it('reads "if …, I will call / I tell you" as a hypothetical, not a report', () => {
    const cases: [string, 'en' | 'es'][] = [
      ['OK so if I start losing control of my bladder I call 911, got it. Nothing like that so far.', 'en'],
      ['if I get chest pain llamo al 911, pero no, no tengo nada de eso', 'es'],
      ['ok, entendido, si me empieza a doler la otra pierna le aviso. por ahorita nomás la derecha.', 'es'],
      ['Listo. Y tranquila que si me da fiebre o algo raro yo le escribo de una.', 'es'],
      ['Anotado lo del gemelo: si se hincha o se pone rojo, te aviso. Por ahora está igual que el otro.', 'es'],
    ];
    for (const [text, lng] of cases) expect(detect(text, lng)).toSatisfy(quiet);
  });

  emergencyCases([
    ['en', 'urinary_retention', "I can't pee since last night, I call 911 now or what"],
    ['en', 'saddle_anaesthesia', 'I have to tell you I cant feel my bum when I wipe since this morning'],
    ['es', 'urinary_retention', 'le aviso que no puedo orinar desde ayer'],
    ['es', 'urinary_retention', 'mi esposa me dice que sí, que no puede orinar desde ayer'],
    ['es', 'saddle_anaesthesia', 'te cuento que no siento nada entre las piernas desde anoche'],
  ]);
});

describe('questions and idioms', () => {
  it('answers a question about what counts, or which kind is worrying, with no flag', () => {
    const cases: [string, 'en' | 'es'][] = [
      ['how high does a temp have to be to count as a fever for this', 'en'],
      ['Which back pain is the worrying kind, low down or up between the shoulder blades?', 'en'],
      ['¿El dolor en las dos piernas es peor señal que en una sola?', 'es'],
    ];
    for (const [text, lng] of cases) expect(outcomeOf(detect(text, lng))).toBe('none');
  });

  it('reads idioms and names of leaflets as nothing', () => {
    const cases: [string, 'en' | 'es'][] = [
      ["Got a proper shiver down my spine reading about cauda equina online. For the record I'm fine.", 'en'],
      ['My left leg feels DEAD. Like a block of wood from the knee down. Just that one leg.', 'en'],
      ["The GP gave me the cauda equina card and it's stuck on the fridge. Nothing on it applies to me.", 'en'],
      ['Me he cagado en todo cuando me ha dado el pinchazo al agacharme, pero ya está, ejercicio hecho.', 'es'],
    ];
    for (const [text, lng] of cases) expect(detect(text, lng)).toSatisfy(quiet);
  });

  emergencyCases([
    ['en', 'saddle_anaesthesia', "got the cauda equina leaflet but I can't feel my bum now"],
    ['es', 'bowel_incontinence', 'me he cagado en todo el pantalón y no me di cuenta'],
  ]);
});

describe("someone else's flags that meet a combination rule", () => {
  it('escalates them for the carer even beside the writer’s own pain (rules 2 and 4)', () => {
    const cases: [string, 'en' | 'es'][] = [
      [
        'Mi mamá tuvo cáncer de pulmón, está en control. Ahora con esta ciática el pie derecho se le arrastra, cada día un poco peor.',
        'es',
      ],
      ["my wife's calf is swollen and she's short of breath, my sciatica is flaring", 'en'],
    ];
    for (const [text, lng] of cases) {
      const d = detect(text, lng);
      expect(outcomeOf(d)).toBe('emergency');
      expect(d.carer).toBe(true);
    }
  });

  it("leaves someone else's history alone beside the writer's own sciatica", () => {
    expect(outcomeOf(detect('my dad had prostate cancer years ago. I have sciatica in my left leg.', 'en'))).toBe(
      'none',
    );
  });
});
