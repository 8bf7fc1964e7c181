import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../bench/redflag-figures.js';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

// Session 16 (rounds en 109–111, es 85–87), without the learned backstop: each new reading beside the
// message it was made for, and the real signs written beside the same words, which must still count.
describe('a plan for a sign that may come', () => {
  it('reads "if …, I call 911 / llamo al 911" as a hypothetical, not a report', () => {
    const cases: [string, 'en' | 'es'][] = [
      ['OK so if I start losing control of my bladder I call 911, got it. Nothing like that so far.', 'en'],
      ['if I get chest pain llamo al 911, pero no, no tengo nada de eso', 'es'],
    ];
    for (const [text, lng] of cases) expect(detect(text, lng)).toSatisfy(quiet);
  });

  // Review 30: "tell you", "let you know", "te cuento", "le escribo", "me dice que si" withdrawn; an "if"
  // or a "si" in a report is often "whenever" or an unaccented yes.
  emergencyCases([
    ['en', 'urinary_incontinence', 'i ring my daughter if i wet myself which is happening every day now'],
    [
      'en',
      'bilateral_leg_weakness',
      'the doctor asked if both legs were weak and to tell u the truth they both keep buckling',
    ],
    ['en', 'saddle_anaesthesia', 'whether i sit or stand my bum is numb, wanted to let you know'],
    ['en', 'bilateral_sciatica', 'every evening the pain will turn into numbness down both legs'],
    ['en', 'saddle_anaesthesia', 'my bum feels like a block of wood since this morning'],
    ['en', 'major_trauma', 'was in a card crash yesterday, back pain since'],
    ['es', 'saddle_anaesthesia', 'le escribo porque si me siento no siento nada en el culo'],
    ['es', 'bilateral_leg_weakness', 'te cuento que si me pongo de pie se me doblan las dos piernas'],
    ['es', 'bowel_incontinence', 'me dice que si que se le escapa la caca sin darse cuenta'],
    ['es', 'saddle_anaesthesia', 'mi mama si tiene la zona de abajo dormida, le aviso'],
    ['es', 'urinary_retention', 'te marco luego, si no puedo orinar desde la mañana'],
  ]);
});

describe('questions and idioms', () => {
  it('reads idioms as nothing', () => {
    const cases: [string, 'en' | 'es'][] = [
      ["Got a proper shiver down my spine reading about cauda equina online. For the record I'm fine.", 'en'],
      ['¿El dolor en las dos piernas es peor señal que en una sola?', 'es'],
      ['i need to go, cant talk now', 'en'],
      ['tengo ganas de ir pero no puedo hablar ahora', 'es'],
    ];
    for (const [text, lng] of cases) expect(outcomeOf(detect(text, lng))).toBe('none');
  });

  emergencyCases([
    ['en', 'urinary_retention', "I need to go but can't, can't talk now, off to A&E"],
    ['es', 'urinary_retention', 'no puedo orinar, no puedo hablar ahora, voy a urgencias'],
    [
      'es',
      'urinary_retention',
      'oye te mando esto por voz porque no puedo escribir mucho es que desde ayer no orino nada nada',
    ],
  ]);
});

describe('signs told in words the lexicons lacked', () => {
  emergencyCases([
    ['es', 'urinary_incontinence', 'la fiebre ya se me quitó, pero el pipí se me sigue saliendo solito'],
    [
      'es',
      'bilateral_leg_weakness',
      'dejé el ejercicio, no me pude levantar del piso, las piernas no me daban, ninguna de las dos',
    ],
    ['es', 'chest_pain', 'me duele adelante, en el medio de las lolas, como que me oprime, y me sale para la espalda'],
    ['en', 'chest_pain', 'sharp pain between my boobs going through to my back'],
    ['en', 'urinary_incontinence', "mid stretch and I realised my trackies were wet. didn't feel it happen at all"],
    [
      'es',
      'bilateral_leg_weakness',
      'le escribo por mi abuelo. hoy ya no puede caminar solo, se le aflojan las dos piernas, y eso que la ciática la tiene hace meses y caminaba normal hasta ayer',
    ],
  ]);

  it('reads "me falta un poco el aire" beside a swollen hot calf as rule 4', () => {
    const d = detect(
      'paré el masaje porque la pantorrilla está como un globo y caliente. y sí, me falta un poco el aire',
      'es',
    );
    expect(d.urgent).toContain('calf_swelling');
    expect(d.breathless).toBe(true);
    expect(outcomeOf(d)).toBe('emergency');
  });

  it('still reads a denial of both legs as a denial', () => {
    for (const text of [
      '¿debilidad en las dos piernas? no, ninguna de las dos',
      'no tengo hormigueo en las piernas, ninguna de las dos',
    ])
      expect(detect(text, 'es')).toSatisfy(quiet);
    expect(detect('numbness in both legs? no, neither of them', 'en')).toSatisfy(quiet);
  });
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
