import { describe, expect, it } from 'vitest';
import { detect, emergencyCases, quiet, urgentCases } from '../helpers/red-flag-cases.js';

// Session 14 (rounds en 86, 90–94, es 62, 66–70), without the learned backstop: each new reading beside
// the harmless message it was made for, and review 22's dangerous messages written beside the cues it
// withdrew ("when you say", "pongamos que", "se me arregló", "a mí no me pasa", a relative "con pañales").
describe('idioms that name a sign in passing', () => {
  it('reads embarrassment and the weather as nothing', () => {
    for (const text of [
      "I'm burning up with embarrassment having to talk about my bum with a robot haha",
      "This weather is giving me the chills, can't wait for summer. Leg's about the same.",
    ])
      expect(detect(text, 'en')).toSatisfy(quiet);
    for (const text of [
      'hoy amanecí como si me hubiera atropellado un camión, pero es el cansancio de la mudanza; la pierna igual que ayer',
      'La doctora quiere que adelgace para la espalda',
    ])
      expect(detect(text, 'es')).toSatisfy(quiet);
  });

  emergencyCases([
    [
      'en',
      'major_trauma',
      'Honestly it was like my back got hit by a car. Because it was, I was hit crossing the road yesterday',
    ],
    ['en', 'bilateral_leg_weakness', 'It knocked the legs out from under me twice today, I just dropped to the floor'],
    ['en', 'bilateral_leg_weakness', "Something in my back knocked the legs out from under me, now I can't stand"],
    [
      'es',
      'chest_pain',
      'Siento el corazón en un puño, como si me lo apretaran, y me duele la espalda entre los omóplatos',
    ],
    ['es', 'chest_pain', 'siento el corazon en un puño y me duele el brazo izquierdo y la mandíbula'],
  ]);

  urgentCases([
    ['en', 'fever', 'This cold is giving me the chills and my lower back is killing me'],
    ['en', 'weight_loss', 'Honestly he is wasting away here.'],
    ['en', 'weight_loss', "Dad's wasting away waiting for a bed, skin and bones, hasn't eaten in weeks"],
    ['es', 'weight_loss', 'Mi mujer dice que adelgacé muchísimo este último mes sin hacer dieta'],
    ['es', 'weight_loss', 'El médico dijo que bajé de peso desde la última visita, 8 kilos, sin querer'],
  ]);
});

describe('questions and fears that tell a sign', () => {
  emergencyCases([
    ['en', 'saddle_anaesthesia', 'when you say numb bum do u mean the way mine is completely numb'],
    ['en', 'urinary_retention', "When you say can he pee, no he can't, he hasn't been able to go since lunchtime?"],
    [
      'en',
      'urinary_retention',
      'terrified of ending up like my uncle with a bag i cant pee at all its just not coming',
    ],
    ['en', 'saddle_anaesthesia', 'worried of ending up with cauda equina my bum and privates have gone numb'],
    [
      'en',
      'urinary_incontinence',
      "I'm frightened of ending up like Mum wetting myself without knowing it like I did twice yesterday",
    ],
    ['es', 'urinary_retention', 'cuando dices si mi padre puede orinar, no, no puede, lleva todo el día sin mear?'],
    ['es', 'sexual_dysfunction', '¿contaría que mi marido no siente el pene y no tiene erecciones?'],
    ['es', 'saddle_anaesthesia', 'Pongamos que es la ciática y no siento nada al limpiarme el culo'],
    ['es', 'saddle_anaesthesia', 'Pongamos que exagero un poco tengo el culo y los genitales dormidos'],
  ]);

  urgentCases([
    ['es', 'fever', '¿Qué consideran fiebre? Porque tengo 38 y escalofríos'],
    ['es', 'fever', 'Supón que es un virus tengo fiebre de 39 y la espalda me mata'],
  ]);

  it('answers "¿qué pueden ser?" about signs seen on television as a question', () => {
    const d = detect(
      '¿Los mareos con dolor de panza y espalda a la vez qué pueden ser? Lo pregunto porque lo vi en un programa de la tele.',
      'es',
    );
    expect(d.emergency).toEqual([]);
  });
});

