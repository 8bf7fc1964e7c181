import { describe, expect, it } from 'vitest';
import { detect, emergencyCases, quiet, urgentCases } from '../helpers/red-flag-cases.js';

// Session 13 (rounds en 83–87, es 60–63), without the learned backstop: each reading rule beside the
// harmless message it was made for, and review 19's dangerous messages written beside the new cues.
describe('a clause that only names what went: the pain, the fever, an ailment', () => {
  emergencyCases([
    ['en', 'saddle_anaesthesia', "I can't feel my bum when I wipe, the back pain's gone now"],
    ['en', 'urinary_retention', "cant pee since last night, the fever's gone now"],
    ['en', 'bilateral_sciatica', 'both legs numb since this morning, temp has been normal for days'],
    ['en', 'urinary_retention', "I can't pee since last night and my bum is numb. The headache is gone now."],
    ['en', 'saddle_anaesthesia', "Numb between my legs since yesterday. The cold's gone now."],
    ['es', 'saddle_anaesthesia', 'no siento el culo, la fiebre ya se me pasó'],
    ['es', 'urinary_retention', 'no puedo orinar desde ayer, el dolor de espalda ya se me quitó'],
  ]);

  it('still reads a sign that went as gone', () => {
    expect(
      detect("I had a fever last week with a cold but it's gone now, temp's been normal for days", 'en'),
    ).toSatisfy(quiet);
    expect(detect('numb down there for a day after the ride, long gone', 'en').emergency).toEqual([]);
  });
});

describe('a reply that opens with a yes and a comma', () => {
  urgentCases([
    [
      'es',
      'calf_swelling',
      'Sí, la pantorrilla derecha está hinchada y roja. No, respiro normal y no me duele el pecho.',
    ],
  ]);

  it('is not answered by the next "no", but "Si …" (if) still is', () => {
    expect(
      detect('Si me cuesta orinar... no, no, eso está bien. Tengo 70 años y la próstata controlada.', 'es'),
    ).toSatisfy(quiet);
  });
});

describe('if, and the care the writer knows to seek', () => {
  it('reads "if … I know to go to the ER" as hypothetical', () => {
    expect(
      detect(
        'If I lose control of my bladder I know to go to the ER, they told us at the clinic. Right now all good',
        'en',
      ),
    ).toSatisfy(quiet);
    expect(detect("I know if it goes into both legs I need to go to the ER. it hasn't", 'en')).toSatisfy(quiet);
    expect(
      detect('Si pierdo el control de la orina ya sé que toca ir a urgencias. Por ahora todo bien', 'es'),
    ).toSatisfy(quiet);
  });

  emergencyCases([
    ['en', 'bilateral_sciatica', 'The 111 nurse told me to go to A&E if it spread to both legs. Well, it has.'],
    ['en', 'urinary_retention', "The leaflet says if you can't pee go to A&E and I haven't peed for 12 hours"],
    ['en', 'saddle_anaesthesia', 'Not sure if numb bum and leaking wee means I need to go to A&E'],
    ['en', 'bowel_incontinence', "Wondering if I need to go to the ER as I've lost control of my bowels twice today"],
    ['en', 'urinary_retention', 'Even if I push nothing comes out when I try to pee, I know to go to the ER for that'],
    [
      'es',
      'urinary_retention',
      'El folleto pone que si no puedes orinar vayas a urgencias y llevo 12 horas sin poder orinar',
    ],
    [
      'es',
      'urinary_incontinence',
      'a ver si puedo ir a urgencias que tengo las dos piernas dormidas y no controlo el pis',
    ],
  ]);

  urgentCases([['es', 'fever', 'Sí tengo fiebre de 39 y me dijeron que vaya a urgencias']]);
});

describe('words that say a sign is new', () => {
  emergencyCases([
    [
      'en',
      'urinary_incontinence',
      "my wife is leaking wee since Saturday, she's never had that, her sciatica flared up on the Friday",
    ],
    [
      'en',
      'urinary_retention',
      "no fever. i keep going to the bathroom and nothing happens, i can't tell if my bladder's full or not, like the signal's gone",
    ],
    ['es', 'urinary_incontinence', 'Me hice pis encima en la calle, a mi edad, jamás'],
    ['es', 'urinary_retention', 'no puedo hacer pis desde ayer, jaja, ahora qué hago'],
  ]);

  it('asks about leaks that did not happen before, rather than reading them as history', () => {
    expect(
      detect("kinda? like little leaks when I stand up that didn't happen before the back thing", 'en').possible,
    ).toContain('urinary_incontinence');
  });
});

describe('concepts: signs in words the lexicons lacked', () => {
  emergencyCases([
    ['en', 'saddle_anaesthesia', "The wife and I tried last night and I'd no feeling in me bits at all."],
    ['en', 'saddle_anaesthesia', 'since yesterday my bum and the bits in between feel numb'],
    ['en', 'sexual_dysfunction', "my pecker ain't worked since this started"],
    ['en', 'urinary_retention', "I've been stood at the toilet for ages an nae wee will come oot"],
    ['en', 'major_trauma', 'slipped on ice and went down a whole flight of concrete steps, landed on my lower back'],
    ['es', 'bilateral_leg_weakness', 'al bajar del coche las piernas no me sostenían, ninguna de las dos'],
    ['es', 'major_trauma', 'me tiré a la piscina y me di con la espalda contra el fondo, muy fuerte'],
    ['es', 'bowel_incontinence', 'he visto el calzoncillo sucio por detrás y no me había enterado de nada'],
  ]);
  urgentCases([
    ['en', 'weight_loss', 'yes, down 7 kilos in two months and not trying, just not hungry'],
    ['es', 'upper_back_pain', 'el pain más fuerte is up here, entre las shoulder blades'],
  ]);
});

