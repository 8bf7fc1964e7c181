import { describe, expect, it } from 'vitest';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

// Reading rules of rounds 43–48 on their own (no learned backstop), each with the case it must not swallow.
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

  it('reads "ya no me pasa" after a sign as over, but not a sign told after it', () => {
    const over = 'se me escapaba el pis al toser pero con los ejercicios ya no me pasa';
    expect(detect(over, 'es').emergency).toEqual([]);
    const after = 'se me escapaba el pis pero ya no me pasa, ahora no siento nada al limpiarme';
    expect(detect(after, 'es').emergency).toEqual(['saddle_anaesthesia']);
    // "ya no" alone is "no longer": a sign, not its end.
    expect(detect('ya no puedo orinar desde ayer', 'es').emergency).toEqual(['urinary_retention']);
    expect(detect('ya no tengo fiebre, ahora no siento el culo', 'es').emergency).toEqual(['saddle_anaesthesia']);
  });

  it('reads a weight put back on, and a crash someone walked away from, as over', () => {
    expect(
      detect("Lost a bit of weight over winter but that was the flu and I've put it all back on since", 'en'),
    ).toSatisfy(quiet);
    const son =
      'My son crashed his motorbike yesterday, he is ok thank God, only scratches. I am the one with sciatica';
    expect(detect(son, 'en').emergency).toEqual([]);
    expect(detect('mi hermano chocó el carro ayer pero no le pasó nada', 'es').emergency).toEqual([]);
  });
});

describe('context: questions and words that only sound like a sign', () => {
  it('asks about "would X be serious?" and "when you say X", but keeps a sign told before the question', () => {
    const d = detect('would a tearing pain in the stomach with the back pain be serious?', 'en');
    expect(d.emergency).toEqual([]);
    expect(
      detect('My pain is 7. When you say numb when wiping, how would I even notice that?', 'en').emergency,
    ).toEqual([]);
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
    const ms = detect(
      "my sister has MS and some days can't feel her legs, but mine is just sciatica in the right leg",
      'en',
    );
    expect(ms).toMatchObject({ emergency: [], possible: ['bilateral_sciatica'] });
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
