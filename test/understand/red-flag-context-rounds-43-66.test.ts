import { describe, expect, it } from 'vitest';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

// Reading rules of rounds 43–66 and of reviews 12–13 on their own (no learned backstop), each with the case it must not swallow.
describe('context: a past that is over', () => {
  it('drops a fracture told years ago, but not one weeks ago', () => {
    expect(
      detect('I fractured a vertebra falling off a ladder in 2010, this is a new niggle from running', 'en'),
    ).toSatisfy(quiet);
    expect(detect('I fractured a vertebra 2 weeks ago when I sneezed', 'en').urgent).toEqual(['fragility_fracture']);
  });

  it('reads "I once" and "hace como diez años" as the past', () => {
    expect(
      detect('40. I once wet the bed after a heavy night out at uni, nothing like that now', 'en').emergency,
    ).toEqual([]);
    const d = detect('Hace como diez años tuve ciática en las dos piernas, me operaron y quedé bien', 'es');
    expect(d.emergency).toEqual([]);
  });

  it('reads "ya no" as "no longer": a sign, not its end', () => {
    expect(detect('ya no puedo orinar desde ayer', 'es').emergency).toEqual(['urinary_retention']);
    expect(detect('ya no tengo fiebre, ahora no siento el culo', 'es').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('no siento el culo, ya no tengo fuerza en las piernas', 'es').emergency).toContain(
      'saddle_anaesthesia',
    );
  });

  it('reads a weight put back on as over, but never a crash the writer walked away from', () => {
    expect(
      detect("Lost a bit of weight over winter but that was the flu and I've put it all back on since", 'en'),
    ).toSatisfy(quiet);
    expect(detect('Car crash yesterday, only a few bruises but my back is killing me', 'en').emergency).toEqual([
      'major_trauma',
    ]);
    expect(
      detect('Choqué con el coche ayer, solo unos rasguños pero me duele mucho la espalda', 'es').emergency,
    ).toEqual(['major_trauma']);
  });
});

describe('context: questions and words that only sound like a sign', () => {
  it('asks about "would X be serious?", but keeps a sign told before the question', () => {
    const d = detect('would a tearing pain in the stomach with the back pain be serious?', 'en');
    expect(d.emergency).toEqual([]);
    expect(detect("I can't pee since this morning, would that be serious?", 'en').emergency).toEqual([
      'urinary_retention',
    ]);
  });

  it('does not read a team, a grab or a spasm getting out of a car as a sign', () => {
    expect(detect('Leafs crashed and burned again last night, tweaked my back jumping off the couch', 'en')).toSatisfy(
      quiet,
    );
    const spasm = 'My leg went into a massive spasm getting out of the car and I had to grab the door';
    expect(detect(spasm, 'en').emergency).toEqual([]);
    expect(detect('The car went into a ditch and rolled, my back is killing me', 'en').emergency).toEqual([
      'major_trauma',
    ]);
  });

  it('reads "legs turned to jelly when the boss called" as an idiom, not legs turning to jelly on standing', () => {
    expect(detect('My legs turned to jelly when the boss called me in, pain is the usual', 'en').emergency).toEqual([]);
    const real = detect('My legs turned to jelly when I stood up and I fell', 'en');
    expect([...real.emergency, ...real.possible]).toContain('bilateral_leg_weakness');
  });

  it('reads "no i can feel it fine" as a denial, and "I no can pee" still as a sign', () => {
    expect(detect('cant feel when I wipe?? no i can feel it fine lol', 'en').emergency).toEqual([]);
    expect(detect('I no can pee since morning', 'en').emergency).toEqual(['urinary_retention']);
  });
});

describe('concepts: rounds 43–48', () => {
  emergencyCases([
    [
      'en',
      'major_trauma',
      'I rolled my side-by-side out in the desert two days ago and my back has been screaming since',
    ],
    ['en', 'bowel_incontinence', "I didn't know I'd gone until I smelt it. Back's been bad for a week."],
    ['en', 'urinary_incontinence', 'i keep p-ing myself a lil bit when i stand up, never happened b4'],
  ]);
});

