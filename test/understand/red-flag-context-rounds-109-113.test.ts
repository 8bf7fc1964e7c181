import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../bench/redflag-figures.js';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

// Session 16 (rounds en 109–113, es 85–89), without the learned backstop: each new reading beside the
// message it was made for, and the real signs written beside the same words, which must still count.
// Reviews 30–33: "tell you", "let you know", "te cuento", "le escribo", "le aviso", "I call 911", "llamo al
// 112", "me dice que si", "could turn into", "how high", "the bad kind", "más grave que", "a block of wood",
// "chills down my spine", "until yesterday" and "hasta ayer" were tried and withdrawn: real reports hid behind them.
describe('reports beside words once read as a plan, a question or an idiom', () => {
  emergencyCases([
    ['en', 'urinary_incontinence', 'i ring my daughter if i wet myself which is happening every day now'],
    [
      'en',
      'bilateral_leg_weakness',
      'the doctor asked if both legs were weak and to tell u the truth they both keep buckling',
    ],
    ['en', 'saddle_anaesthesia', 'whether i sit or stand my bum is numb, wanted to let you know'],
    ['en', 'saddle_anaesthesia', "If I still can't feel the toilet paper tomorrow I call an ambulance"],
    ['en', 'bilateral_sciatica', 'it could turn into CES with both my legs numb like this'],
    ['en', 'saddle_anaesthesia', 'my bum feels like a block of wood since this morning'],
    ['en', 'major_trauma', 'was in a card crash yesterday, back pain since'],
    ['es', 'saddle_anaesthesia', 'le escribo porque si me siento no siento nada en el culo'],
    ['es', 'bilateral_leg_weakness', 'te cuento que si me pongo de pie se me doblan las dos piernas'],
    ['es', 'bowel_incontinence', 'me dice que si que se le escapa la caca sin darse cuenta'],
    ['es', 'saddle_anaesthesia', 'mi mama si tiene la zona de abajo dormida, le aviso'],
    ['es', 'urinary_retention', 'te marco luego, si no puedo orinar desde la mañana'],
    ['es', 'saddle_anaesthesia', 'Llamo al 112 si mañana sigo sin sentir nada al limpiarme'],
  ]);

  it('reads "can\'t talk now" as nothing, beside a real sign as that sign', () => {
    expect(outcomeOf(detect('i need to go, cant talk now', 'en'))).toBe('none');
    expect(outcomeOf(detect('tengo ganas de ir pero no puedo hablar ahora', 'es'))).toBe('none');
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

  emergencyCases([
    ['en', 'major_trauma', 'I fell off the roof yesterday, does that count?'],
    ['es', 'major_trauma', 'me caí del techo ayer, ¿eso cuenta?'],
    ['en', 'urinary_retention', 'cant pee, does that count?'],
    ['es', 'saddle_anaesthesia', 'no siento nada al limpiarme, por ejemplo?'],
  ]);
});

describe('signs told in words the lexicons lacked', () => {
  emergencyCases([
    ['es', 'urinary_incontinence', 'la fiebre ya se me quitó, pero el pipí se me sigue saliendo solito'],
    ['es', 'urinary_incontinence', 'la orina me sigue saliendo sola desde ayer'],
    [
      'es',
      'bilateral_leg_weakness',
      'dejé el ejercicio, no me pude levantar del piso, las piernas no me daban, ninguna de las dos',
    ],
    ['en', 'urinary_incontinence', "mid stretch and I realised my trackies were wet. didn't feel it happen at all"],
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

  it("escalates a wife's signs beside the writer's own one-leg pain (review 32 withdrew \"mine's just the one\")", () => {
    const d = detect("My wife cant feel her bum when she wipes and has wet the bed. Mine's just the one leg.", 'en');
    expect(outcomeOf(d)).toBe('emergency');
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

describe('a history given to someone else by a cleft ("el que tuvo cáncer fue mi papá")', () => {
  it("leaves someone else's history, told that way beside the writer's own sciatica, to them", () => {
    const cases: [string, 'en' | 'es'][] = [
      ['no, yo no. el que tuvo cáncer fue mi papá, yo estoy sano, nomás la ciática.', 'es'],
      ['No señora, pantorrilla normal. La que tuvo trombosis fue mi prima después del parto. Yo solo la ciática', 'es'],
    ];
    for (const [text, lng] of cases) expect(outcomeOf(detect(text, lng))).toBe('none');
  });

  // Review 32: present-tense clefts and "… es mi marido" gave the writer's own signs to a relative.
  it("keeps the writer's own signs told beside a relative named at the end", () => {
    const own = detect('Cant pee since this morning and the only one home to drive is my husband', 'en');
    expect(outcomeOf(own)).toBe('emergency');
    expect(own.carer).toBe(false);
    expect(detect('soy yo la que tuvo fiebre anoche, 38.5', 'es').urgent).toContain('fever');
    expect(outcomeOf(detect('yo soy la que tiene la pantorrilla hinchada y me falta el aire', 'es'))).toBe('emergency');
  });
});

// Review 32: "explain …" and "nervous about getting" were withdrawn ("terrified of getting in the shower, legs buckle").
describe('reports after "explain" or "getting"', () => {
  emergencyCases([
    ['en', 'saddle_anaesthesia', 'please explain why I cant feel my bum since yesterday'],
    ['es', 'saddle_anaesthesia', 'me puede explicar por qué no siento nada al limpiarme desde ayer'],
    ['en', 'bilateral_leg_weakness', 'terrified of getting in the shower, both legs buckle'],
    ['en', 'sexual_dysfunction', 'sex wise nothing down there anymore, gone numb'],
  ]);
});

describe('a sign told as new', () => {
  emergencyCases([
    [
      'es',
      'bowel_incontinence',
      'Lo del pis bien. Pero esta mañana me he hecho caca encima sin enterarme, y eso no me había pasado en la vida.',
    ],
    ['es', 'saddle_anaesthesia', 'Pero I feel numb down there, como entre las piernas, y eso no lo tenía antes'],
  ]);

  it('still reads "eso no me ha pasado" after a question as a denial', () => {
    expect(detect('no siento nada al limpiarme? eso no me ha pasado', 'es')).toSatisfy(quiet);
  });
});