describe('words that only look like a sign', () => {
  it('reads greetings, common words and idioms as nothing', () => {
    expect(detect('hla buenas, tengo ciatica hace 10 dias, q ejercicios puedo hacer?', 'es')).toSatisfy(quiet);
    expect(
      detect('9. la pierna derecha es puro calambre de la nalga al talón, no aguanto parado ni 10 minutos', 'es')
        .emergency,
    ).toEqual([]);
    expect(
      detect("about a 4. the Pats game nearly gave me a heart attack last night lol but back's the same", 'en'),
    ).toSatisfy(quiet);
    expect(
      detect("the consultant said my MRI looks like a car crash lol but it's only ever the one leg", 'en').emergency,
    ).toEqual([]);
    expect(detect('lol i was cryin laughin so hard i thought id pee myself, anyway backs ok today', 'en')).toSatisfy(
      quiet,
    );
  });
});

// Review 20: what the withdrawals of session 13 keep.
describe('review 20: a sign confirmed after "if", and words that hid real signs', () => {
  emergencyCases([
    ['en', 'bilateral_sciatica', 'told me if both legs went numb to get to hospital. they are now.'],
    ['en', 'bilateral_sciatica', 'The nurse said to call back if it spread to both legs. It has.'],
    ['en', 'bilateral_leg_weakness', "after giving blood both my legs went weak and they're still weak two days later"],
    ['en', 'saddle_anaesthesia', "dad's got numb privates and he's wet himself, not me, I just have sciatica"],
    ['es', 'urinary_incontinence', 'mi abuela está en los 70, se le escapa el pis y no siente el culo'],
    ['es', 'bowel_incontinence', 'me he cagado en todo el pantalón sin enterarme'],
  ]);
  urgentCases([['en', 'fever', 'after donating blood i got a fever of 39 and my back is agony']]);

  it('asks about a relative\'s sign followed by "a mí no," (not read as its denial)', () => {
    const d = detect(
      'a mi papá se le durmieron las dos piernas y se hizo caca encima, a mí no, yo solo la ciática',
      'es',
    );
    expect(d.possible).toContain('bowel_incontinence');
  });

  it('still reads "a mí no me pasó nada" as a denial', () => {
    expect(
      detect('me chocaron el carro en el parking del doctor, a mí no me pasó nada, nomás al carro', 'es').emergency,
    ).toEqual([]);
  });
});

describe('rounds en 88 / es 64: replies with a sign of their own, and words that only look like one', () => {
  emergencyCases([
    ['es', 'urinary_retention', 'si. no me sale el pee bien, se me tranca, tengo q esperar como 5 min pa q salga algo'],
    [
      'es',
      'bilateral_sciatica',
      'la otra pierna se ha unido a la fiesta, ahora tengo dos ciáticas por el precio de una',
    ],
    ['es', 'major_trauma', 'a mi hijo lo tumbó una moto ayer y se pegó duro en la espalda'],
    ['en', 'bilateral_sciatica', 'the guy next to me at work fell and now both my legs are numb'],
  ]);

  it("reads a stranger's story and a hypothetical as nothing", () => {
    expect(detect('si se me llega a pasar a la otra pierna te aviso, por ahora solo la derecha', 'es')).toSatisfy(
      quiet,
    );
  });
});

describe('rounds en 89 / es 65: a recent month is not history, a red light is not a sign that went', () => {
  urgentCases([
    ['en', 'weight_loss', "I've dropped nearly a stone this last month and I'm not dieting or anything"],
    ['en', 'fever', "in the last month I've had a fever on and off"],
  ]);
  emergencyCases([
    ['es', 'major_trauma', 'me dieron un madrazo en la moto, un carro se pasó el alto y salí volando'],
    ['es', 'major_trauma', 'a mi hermano le cayó una viga encima en la obra, le pegó en la espalda'],
  ]);

  it('reads football fever as an idiom', () => {
    expect(detect('Buenas, ando con fiebre mundialista por la Selección pero la ciática no me deja', 'es')).toSatisfy(
      quiet,
    );
  });
});

describe('review 21: cues withdrawn or narrowed because they hid a sign beside them', () => {
  emergencyCases([
    ['en', 'bilateral_sciatica', 'My mate was behind me on the ladder when both legs went dead.'],
    ['en', 'bilateral_sciatica', "I can't feel both feet on the ground, they're completely numb."],
    [
      'en',
      'urinary_incontinence',
      "Is it easing off? I've wet myself twice today without feeling it, so not a bit of it.",
    ],
    ['es', 'bilateral_sciatica', '¿Mejorando? Se me duermen las dos piernas, así que no.'],
    ['es', 'urinary_retention', 'Llevo dos días sin poder hacer pis y el único que me hace caso es el perro.'],
    ['es', 'urinary_incontinence', 'Es cuando me agacho que no controlo el pis.'],
  ]);

  it('reads "¿Es cuando…?" as a question only with its question mark', () => {
    expect(
      detect('¿Qué quiere decir retención de orina? ¿Es cuando te estás meando y no llegas al váter?', 'es'),
    ).toSatisfy(quiet);
  });

  it('keeps everyday knocks out of major trauma', () => {
    expect(detect('Se me cayó una caja encima del pie, un moretón, nada más', 'es').emergency).toEqual([]);
  });
});