describe("carers: someone else's condition beside the writer's own pain", () => {
  it('asks first when the sign comes with a named condition of theirs, or comes and goes', () => {
    const d = detect(
      "My wife has dementia and is incontinent, I'm her carer, and lifting her is what set off my back.",
      'en',
    );
    expect(d.emergency).toEqual([]);
    expect(d.possible).toContain('urinary_incontinence');
    const es = detect(
      'A mi padre en la residencia le ponen pañal, tiene demencia. Yo le ayudo a moverlo y me he jodido la espalda',
      'es',
    );
    expect(es.emergency).toEqual([]);
  });

  it('still escalates, addressed to the carer, when the sign is told as new or the writer tells no pain of their own', () => {
    const nowNew = detect("My mum has MS and since yesterday she can't feel her bottom, and my back is bad too", 'en');
    expect(nowNew).toMatchObject({ emergency: ['saddle_anaesthesia'], carer: true });
    expect(detect("My dad has dementia and can't pee", 'en')).toMatchObject({
      emergency: ['urinary_retention'],
      carer: true,
    });
    expect(
      detect('Mi papá tiene demencia y desde anoche no puede orinar, yo con la espalda fatal', 'es'),
    ).toMatchObject({
      emergency: ['urinary_retention'],
      carer: true,
    });
  });

  it("does not date the sign by an onset that dates the writer's own pain", () => {
    const d = detect("My husband's incontinent since his stroke, I'm his carer, and now my own back has gone", 'en');
    expect(d.emergency).toEqual([]);
    const told = detect("My husband can't pee since this morning, I'm his carer, and now my own back has gone", 'en');
    expect(told).toMatchObject({ emergency: ['urinary_retention'], carer: true });
  });
});