describe('something else that got better, beside a sign', () => {
  emergencyCases([
    ['es', 'urinary_retention', 'No puedo orinar, lo de la pierna se me arregló'],
    ['es', 'bilateral_sciatica', 'Tengo las dos piernas dormidas pero la fiebre se me arregló'],
    ['es', 'urinary_incontinence', 'Me meo encima sin enterarme. Lo demás se me arregló.'],
    ['es', 'urinary_incontinence', 'A mi madre se le escapa la orina y lo de la tensión se le arregló'],
    ['es', 'urinary_retention', 'Mi padre se cayó y no puede orinar desde anoche, ya está en casa bien acostado'],
    ['es', 'urinary_retention', 'Sigo con fiebre de 38 y no puedo orinar; la infección ya curada, eso dijeron'],
  ]);
});

describe("a relative's sign beside the writer's words", () => {
  emergencyCases([
    ['es', 'urinary_incontinence', 'A mi marido se le escapa el pis sin darse cuenta, a mí no me pasa'],
    ['es', 'urinary_retention', 'Mi padre no puede orinar y a mí no me pasa'],
    [
      'es',
      'bilateral_sciatica',
      'Mi padre va con pañales porque se le sale la caca sin darse cuenta y tiene las dos piernas dormidas',
    ],
    [
      'es',
      'urinary_retention',
      'Mi abuela está con pañales porque no controla el pis, y no siente nada cuando la limpio',
    ],
    [
      'es',
      'bilateral_sciatica',
      'A mi marido lo operaron con la raquídea y desde la operación de próstata no siente las dos piernas ni el culo',
    ],
    [
      'es',
      'urinary_retention',
      'mi papá anda con pañales pq no siente cuando hace pipí y tampoco siente las dos piernas',
    ],
  ]);
});

describe('"nada de nada" and "de nada" beside real signs', () => {
  emergencyCases([
    ['es', 'urinary_retention', 'intento mear y nada de nada'],
    ['es', 'urinary_retention', 'voy al baño y nada de nada, ni una gota desde ayer'],
    ['es', 'saddle_anaesthesia', 'no siento el culo, nada de nada'],
    ['es', 'urinary_incontinence', 'me hago pis encima y no me entero de nada'],
    [
      'es',
      'bowel_incontinence',
      'Esta mañana al cambiarme he visto el calzoncillo sucio por detrás y no me había enterado de nada.',
    ],
    ['es', 'bilateral_sciatica', 'Mi madre tiene las piernas dormidas las dos y la fisio nada de nada'],
    ['es', 'bowel_incontinence', 'Se me sale la caca y no me percato de nada'],
  ]);

  urgentCases([['es', 'fever', 'Llevo 3 días con 38,5 de fiebre, el paracetamol nada de nada']]);
});

describe('words from the rounds', () => {
  emergencyCases([
    ['en', 'bilateral_sciatica', 'right leg caught it off the left lol'],
    ['en', 'major_trauma', 'wrote the ute off this arvo backs stuffed'],
    [
      'es',
      'urinary_incontinence',
      'señorita, desde ayer no me doy cuenta cuando me hago, ni lo de adelante ni lo de atrás',
    ],
  ]);

  it('keeps the words narrow: a cold caught, a car written off by the insurer, a bike ride', () => {
    expect(detect('I caught it from lifting the telly, now the right leg is killing me', 'en')).toSatisfy(quiet);
    expect(detect("The insurer wrote the car off after the flood, my back's same as always", 'en')).toSatisfy(quiet);
    expect(
      detect('Tomo corticoides desde hace años y ayer salí a rodar por la montaña con la bici, la ciática igual', 'es')
        .emergency,
    ).toEqual([]);
  });

  it('reads "cáncer de mama" as a history, not a mother, beside a leg that will not lift (rule 2)', () => {
    const d = detect('Tengo cáncer de mama, y la pierna derecha ya no la levanto', 'es');
    expect(d.urgent).toEqual(expect.arrayContaining(['cancer_history', 'progressive_weakness']));
    expect(d.carer).toBe(false);
  });

  it('reads a past told "hace ya 15 años" as past', () => {
    expect(
      detect(
        'Cuando nació mi primera hija, hace ya 15 años, tuve unos meses de escapes de orina. Desde entonces nada.',
        'es',
      ).emergency,
    ).toEqual([]);
  });
});

