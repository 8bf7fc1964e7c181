import { describe, expect, it } from 'vitest';
import { detect, quiet } from '../helpers/red-flag-cases.js';

// Reading rules of session 10 (rounds en 67–70, es 51) on their own (no learned backstop), each with the case it must not swallow.
describe('context: a denied cue', () => {
  it('reads an idiom cue that is denied ("not from laughing") as the plain sign', () => {
    expect(detect('I wet myself at the bus stop, and not from laughing', 'en').emergency).toEqual([
      'urinary_incontinence',
    ]);
    expect(detect("leaked in my jeans today, wasn't even laughing", 'en').emergency).toEqual(['urinary_incontinence']);
    expect(detect('me hice pis encima y no fue de risa', 'es').emergency).toEqual(['urinary_incontinence']);
    // The idiom itself is still an idiom.
    expect(detect('I nearly wet myself laughing at the physio', 'en')).toSatisfy(quiet);
  });

  it('does not read a denial that begins a sign\'s own words ("never felt it") as a bare "never"', () => {
    expect(detect('Dad has soiled his trousers and says he never felt it', 'en').emergency).toEqual([
      'bowel_incontinence',
    ]);
    for (const text of ['Numb bum? never', 'no, never felt it', 'cant pee? never had that'])
      expect(detect(text, 'en'), text).toSatisfy(quiet);
  });

  it('reads "didn\'t used to" as new, not as the past', () => {
    expect(detect("I'm leaking pee when I stand up, I didn't used to", 'en').emergency).toEqual([
      'urinary_incontinence',
    ]);
    expect(detect('I used to leak pee after my second baby, years ago', 'en').emergency).toEqual([]);
  });
});

describe('context: an echoed question and its yes', () => {
  it('reads "calf? yeah, swollen" as one sentence', () => {
    expect(detect("calf? yeah the right one's swollen and warm", 'en').urgent).toEqual(['calf_swelling']);
    const d = detect("calf? yes it's swollen and red. and I get out of breath on the stairs now", 'en');
    expect(d.urgent).toContain('calf_swelling');
    expect(d.breathless).toBe(true);
  });

  it('does not join an echo to a denial, nor a long question to the next sentence', () => {
    expect(detect("calf? no, it's not swollen", 'en')).toSatisfy(quiet);
    expect(
      detect('is it normal to get a sore calf after walking the dog up the hill? yes it was a long walk', 'en').urgent,
    ).toEqual([]);
  });
});

describe('pain that is only severe', () => {
  it('does not read "worst pain of my life" or "10 de 10" alone as pain out of control (CLINICAL §2d)', () => {
    expect(detect('worst pain of my life down the left leg but the tablets help', 'en')).toSatisfy(quiet);
    expect(detect('10 de 10, pero con el ibuprofeno baja y camino', 'es')).toSatisfy(quiet);
    expect(detect("worst pain of my life and the tablets aren't touching it", 'en').urgent).toEqual([
      'uncontrolled_pain',
    ]);
    expect(detect('el peor dolor de mi vida, no lo aguanto', 'es').urgent).toEqual(['uncontrolled_pain']);
  });
});

describe('review 14: carers and plain words the first rules of the session swallowed', () => {
  it('still escalates a carer who says something of their own after the sign', () => {
    expect(
      detect("My wife has wet the bed and can't feel down below. I'm not with her, I'm at work", 'en').emergency,
    ).toEqual(['saddle_anaesthesia', 'urinary_incontinence']);
    expect(
      detect("My daughter fell off her horse and landed on her back. I'm not sure if it's A&E", 'en').emergency,
    ).toEqual(['major_trauma']);
    const d = detect("my husband has a fever of 39 and his foot is dragging, I'm not a nurse so no idea", 'en');
    expect(d.urgent).toEqual(expect.arrayContaining(['fever', 'progressive_weakness']));
    expect(detect('Mi hijo tiene fiebre de 39 y la pierna cada vez más débil, yo no soy médico', 'es').urgent).toEqual(
      expect.arrayContaining(['fever', 'progressive_weakness']),
    );
  });

  it('reads "a wee accident", "with the fright" and "I thought I had" plainly', () => {
    expect(detect("Mum had a wee accident in her chair and didn't notice", 'en').emergency).toEqual([
      'urinary_incontinence',
    ]);
    expect(detect('fell off the ladder from about 12 feet, nearly died with the fright', 'en').emergency).toEqual([
      'major_trauma',
    ]);
    expect(detect("I thought I had wet myself and I had, didn't feel a thing", 'en').emergency).toEqual([
      'urinary_incontinence',
    ]);
  });

  it('keeps severe pain that the usual pain relief does not settle', () => {
    for (const text of [
      'worst pain of my life even on co-codamol',
      'worst pain of my life, been lying on the floor all night',
      "worst pain of my life, I'm on max dose naproxen and tramadol",
    ])
      expect(detect(text, 'en').urgent, text).toEqual(['uncontrolled_pain']);
    expect(detect('10 de 10 y eso que tomo tramadol', 'es').urgent).toEqual(['uncontrolled_pain']);
  });
});

