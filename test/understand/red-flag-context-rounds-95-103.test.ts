import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../bench/redflag-figures.js';
import { tokenize } from '../../src/understand/text-normalize.js';
import { detect, emergencyCases, quiet, urgentCases } from '../helpers/red-flag-cases.js';

// Session 15 (rounds en 95, 98–103, es 71, 74–78), without the learned backstop: each new reading beside
// the message it was made for, and review 26's dangerous messages written beside the words it withdrew
// ("nah", "la comadre", "me meo un perro", "sit upon", "nothing to do with me", a spine operation years ago).
describe('idioms and words that only sound like a sign', () => {
  it('reads them as nothing', () => {
    for (const text of [
      'Me left leg goes dead when I sit on the hard pews at Mass for a while, then comes back when I get up',
      "I fell for the oldest trick in the book and lifted the couch on me own. That's what set off the right leg.",
      'my love life is dead lol but thats cos im single not cos of my back 😂',
      'Gave me the shits trying to get my socks on this morning, but done the exercises now',
      'pain goes all the way down to both sides of my ankle, the inside and outside, right leg',
      "I'm paranoid I'll wake up one day and not be able to feel my bottom. Nothing's changed.",
    ])
      expect(detect(text, 'en')).toSatisfy(quiet);
  });

  it('asks nothing of a question about whether to use this chat', () => {
    const d = detect('If I fell off the bike again, would I need to go to A&E or could I just use this?', 'en');
    expect(d.urgent).not.toContain('infection_risk');
    expect(d.emergency).toEqual([]);
  });

  emergencyCases([
    ['en', 'urinary_retention', 'I have been trying to pee for an hour and nothing comes, I cannot pee at all'],
    [
      'en',
      'urinary_retention',
      "Today I noticed I couldn't really feel myself weeing, like it was just happening without the feeling.",
    ],
    ['es', 'bowel_incontinence', 'Mi abuela tiene el dolor, y hoy amaneció ensuciada en la cama, no sintió nada'],
    ['es', 'major_trauma', 'se soltó una viga y me cayó en la espalda, me tiró al suelo'],
  ]);

  it('keeps a cancer history told as over, so a weakening leg beside it is rule 2', () => {
    const cases: [string, 'en' | 'es'][] = [
      ['had lymfoma 10 yrs ago and my right leg is getting weeker evry day', 'en'],
      [
        'tuve cancer de mama hace 6 años, estoy bien de eso. pero ahora la pierna derecha se me esta poniendo flojita',
        'es',
      ],
    ];
    for (const [text, lng] of cases) expect(outcomeOf(detect(text, lng))).toBe('emergency');
  });

  urgentCases([
    ['es', 'progressive_weakness', 'el pie me cachetea el piso cuando camino, cada vez mas'],
    ['en', 'infection_risk', 'had a spinal injection 3 weeks ago and now I have a fever'],
    ['en', 'infection_risk', 'I had a spinal fusion in September, so about 6 weeks ago now'],
  ]);
});

describe('a past that is over', () => {
  it('drops a fever that went', () => {
    for (const text of [
      'la fiebre ya se me pasó hace una semana y el dolor de la pierna izquierda va mejorando de a poquito',
      'Tuve fiebre hace un mes con una gripe, pero fue antes de esto y ya se me pasó. Me duele la pierna izquierda',
      'fiebre?? no q yo sepa, me tome la temperature y 36.7',
    ])
      expect(detect(text, 'es')).toSatisfy(quiet);
  });

  it('still reads "ya se me pasó a la otra pierna" as the other leg', () => {
    expect(detect('me dolía la derecha y ya se me pasó a la otra pierna', 'es').emergency).toContain(
      'bilateral_sciatica',
    );
  });
});

