/**
 * How the detector reads a message beyond its word lists (CLINICAL.md §2e–§2f): questions without a
 * question mark, a stressed denial, sentence ends, the other language read word for word, a history
 * that went, a denied explanation, one leg's pain spreading, the clarifying-question backstop and
 * rule 2 over leg numbness or weakness told now. Asserted through flag ids only.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../dialogs/triage/decide.js';
import type { FlagId } from '../../dialogs/triage/red-flags.js';
import type { Language } from '../../src/understand/language.js';
import type { Detection } from '../../src/understand/red-flag-detector.js';
import { projectDetector } from '../helpers/detector.js';

const detector = projectDetector();
const detect = (text: string, lng: Language): Detection => detector.detect(text, lng);
const alarms = (d: Detection): FlagId[] => [...d.emergency, ...d.urgent];

describe('a question about a sign asks, it does not alarm', () => {
  it.each<[Language, string, FlagId]>([
    ['en', 'would chest pain with the back pain be a 999 thing or a 111 thing?', 'chest_pain'],
    ['en', "What's foot drop? My physio mentioned it", 'progressive_weakness'],
    ['en', 'does a fever matter with back pain or is it unrelated', 'fever'],
    ['en', 'is not being able to get an erection a sign of something serious with sciatica', 'sexual_dysfunction'],
    ['es', '¿la fiebre sería mala señal con esto?', 'fever'],
    // Worry about getting a symptom, and a question that points forward at one, still only ask.
    ['en', "I'm worried about getting numbness down there one day", 'saddle_anaesthesia'],
    ['en', 'is it serious if you lose control of your bowels?', 'bowel_incontinence'],
  ])('%s "%s"', (lng, text, flag) => {
    const d = detect(text, lng);
    expect(alarms(d)).not.toContain(flag);
    expect(d.asked).toContain(flag);
  });

  // A question about oneself, worry about a symptom told as present ("this", "what worries me is"), and a
  // question that points back at what was just told ("is this the sciatica?") leave the symptom a report.
  it.each<[Language, string, FlagId]>([
    ['en', "is it normal that I can't pee since this morning?", 'urinary_retention'],
    [
      'en',
      "yes there's pain in my leg but I'm more worried about this squeezing in my chest that started an hour ago",
      'chest_pain',
    ],
    [
      'en',
      'cant pee properly since yesterday, have to push really hard and it barely trickles, is this the sciatica??',
      'urinary_retention',
    ],
  ])('stays a report: %s "%s"', (lng, text, flag) => {
    expect(detect(text, lng).emergency).toContain(flag);
  });
});

describe('negation', () => {
  it('a bare denial after a symptom told in the negative stresses it', () => {
    expect(detect('Desde que empezó la ciática no se me para, nada.', 'es').emergency).toContain('sexual_dysfunction');
    expect(detect("I can't pee, nothing at all.", 'en').emergency).toContain('urinary_retention');
  });

  it('a denial answering a question still denies', () => {
    expect(alarms(detect('Numb bum? No, all normal down there.', 'en'))).toEqual([]);
    expect(alarms(detect('Fever, sweats, all that: none of it. Just sore.', 'en'))).toEqual([]);
  });

  it('a phrase never runs on into the next sentence', () => {
    // "para. Nada." is not the idiom "para nada" (not at all).
    expect(detect('No se me para. Nada.', 'es').emergency).toContain('sexual_dysfunction');
  });
});

describe('the other language is read word for word', () => {
  it('an English word is not a misspelt Spanish one', () => {
    expect(alarms(detect('half my residents wear pads, I am here about my own back', 'en'))).toEqual([]);
  });

  it('a Spanish phrase does not swallow an English denial', () => {
    expect(alarms(detect('Numb bum? no, all normal down there, I checked.', 'en'))).toEqual([]);
  });

  it('Spanglish is still read', () => {
    expect(detect('trato de hacer pee y no sale nada since this morning', 'es').emergency).toContain(
      'urinary_retention',
    );
  });
});

describe('past, explanations and history', () => {
  it('a history that went is still a history', () => {
    expect(detect('yes, I had lymphoma as a kid, treated, been fine since', 'en').urgent).toContain('cancer_history');
  });

  it('a denied explanation explains nothing', () => {
    expect(detect("my trousers are falling down and I haven't been dieting", 'en').urgent).toContain('weight_loss');
    expect(alarms(detect('Bajé 4 kilos porque empecé dieta', 'es'))).toEqual([]);
  });

  it('an injury dated by a year or by the age it happened at is history, not an emergency now', () => {
    expect(
      alarms(detect("No big accidents. Broke my wrist falling off a trampoline when I was 9, that's it", 'en')),
    ).toEqual([]);
    expect(
      alarms(
        detect('en el 2015 tuve un accidente de moto, pero esta ciatica empezo hace un mes cargando bultos', 'es'),
      ),
    ).toEqual([]);
    expect(
      detect('I came off my motorbike on the motorway this morning and my back is agony', 'en').emergency,
    ).toContain('major_trauma');
  });
});

describe('both legs', () => {
  it.each<[Language, string]>([
    ['en', 'both legs now'],
    ['en', "it's not just the one leg anymore"],
    ['en', 'My good leg has started tingling now'],
    ['es', 'ya no es solo la izquierda'],
    ['es', 'al principio era solo una, ahora me duelen'],
  ])('%s a second leg newly involved: "%s"', (lng, text) => {
    expect(detect(text, lng).emergency).toContain('bilateral_sciatica');
  });

  it("one leg's pain spreading further down is not both legs", () => {
    expect(alarms(detect('the pain is spreading into my left foot now', 'en'))).not.toContain('bilateral_sciatica');
    expect(alarms(detect('me duele la pierna derecha, se extendió hasta el pie', 'es'))).not.toContain(
      'bilateral_sciatica',
    );
  });
});

describe('the clarifying-question backstop', () => {
  it.each<[Language, string, FlagId]>([
    ['en', 'my waterworks have gone a bit strange since the weekend', 'urinary_retention'],
    ['en', 'something feels different down there since Tuesday', 'saddle_anaesthesia'],
    ['es', 'desde el lunes noto raro al hacer pis', 'urinary_retention'],
  ])('%s "%s" asks the catalog question', (lng, text, flag) => {
    const d = detect(text, lng);
    expect([...d.emergency, ...d.possible]).toContain(flag);
  });

  it('ordinary one-leg sciatica asks nothing', () => {
    const d = detect('the pain goes down the back of my right leg to the heel', 'en');
    expect(d.possible).toEqual([]);
    expect(alarms(d)).toEqual([]);
  });
});

describe('rule 2 from free text', () => {
  it.each<[Language, string]>([
    ['en', 'I had breast cancer in 2015 and my left leg has gone numb'],
    ['es', 'Tuve cáncer de próstata y la pierna derecha se me está quedando sin fuerza'],
  ])('%s cancer history with leg numbness or weakness told now: "%s"', (lng, text) => {
    const d = detect(text, lng);
    const answers = Object.fromEntries(alarms(d).map((f) => [f, 'yes' as const]));
    expect(decide({ answers }).disposition).toBe('emergency');
  });
});

describe('stress and bare replies', () => {
  it('a stress word after a lack stresses it; a bare "no" after it still denies', () => {
    expect(detect('My waterworks have packed in, nothing since last night', 'en').emergency).toContain(
      'urinary_retention',
    );
    expect(alarms(detect("Leaking, no. Numb bum, no. Can't pee, no.", 'en'))).toEqual([]);
  });

  it('a sentence of its own does not answer the statement before it', () => {
    expect(detect("My right calf is red and warm and puffy. Breathing's fine.", 'en').urgent).toContain(
      'calf_swelling',
    );
    expect(alarms(detect('weak legs... no, not at all, I am walking fine, just sore', 'en'))).toEqual([]);
  });

  it('a long flight does not explain a swollen calf with chest pain away', () => {
    const d = detect(
      'My calf went hot and fat after the long flight home, and now there is a tight pain in my chest',
      'en',
    );
    expect(d.emergency).toContain('chest_pain');
  });
});
