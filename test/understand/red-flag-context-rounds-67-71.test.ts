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

describe('someone else: the writer says the sign is not theirs', () => {
  it('asks first, or drops an urgent flag, when the writer denies it of themselves after the story', () => {
    expect(detect("my grandad wet the bed at the end, but that's not me", 'en')).toMatchObject({
      emergency: [],
      possible: ['urinary_incontinence'],
    });
    expect(detect('my cousin crashed his quad last week, not me lol, I slept funny', 'en').emergency).toEqual([]);
    expect(detect("My nan lost loads of weight before they found her cancer. I've not lost any", 'en').urgent).toEqual(
      [],
    );
    expect(
      detect('A mi cuñado se le durmieron las dos piernas tras la anestesia, pero yo no tengo nada de eso', 'es'),
    ).toMatchObject({ emergency: [] });
  });

  it('still escalates a carer, a sign the writer tells of themselves, and a story that goes on', () => {
    expect(detect("It's my partner, not me. He can't feel his bottom when he sits", 'en').emergency).toEqual([
      'saddle_anaesthesia',
    ]);
    expect(detect("My husband can't pee since this morning, not me", 'en').emergency).toEqual(['urinary_retention']);
    expect(
      detect(
        "My wife has lost feeling down below and is wetting herself. Mine's fine, I'm just worried about her.",
        'en',
      ).emergency.length,
    ).toBeGreaterThan(0);
    expect(
      detect("I've borrowed my mum's pads because I keep leaking, I'm 40 and I don't need pads normally", 'en')
        .emergency,
    ).toEqual(['urinary_incontinence']);
  });
});