describe('withdrawn after review 26: real signs beside the words tried', () => {
  it('reads a writer who sets their own pain apart as a writer in pain, not a relative aside', () => {
    expect(
      detect("Hello. Me sister is on chemo at the minute so I'm run ragged. Pain goes down me left leg.", 'en').urgent,
    ).toEqual([]);
  });

  emergencyCases([
    ['en', 'bilateral_sciatica', 'nothing to do with me, my brother cant feel his legs, my back hurts though'],
    ['en', 'urinary_incontinence', 'my mum pews herself without knowing now, started today'],
    ['en', 'bilateral_sciatica', 'numbness on both sides of my thigh and between my legs'],
    ['es', 'saddle_anaesthesia', 'no siento nada ahí abajo nah'],
    ['es', 'bilateral_sciatica', 'No siento las piernas. Nah.'],
    ['es', 'bilateral_sciatica', 'la comadre no siente las piernas desde hoy'],
    ['es', 'major_trauma', 'el compadre se cayó del techo hoy y no mueve las piernas'],
    ['es', 'urinary_incontinence', 'me meo, mi perro me mira raro'],
    ['es', 'urinary_retention', 'Mi mamá no puede orinar, la de la ciática soy yo'],
    ['es', 'bilateral_sciatica', 'ya se pasó para la otra pierna'],
    ['es', 'bilateral_sciatica', 'el dolor ya se pasó de una pierna a la otra'],
  ]);

  urgentCases([
    ['en', 'infection_risk', 'Had my spinal fusion in 2025, 6 weeks ago, now the wound is weeping'],
    ['es', 'infection_risk', 'hace 5 años me operaron de la hernia y hace 2 semanas me infiltraron'],
  ]);

  it('leaves soiled things and a foot sat upon alone', () => {
    expect(detect('el baño amaneció ensuciado', 'es')).toSatisfy(quiet);
    expect(detect('my foot goes numb when I sit upon it', 'en').emergency).toEqual([]);
  });
});

describe('rounds en 104 and es 80: replies with a reason, a yes typed with its accent (review 27 narrowed both)', () => {
  emergencyCases([
    [
      'es',
      'bowel_incontinence',
      'uy no, fiebre no. Pero sí le cuento que ya no siento cuándo tengo que ir a hacer del dos, se me ha salido dos veces',
    ],
    ['es', 'saddle_anaesthesia', 'SÍ, tengo la cola y los genitales dormidos desde ayer'],
    ['es', 'bowel_incontinence', 'Fiebre no. Pero Sí le cuento que ya no siento cuándo tengo que ir a hacer del dos'],
    ['en', 'urinary_incontinence', 'no chest pain. but im leaking urin since tuesday wich is not normal for me at all'],
  ]);

  urgentCases([
    ['en', 'infection_risk', 'I inject insulin and speed at weekends'],
    ['es', 'calf_swelling', 'No hice el masaje porque tengo la pantorrilla derecha hinchada, roja y caliente'],
    ['en', 'calf_swelling', "one calf's way puffier than the other n tender. breathing's fine"],
  ]);

  it('marks the accented yes in the tokens, whatever its case, and folds it to "si"', () => {
    const t = tokenize('Sí, SÍ y sí, pero si no, así');
    expect(t.words).toEqual(['si', 'si', 'y', 'si', 'pero', 'si', 'no', 'asi']);
    expect(t.stressedYes).toEqual([true, true, false, true, false, false, false, false]);
  });

  it('still reads an unaccented "si" as a condition', () => {
    expect(detect('si no pudiera orinar, ¿tendría que ir a urgencias?', 'es').emergency).toEqual([]);
  });

  it('keeps "not normal for me to …" a general remark', () => {
    expect(detect("not normal for me to wet the bed, I haven't though", 'en').emergency).toEqual([]);
  });

  it('reads a calf with breathlessness "not normal for me" as rule 4', () => {
    const text =
      "Yes my right calf is swollen and warm. And I'm a bit short of breath going up the stairs which isn't normal for me";
    expect(outcomeOf(detect(text, 'en'))).toBe('emergency');
  });

  it('reads a "no … porque" of a sign not had as a denial still', () => {
    for (const text of [
      'No lo digo porque no pueda orinar, orino bien',
      'no es porque se me escape el pis, es que me duele al sentarme',
      'no pregunto porque se me duerman las dos piernas',
    ])
      expect(detect(text, 'es').emergency).toEqual([]);
  });

  it('reads a "sí" opening its clause as the "si" of a question still', () => {
    for (const text of [
      'sí me llego a hacer pis encima sin darme cuenta, ¿es grave?',
      'sí no puedo orinar en todo el día, ¿voy a urgencias?',
    ])
      expect(detect(text, 'es').emergency).toEqual([]);
  });
});