describe('context: a feeling asked about, given as lessened', () => {
  it('reads "barely", "sort of", "apenas" after a question of feeling as the sign', () => {
    expect(detect('Can you feel the paper when you wipe? Barely.', 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect("Can I feel when I wipe? sort of, it's patchy", 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('¿Puedes sentir el papel al limpiarte? Apenas.', 'es').emergency).toEqual(['saddle_anaesthesia']);
  });

  it('keeps a yes to the question as a yes, whatever degree word follows it', () => {
    const d = detect('Can you feel when you need to pee? yes, a little sore though', 'en');
    expect(d.emergency).toEqual([]);
    expect(detect('¿Puedes sentir el papel? Sí, normal.', 'es').emergency).toEqual([]);
  });
});

// Review 12 tried this session's rules the other way; each of these had lost its emergency to a new rule.
describe("the third review's messages (review 12): this session's rules must not hide them", () => {
  emergencyCases([
    ['en', 'major_trauma', "Fell down the stairs last night, I'm ok thank god but my back is agony"],
    ['en', 'chest_pain', 'I get chest pain when I walk, it goes within 5 mins when I rest'],
    ['en', 'urinary_retention', "My gran is in a care home, she can't pee and her legs are numb, can you help"],
    [
      'en',
      'urinary_incontinence',
      'Lost control of my bladder in the night, fine the next morning but now it has happened again',
    ],
    ['en', 'urinary_retention', "I'd pee myself if I sneezed right now, can't hold it at all since the weekend"],
    ['en', 'urinary_retention', 'Had a few pints last night and now I cant pee at all'],
    ['en', 'saddle_anaesthesia', "I'm 34 weeks into my pregnancy and I can't feel my bum and I'm wetting myself"],
    [
      'en',
      'saddle_anaesthesia',
      "Since my husband passed away I've been on my own and I can't feel my bum when I wipe",
    ],
    ['es', 'saddle_anaesthesia', 'tengo adormecida la entrepierna y el dolor ya no me pasa con nada'],
    ['en', 'saddle_anaesthesia', 'When you say numbness down there do you mean like I cant feel the loo roll at all'],
    ['en', 'urinary_retention', 'I havent been able to pee since last night, no wait, since about 3am'],
    ['en', 'bilateral_leg_weakness', 'Both legs went to jelly when I got up this morning and I fell'],
    ['en', 'bilateral_leg_weakness', 'my knees go weak every time I stand up, both of them'],
    ['en', 'saddle_anaesthesia', 'my bum and privates go dead on me when I sit'],
    ['en', 'major_trauma', 'A van went into us at the lights on Tuesday, since then my back is agony'],
    ['en', 'urinary_retention', 'i no can feel my legs both and no can pee'],
    ['en', 'major_trauma', 'My dad fell off a ladder this morning and now my back is killing me too'],
    ['es', 'urinary_retention', 'Mi marido a veces no puede orinar y lleva todo el día sin poder, y yo tengo ciática'],
    [
      'en',
      'urinary_retention',
      "My husband can't pee, he's been trying on and off all night, and my back is killing me",
    ],
    [
      'en',
      'saddle_anaesthesia',
      "My mum can't feel her bum when she wipes and sometimes wets herself, and I've hurt my back lifting her",
    ],
    [
      'en',
      'urinary_retention',
      "My husband can't pee and his legs are numb. Nothing to do with me, my sciatica is bad too",
    ],
  ]);

  it('does not read "a bit, same as always" after a question of feeling as the sign', () => {
    expect(detect('do you feel when your bladder is full? a bit, same as always', 'en').emergency).toEqual([]);
    expect(detect('¿Puedes sentir cuando tienes ganas de orinar? Más o menos, como siempre', 'es').emergency).toEqual(
      [],
    );
  });
});

describe("someone else's story: the person the writer writes for", () => {
  it('keeps the boss the writer writes for as the person with the pain', () => {
    const boss = 'Le escribo por mi jefa, dice que desde anoche no siente nada en sus partes ni en las pompis';
    expect(detect(boss, 'es')).toMatchObject({ emergency: ['saddle_anaesthesia'], carer: true });
  });
});

// Review 13 tried the last rules the other way; each of these had lost its emergency to one of them.
describe("the fourth review's messages (review 13): the last rules must not hide them", () => {
  emergencyCases([
    ['en', 'saddle_anaesthesia', 'Saw my coach this morning, both legs gone numb since and cant feel it when wiping'],
    ['en', 'urinary_retention', 'Just had the news from the hospital, both legs numb and cant pee'],
    ['es', 'urinary_retention', 'mi jefa no puede orinar desde anoche y le duele mucho la espalda'],
    ['en', 'bilateral_sciatica', 'Started off only in my left leg but now both legs'],
    ['es', 'bilateral_sciatica', 'Empezó solo en la derecha pero ahora las dos piernas'],
    ['en', 'bilateral_sciatica', 'both legs tingling since last night. the weakness is only on the right side'],
  ]);
});

describe('both legs, and one leg told elsewhere', () => {
  it('asks about both legs when another clause says the leg pain is only one-sided', () => {
    const d = detect('Both legs going numb was my big fear after reading about CES but no, still only the left', 'en');
    expect(d).toMatchObject({ emergency: [], possible: ['bilateral_sciatica'] });
    const es = detect('sí me dolían las dos piernas un par de días, pero ya hace semanas que es solo la derecha', 'es');
    expect(es.emergency).toEqual([]);
  });

  it('keeps both legs at once when the one-sided leg is in the past or in the same clause', () => {
    const before = 'Both legs have gone numb since this morning, before it was only the right leg';
    expect(detect(before, 'en').emergency).toContain('bilateral_sciatica');
    expect(detect('pain going down both legs now, it used to be only the left', 'en').emergency).toEqual([
      'bilateral_sciatica',
    ]);
  });
});
