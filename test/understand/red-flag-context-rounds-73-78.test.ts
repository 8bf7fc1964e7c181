import { describe, expect, it } from 'vitest';
import { detect, emergencyCases, quiet } from '../helpers/red-flag-cases.js';

// Review 16 of the reading rules of sessions 11–12 (rounds en 73–78, es 52–55), without the learned
// backstop: the dangerous messages a softening rule swallowed, each beside the harmless case it was for.
describe('review 16: a carer who says the sciatica is theirs', () => {
  emergencyCases([
    ['en', 'urinary_retention', "mine's just the sciatica, my husband can't pee"],
    ['en', 'urinary_incontinence', 'mines only the sciatica, but my wife has wet herself twice today'],
    ['en', 'saddle_anaesthesia', 'im just here about my sciatica, my dad cant feel his bum since this morning'],
    ['en', 'bilateral_sciatica', "I'm only here for my back, my mum can't feel her legs"],
    ['es', 'urinary_retention', 'la de la ciatica soy yo pero mi esposo no puede hacer pipi'],
    ['es', 'bowel_incontinence', 'yo vengo por mi ciática, pero mi mamá no controla la caca desde ayer'],
    ['es', 'bilateral_sciatica', 'la mía es solo ciática, mi papá no siente las piernas'],
  ]);

  it("still reads the relative's past as their history", () => {
    expect(detect("mine's just the sciatica, my husband had a heart attack in 2019", 'en')).toSatisfy(quiet);
  });
});

describe("review 16: the story of a relative's friend ends where the relative is named again", () => {
  emergencyCases([
    ['en', 'urinary_retention', 'my husbands mate drove him home, hubby cant pee'],
    ['en', 'urinary_incontinence', "my mum's friend found her, mum has wet herself"],
    ['en', 'bilateral_sciatica', 'my sons buddy crashed the car with my son in it, son cant feel his legs'],
    ['en', 'urinary_retention', "my husband's colleague drove him home, he can't pee"],
  ]);

  it("keeps the friend's own story someone else's", () => {
    expect(detect("my brother-in-law's friend got paralysed in a crash", 'en').emergency).toEqual([]);
  });
});

describe('review 16: Spanish causes and family words that hid a sign', () => {
  emergencyCases([
    ['es', 'bilateral_sciatica', 'de tanto bailar anoche me caí del escenario y no siento las piernas'],
    ['es', 'bilateral_sciatica', 'de tanto caminar se me durmieron las dos piernas y no se me quitan'],
    ['es', 'urinary_retention', 'de tanto trabajar me dio la ciática y ahora no puedo orinar'],
    ['es', 'urinary_retention', 'por la familia de mi marido, su papá no puede orinar'],
    ['es', 'urinary_retention', 'fui al medico de familia porque no puedo orinar desde ayer'],
  ]);

  it('still reads family history as history', () => {
    expect(detect('en mi familia hay cancer pero yo no tengo nada', 'es')).toSatisfy(quiet);
    expect(detect('el cancer es de familia, mi mama lo tuvo', 'es')).toSatisfy(quiet);
  });
});

describe('review 16: a sign told in the negative after an unrelated denial', () => {
  emergencyCases([
    ['en', 'urinary_retention', "not sleeping and can't pee"],
    ['en', 'saddle_anaesthesia', 'doctor didnt call back and cant feel my bum'],
    ['es', 'saddle_anaesthesia', 'mi medico no me atiende y no siento las nalgas'],
  ]);

  it('keeps Spanish negative concord and a never that reaches the sign', () => {
    expect(detect('Nunca he perdido el control de la vejiga, ni siquiera ahora con esta ciática', 'es')).toSatisfy(
      quiet,
    );
    expect(detect('no tengo problemas con la caca ni con el pipí, solo la pierna', 'es')).toSatisfy(quiet);
  });
});

describe('review 16: plain words for both legs, a bladder and an accident', () => {
  emergencyCases([
    ['en', 'bilateral_leg_weakness', 'neither of my legs work properly now'],
    ['en', 'urinary_incontinence', "I'd gone in my pants and not known"],
    ['en', 'urinary_incontinence', "Dad's gone in the bed and didnt wake"],
    ['en', 'urinary_retention', "my husband's bladder has stopped working"],
  ]);

  it('does not read tablets that do not work, or a US "I about peed", as a sign', () => {
    expect(detect('neither of them work for me, the tablets i mean', 'en')).toSatisfy(quiet);
    expect(detect('I about peed my pants laughing', 'en')).toSatisfy(quiet);
    expect(detect('the leaking has stopped, bladder working fine now', 'en')).toSatisfy(quiet);
  });
});