describe('words that only sound like a sign, and a named sign asked about', () => {
  it('reads "nearly wet myself" and potty training as idioms', () => {
    expect(detect('I nearly peed my pants when the bill came', 'en')).toSatisfy(quiet);
    expect(detect('the toddler is potty training so the only accidents are hers', 'en')).toSatisfy(quiet);
    expect(detect('I peed my pants on the bus, not even close to laughing', 'en').emergency).toEqual([
      'urinary_incontinence',
    ]);
  });

  it('asks about "what\'s cauda equina" as a question, in SMS spelling too', () => {
    for (const text of ["what's cauda equina, my friend mentioned it", 'wats cauda equina?']) {
      const d = detect(text, 'en');
      expect(d.emergency, text).toEqual([]);
      expect(d.asked, text).toEqual(['saddle_anaesthesia']);
    }
  });

  it('reads "me ma" and "me da" as the writer\'s parent', () => {
    expect(detect("me da can't pee since this morning", 'en')).toMatchObject({
      emergency: ['urinary_retention'],
      carer: true,
    });
  });
});

describe('rules 2–4: a partner told now', () => {
  it('asks at once about a swollen calf raised as a question beside breathlessness told now', () => {
    const d = detect('can I massage my calf if it is swollen and red? I have been short of breath all day', 'en');
    expect(d.possible).toContain('calf_swelling');
    expect(d.breathless).toBe(true);
    expect(detect('can I massage my calf if it is swollen and red?', 'en').possible).toEqual([]);
  });

  it('reads Scots spelling of fever with a weakening foot as rule 3', () => {
    const d = detect("been shakin wi cold all night and the foot's getting floppier, can't lift the toes", 'en');
    expect(d.urgent).toEqual(expect.arrayContaining(['fever', 'progressive_weakness']));
  });
});

describe('regional words of rounds 71–72 and es 51', () => {
  it('reads Scots and US words for a crash, the other leg and numbness', () => {
    expect(detect('the quad cowped on the hill and landed on me', 'en').emergency).toEqual(['major_trauma']);
    expect(detect('rolled the four-wheeler in the creek Sunday, back is killing me', 'en').emergency).toEqual([
      'major_trauma',
    ]);
    expect(detect("an noo the ither leg's started tinglin since yesterday", 'en').emergency).toEqual([
      'bilateral_sciatica',
    ]);
    expect(detect("can't feel my bum when I wipe, like it's not there", 'en').emergency).toEqual([
      'saddle_anaesthesia',
    ]);
    expect(detect("it's all gone numb down there since Friday", 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('the numbness down there is all gone now', 'en').emergency).toEqual([]);
  });

  it('reads Spanish words for a crash, and joy plainly', () => {
    expect(detect('me di una castaña con la moto el viernes', 'es').emergency).toEqual(['major_trauma']);
    // Review 15: joy is no idiom cue of its own, and "estoy que me meo" does not hide what follows.
    expect(detect('estoy que me meo y cuando voy no sale nada', 'es').emergency).toContain('urinary_retention');
    expect(detect('lloré de felicidad y se me escapó el pis sin enterarme, desde ayer', 'es').emergency).toContain(
      'urinary_incontinence',
    );
  });
});

describe('real words are not typos of sign words', () => {
  it('does not read shoveling as shivering, a revision as a remission or a stack as smack', () => {
    for (const text of [
      'sciatica flared after shoveling the drive',
      'my knee had a revision op last year, now the back',
      'lifting a stack of boxes did my back',
      'ayer en el partido casi me da algo en el penal',
      'tengo el brazo quebrado desde el verano, ahora la ciatica',
    ])
      expect(detect(text, / (el|la) /.test(text) ? 'es' : 'en'), text).toSatisfy(quiet);
    expect(detect("I've been shivering and burning up all night", 'en').urgent).toEqual(['fever']);
    // Review 15: the words they were mistaken for, said plainly.
    expect(detect("i trembled all night, couldn't get warm", 'en').urgent).toEqual(['fever']);
    expect(detect('had a spinal revision 5 weeks ago and now redness at the scar', 'en').urgent).toEqual([
      'infection_risk',
    ]);
    expect(detect('tiritando toda la noche', 'es').urgent).toEqual(['fever']);
  });
});

describe('a failure to finish dated to the back', () => {
  it('asks first about "since my back went I can\'t finish", never about getting off the floor', () => {
    expect(detect("since my back went I can't finish, it just doesn't happen", 'en').possible).toContain(
      'sexual_dysfunction',
    );
    expect(detect('no puedo acabar desde lo de la ciatica', 'es').possible).toContain('sexual_dysfunction');
    expect(detect("can't come in to work now with the sciatica", 'en').possible).toEqual([]);
    const floor = detect("I can't get off the floor since this morning", 'en');
    expect([...floor.possible, ...floor.emergency]).not.toContain('sexual_dysfunction');
  });
});

describe('trying to go with nothing to show', () => {
  it('asks first about "tried to go four times, not even a drop"', () => {
    expect(detect("I've tried to go three times this morning, not even a drop", 'en').possible).toContain(
      'urinary_retention',
    );
    expect(detect('tried to go for a walk but my leg gave up', 'en').possible).not.toContain('urinary_retention');
    // Review 15: trying to go somewhere is not trying to pee.
    expect(detect('I tried to go to the loo to wash my hands and slipped', 'en').emergency).toEqual([]);
    expect(detect('intenté tres veces levantarme y nada', 'es').possible).not.toContain('urinary_retention');
  });
});