describe('rounds en 106 and es 82: what was not said before, a bladder that asks for nothing', () => {
  emergencyCases([
    [
      'en',
      'bilateral_sciatica',
      'Fine thanks. Should maybe mention the right leg is doing the same thing as the left now',
    ],
    ['en', 'urinary_retention', "Probably overthinking but I've lost the feeling of needing to go."],
    [
      'en',
      'urinary_retention',
      "She did say she hasn't needed the loo all day, which isn't like her, she's normally up every hour.",
    ],
    ['en', 'saddle_anaesthesia', "what I didn't tell you is I can't feel my bum"],
    [
      'es',
      'major_trauma',
      'Lo que no le había dicho es que todo esto empezó porque me caí de un segundo piso en la obra',
    ],
    ['es', 'bilateral_sciatica', 'no le había dicho que no siento las piernas'],
    ['es', 'urinary_incontinence', 'en la tercera noté que me había mojado, no me di ni cuenta de que se escapaba'],
  ]);

  it('reads a laugh at a name and lightning as a simile as nothing', () => {
    for (const text of [
      "I'm pissing myself at the name 'cat-camel', who comes up with these? Doing it now.",
      "Shooting pain from my bum down to my heel on the right, when I sneeze it's like being struck by lightning.",
    ])
      expect(detect(text, 'en').emergency).toEqual([]);
  });

  it('keeps a correction of what was said a correction (review 28)', () => {
    expect(detect("I haven't said that I wet myself — I said I nearly did but made it", 'en').emergency).toEqual([]);
    expect(
      detect('Yo no he dicho que no pueda orinar, he dicho que me cuesta un poco empezar', 'es').emergency,
    ).toEqual([]);
  });

  emergencyCases([
    ['es', 'bilateral_sciatica', 'cuesta pensar que un día me levanté y ya no sentía las piernas, y así sigo'],
    [
      'es',
      'urinary_incontinence',
      'no puedo dejar de pensar que un día me hice pis encima sin enterarme, y hoy otra vez',
    ],
  ]);

  urgentCases([
    ['en', 'cancer_history', "I'm a cancer, that's why I'm worried about this back pain"],
    ['es', 'cancer_history', 'Soy cancer! me duele la espalda toda la noche'],
  ]);
});

describe('a sign found out late is a sign ("didn\'t realise …"; review 29 kept it to a report that follows)', () => {
  emergencyCases([
    ['en', 'bilateral_sciatica', "I didn't realize both legs were numb until I stood up"],
    ['en', 'saddle_anaesthesia', "I didn't notice I couldn't feel the paper"],
    ['en', 'saddle_anaesthesia', "I haven't told you that I've lost all feeling in my bottom"],
    ['en', 'urinary_retention', "I didn't tell you I can't pee since yesterday"],
    ['es', 'urinary_incontinence', 'no me di cuenta de que me había hecho pis encima'],
    ['es', 'urinary_retention', 'no me daba cuenta de que tenía la vejiga llena'],
  ]);

  urgentCases([['en', 'fever', "I didn't realise I had a fever"]]);

  it('keeps "didn\'t notice anything", "didn\'t notice my legs being weak" a denial', () => {
    expect(detect("I didn't notice my legs being weak at all", 'en').emergency).toEqual([]);
    expect(detect("I didn't notice my dog had peed on the carpet until I stepped in it", 'en').emergency).toEqual([]);
    expect(detect('no me di cuenta de nada raro', 'es')).toSatisfy(quiet);
    expect(detect("I didn't notice anything odd down there", 'en').emergency).toEqual([]);
  });
});