describe('rounds en 78 / es 55: general readings', () => {
  emergencyCases([
    ['es', 'urinary_incontinence', 'se me ha escapado el pis dos veces hoy y a mí eso no me pasa nunca'],
    ['es', 'saddle_anaesthesia', 'ya no siento el papel cuando me limpio, es raro no?'],
    ['es', 'bilateral_leg_weakness', 'se me fue la fuerza de las dos piernas de golpe'],
    ['en', 'saddle_anaesthesia', "toilet paper feels like it's through a thick towel when I wipe"],
  ]);

  it('reads a sign said to be caused by something, or told to someone, as not theirs', () => {
    expect(detect('a friend told me sciatica can make you incontinent, but no, I am fine', 'en')).toSatisfy(quiet);
    expect(
      detect('el fisio me dijo que si se te escapa el pis, a urgencias. Por ahora solo la pierna', 'es'),
    ).toSatisfy(quiet);
    expect(detect("yes I've lost weight but I'm on Ozempic so that's expected", 'en')).toSatisfy(quiet);
  });

  it('reads "ni con las pastillas" as pain the tablets do not touch', () => {
    expect(detect('el dolor está insoportable, ni con las pastillas se calma', 'es').urgent).toEqual([
      'uncontrolled_pain',
    ]);
  });

  it('reads fever with a foot weakening day by day as both signs of rule 3', () => {
    expect(detect('tengo 39 de fiebre y cada vez me cuesta más mover el pie derecho', 'es').urgent).toEqual([
      'fever',
      'progressive_weakness',
    ]);
  });
});

describe('review 17: cues that must not reach a sign told beside them', () => {
  emergencyCases([
    ['es', 'saddle_anaesthesia', 'Se me ha dormido la vagina. Nunca tuve nada así.'],
    ['es', 'urinary_retention', 'mi marido no puede orinar desde anoche y nunca ha tenido nada de próstata'],
    ['en', 'bilateral_sciatica', 'Taking semaglutide, and both legs went numb and weak this morning'],
    ['es', 'urinary_retention', 'Empecé Mounjaro hace un mes y desde ayer no puedo orinar'],
    ['en', 'saddle_anaesthesia', "been up all night as I can't get comfy and my fanny has gone numb"],
    ['en', 'urinary_retention', "Can't pee since yesterday, had that for years the back pain but not this"],
    ['en', 'urinary_retention', "Amitriptyline can make you retain urine - I haven't been able to pee for 14 hours"],
    ['en', 'bilateral_leg_weakness', "Both legs are weak as piss and keep giving way, can't walk"],
    ['en', 'urinary_incontinence', "Me husbands mate dropped him off, hubby's wet himself"],
    ['es', 'bilateral_leg_weakness', 'Se cayó de la cama y ahora no mueve las piernas'],
  ]);

  it('keeps quiet the cases the narrowed cues were for', () => {
    expect(detect("I've tried ibuprofen and paracetamol for my legs, neither of them work", 'en')).toSatisfy(quiet);
    expect(detect('Hacerme pis encima? eso no me pasa nunca', 'es')).toSatisfy(quiet);
    expect(detect('71. The leaflet says red flags - is a fever one of them?', 'en')).toSatisfy(quiet);
    expect(detect('numb bum, is that bad?', 'en').emergency).toEqual(['saddle_anaesthesia']);
  });
});

describe('review 18: words of recovery, causes and idioms beside a sign told now', () => {
  emergencyCases([
    ['en', 'saddle_anaesthesia', "can't pee and can't feel the toilet paper but I'm right as rain now otherwise"],
    ['en', 'saddle_anaesthesia', 'numbness in my saddle area that I thought would be gone by Monday'],
    ['en', 'urinary_retention', "I've got a numb bum from the bike ride yesterday and I haven't peed since"],
    ['en', 'bilateral_sciatica', 'physio said if it gets worse go to A&E, well both legs are numb now'],
    ['en', 'bilateral_leg_weakness', "legs weak in the knees since the fall, can't walk"],
    ['es', 'saddle_anaesthesia', 'no siento las nalgas y ni me duele'],
    ['es', 'urinary_retention', 'no puedo orinar desde ayer, pero fue por las pastillas creo'],
    ['es', 'saddle_anaesthesia', 'tengo hasta los huevos dormidos desde anoche'],
  ]);

  it('keeps the fever of "qué calentura tengo" for rule 3', () => {
    expect(detect('qué calentura tengo, y el pie se me cae, lo arrastro más cada día', 'es').urgent).toEqual([
      'fever',
      'progressive_weakness',
    ]);
  });

  it('reads L and R that swap as one side at a time', () => {
    expect(detect('the pain swaps L n R some days, never both at once, sciatica', 'en').emergency).toEqual([]);
    expect(detect('7/10. shootin down L n R now', 'en').emergency).toEqual(['bilateral_sciatica']);
  });
});