describe('a resolution told before "but" ends there', () => {
  emergencyCases([
    ['es', 'urinary_retention', 'todo bien pero no puedo mear desde ayer'],
    ['es', 'saddle_anaesthesia', 'la fiebre ya se me quitó pero ahora no siento el culo'],
    ['es', 'urinary_incontinence', 'ya se me quitó, pero desde hoy se me escapa el pis'],
    ['es', 'urinary_retention', 'la fiebre ya se me quito pero ahora no consigo mear, se queda todo ahi dentro'],
  ]);

  it('still reads a sign that went, with "pero" before the resolution, as gone', () => {
    expect(detect('tuve el culo dormido un rato, pero ya se me quitó', 'es')).toSatisfy(quiet);
  });
});

describe('words from rounds en 96–97, es 72–73', () => {
  emergencyCases([
    [
      'es',
      'urinary_incontinence',
      'pos ahora que pregunta, sí, traigo la trusa húmeda todo el día y no sé en qué momento',
    ],
  ]);

  it('reads "nunca he tenido" and care given "sin poder atenderlo bien" as no sign of the writer\'s', () => {
    expect(detect('cáncer nunca he tenido, ni en la familia', 'es')).toSatisfy(quiet);
    expect(
      detect('Mi esposo está con fiebre por una gripa y yo con la ciática sin poder atenderlo bien.', 'es').urgent,
    ).toEqual([]);
  });

  emergencyCases([
    ['en', 'saddle_anaesthesia', 'Sure no feeling down there at all since this morning'],
    ['en', 'saddle_anaesthesia', "I can't feel anything down there since the fall, sure no"],
    ['en', 'chest_pain', 'The hospital bill gave me chest pain for real, tight and going down my left arm'],
    ['es', 'urinary_incontinence', 'Estoy otra vez con pañal como de nena, no controlo el pis'],
    ['es', 'urinary_retention', 'nunca he tenido esto, no puedo mear desde ayer'],
    ['es', 'bilateral_sciatica', 'sin poder caminar bien y con las dos piernas dormidas'],
  ]);
});

describe('a resolution after "but" that only names what went', () => {
  emergencyCases([
    ['en', 'urinary_retention', "I can't pee but the fever's gone now"],
    ['en', 'urinary_incontinence', "I've lost bladder control, but the sharp pain has gone now"],
    ['en', 'saddle_anaesthesia', 'cant feel myself wiping although the pain is a lot better now'],
    ['es', 'urinary_incontinence', 'se me sale el pis, pero el dolor ya se me pasó'],
    ['es', 'bilateral_leg_weakness', 'me fallan las dos piernas, pero la fiebre ya pasó'],
  ]);

  it('still reads a sign that went, "but it went", as gone', () => {
    expect(detect('numb down there for a day, but it went', 'en')).toSatisfy(quiet);
    expect(detect("couldn't feel my bum for a day after the long drive but the numbness went away", 'en')).toSatisfy(
      quiet,
    );
  });
});

describe('"and so did that" carries a resolution after "but" back to the sign', () => {
  it('reads a past sign that went with the ailment as gone', () => {
    expect(
      detect('I leaked a bit of wee every time I coughed with covid, but the covid cleared up and so did that', 'en'),
    ).toSatisfy(quiet);
    expect(detect('se me escapaba el pis tras el parto, pero el dolor ya se me pasó y eso también', 'es')).toSatisfy(
      quiet,
    );
  });

  emergencyCases([['en', 'urinary_retention', "I can't pee, but the fever's gone and so has that headache"]]);
});
