import { describe, expect, it } from 'vitest';
import { detect, emergencyCases, quiet, urgentCases } from '../helpers/red-flag-cases.js';

// Reading rules of the rounds 36–42 and of the session's reviews on their own (no learned backstop), in both languages.
describe('context: a history that is over', () => {
  it('drops injecting drugs told as over, but not a fortnight of it', () => {
    expect(detect('I used to inject but I stopped, it went years ago', 'en')).toSatisfy(quiet);
    expect(detect('I inject heroin, stopped last week', 'en').urgent).toEqual(['infection_risk']);
    // A weak immune system or a cancer treated stays a history whatever is said of it.
    expect(detect('I had chemo for lymphoma, all clear since', 'en').urgent).toContain('cancer_history');
  });

  it('reads a spine operation at the start of a month as recent (cautious: the month may be this one)', () => {
    const d = detect('I had a spinal operation at the start of November and now this leg pain has started up', 'en');
    expect(d.urgent).toEqual(['infection_risk']);
  });
});

describe('context: a question about a sign, and the words around it', () => {
  it('keeps a sign told without "I" and followed by a question as told', () => {
    expect(detect('Both legs gone numb would that be 999?', 'en').emergency).toContain('bilateral_sciatica');
    expect(detect('Mum cant feel her bottom should she go to A and E?', 'en').emergency).toEqual([
      'saddle_anaesthesia',
    ]);
    expect(detect('Perdí el control de la caca debería ir?', 'es').emergency).toEqual(['bowel_incontinence']);
  });

  it('keeps a sign told before a comma, or with "what do I do", as told', () => {
    expect(detect('Both legs numb, would that be 999?', 'en').emergency).toEqual(['bilateral_sciatica']);
    expect(detect('dolor en el pecho y en la espalda q hago??', 'es').emergency).toEqual(['chest_pain']);
  });

  it('reads "suponiendo que", "supposing" as a hypothetical', () => {
    const d = detect('Suponiendo que me empiece a doler el pecho haciendo los ejercicios, ¿paro o sigo?', 'es');
    expect(d).toMatchObject({ emergency: [], asked: ['chest_pain'] });
    expect(detect('Supposing I lost control of my bladder, what then?', 'en').emergency).toEqual([]);
  });

  it('does not let "as always" about the back deny the chest pain before it', () => {
    const d = detect(
      'Hoy amanecí con un dolor en medio del pecho que no se me quita, y la espalda como siempre.',
      'es',
    );
    expect(d.emergency).toEqual(['chest_pain']);
  });

  it('does not read "never happened before" as a denial', () => {
    const d = detect(
      'Para orinar tengo que hacer muchísima fuerza para que empiece, y antes no me pasaba nunca.',
      'es',
    );
    expect(d.emergency).toEqual(['urinary_retention']);
  });
});

describe('context: a reply that says a sign asked about is there', () => {
  it('reads "I can\'t" after a reported question about feeling as the sign', () => {
    const asked = "My physio asked if I could feel myself wiping. I can't, not properly. Started 2 days ago.";
    expect(detect(asked, 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect("Can you feel the paper when you wipe? I can't.", 'en').emergency).toEqual(['saddle_anaesthesia']);
    // The question alone, or answered the other way, is asked about, not told.
    const plain = detect('Why does everyone keep asking if I can feel the loo roll lol', 'en');
    expect(plain).toMatchObject({ emergency: [], asked: ['saddle_anaesthesia'] });
    expect(detect('The nurse asked whether I could feel it when I wipe and yes I can fine', 'en').emergency).toEqual(
      [],
    );
  });

  it('reads a denial after a question of feeling as no feeling, and a yes as none of it', () => {
    expect(detect('Can you feel the toilet paper when you wipe? No.', 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('Can you feel the paper when you wipe? Not really', 'en').emergency).toEqual(['saddle_anaesthesia']);
    const yes = 'The nurse asked whether I could feel it when I wipe and yes I can fine, no problem';
    expect(detect(yes, 'en').emergency).toEqual([]);
  });

  it('reads "sin poder" after what the physio said as the sign', () => {
    const d = detect(
      'El fisio me dijo que si no podía orinar fuera a urgencias. Pues llevo desde las 7 de la mañana sin poder, lo intento y nada.',
      'es',
    );
    expect(d.emergency).toEqual(['urinary_retention']);
    // A denial after a question about a sign is no reply that it is there.
    expect(detect("does losing weight without trying matter? asking for future ref, I haven't", 'en').urgent).toEqual(
      [],
    );
  });

  it('reads a bare "can\'t go" told as peeing as the sign', () => {
    const d = detect("I can't go. Not to work I mean, to the toilet, for a wee. Since this morning.", 'en');
    expect(d.emergency).toEqual(['urinary_retention']);
    expect(detect("I can't go. To work I mean, I'm off sick. Peeing is fine.", 'en')).toSatisfy(quiet);
  });
});

describe('context: a yes before a denial', () => {
  it('does not let a denial after "yes" answer the question before it', () => {
    expect(detect('Numb bum? yes since last night, no fever', 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('Numb bum? yes, no fever', 'en').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('¿Adormecimiento abajo? Sí, no fiebre', 'es').emergency).toEqual(['saddle_anaesthesia']);
    // A bare denial still answers it.
    expect(detect('Numb bum? No.', 'en')).toSatisfy(quiet);
    expect(detect('cant pee?? lol no i pee like a racehorse', 'en')).toSatisfy(quiet);
  });
});

describe("context: someone else's trouble", () => {
  it("escalates a relative's emergency beside the writer's own pain, or asks when the writer sets it aside", () => {
    expect(detect("My dad can't pee, I've done my back in lifting him", 'en')).toMatchObject({
      emergency: ['urinary_retention'],
      carer: true,
    });
    // Set aside by the writer: asked about, not escalated and not dropped.
    const aside = "my husband can't pee properly, he's got an enlarged prostate, but I'm asking about MY back";
    expect(detect(aside, 'en')).toMatchObject({ emergency: [], possible: ['urinary_retention'], carer: false });
  });

  it("leaves the writer's own signs with the writer after a workmate or a dog", () => {
    expect(detect('A mate from my estate said go to a&e, cant feel bum cant pee', 'en').emergency).toContain(
      'saddle_anaesthesia',
    );
    expect(detect('Out with the collie, both legs gave way, now cant feel bum or pee', 'en').emergency).toContain(
      'saddle_anaesthesia',
    );
    // "my" naming the writer's own body ends the other person's words.
    expect(detect('A guy on my team said I should ask: I cant feel my bum when I wipe', 'en').emergency).toEqual([
      'saddle_anaesthesia',
    ]);
  });

  it("reads a grandmother's age as her age, not as a trouble begun now", () => {
    const d = detect(
      'Mi abuelita usa pañal porque ya esta muy mayor, y yo de cambiarla me lastime la espalda, me baja a la pierna',
      'es',
    );
    expect(d).toSatisfy(quiet);
    // Her trouble told as new is escalated to the carer.
    expect(detect('Mi abuelita desde hoy no puede orinar nada', 'es')).toMatchObject({
      emergency: ['urinary_retention'],
      carer: true,
    });
  });
});

describe("the second review's messages (review 9): this session's rules must not hide them", () => {
  emergencyCases([
    ['en', 'urinary_retention', 'Cant pee since this morning, used to inject but been clean for years'],
    ['en', 'saddle_anaesthesia', 'Numb between my legs and peeing myself, I was a heroin user but clean five years'],
    ['es', 'urinary_retention', 'No puedo orinar desde anoche, antes me inyectaba pero limpio hace 5 años'],
    ['es', 'urinary_retention', 'Tengo las dos piernas dormidas y no puedo orinar, lo de la fiebre se solucionó'],
    ['en', 'saddle_anaesthesia', "Mum's wet herself twice and can't feel her bottom. I'm just sore from lifting her."],
    [
      'es',
      'saddle_anaesthesia',
      'Mi papá no siente nada al limpiarse y se hizo caca encima. Yo la espalda fatal de cargarlo.',
    ],
    ['en', 'urinary_retention', "My dad can't pee, I've done my back in lifting him"],
    ['es', 'urinary_retention', 'Mi madre no puede orinar, yo me lastimé la espalda al levantarla'],
    [
      'en',
      'urinary_incontinence',
      'My back is agony. I wet myself in the car on the way home and the one driving was my dad.',
    ],
    ['en', 'urinary_retention', 'No fever however hard I try I cant pee'],
    ['en', 'urinary_incontinence', "My son wet the bed last night, he's 34 and has bad sciatica"],
    ['en', 'bilateral_leg_weakness', 'My legs turned to jelly when the physio said stand and both gave way'],
    ['en', 'urinary_incontinence', 'Wetting myself was my worst fear and it happened twice today'],
    ['es', 'urinary_incontinence', 'Digamos que se me escapó el pis en el súper'],
    ['es', 'urinary_retention', 'Si intento orinar no sale nada, te aviso'],
    [
      'es',
      'urinary_retention',
      'El folleto pone que si no puedes orinar vayas a urgencias y llevo 12 horas sin poder orinar',
    ],
  ]);

  it('does not read "no quiere ni hablar" as a denial of the chest pain before it', () => {
    const d = detect(
      'Mi abuelo tiene la ciática desde hace días y ahora se queja de dolor en el pecho, se puso la mano ahí y no quiere ni hablar.',
      'es',
    );
    expect(d).toMatchObject({ emergency: ['chest_pain'], carer: true });
    expect(detect('¿Dolor en el pecho? Ni hablar, nada de eso.', 'es')).toSatisfy(quiet);
  });

  it('reads a fever above normal as a fever', () => {
    expect(
      detect('Running a higher than normal temperature since last night and the back is agony', 'en').urgent,
    ).toEqual(['fever']);
  });
});

describe("the third review's messages (review 10): carers, short denials, a bare can't go", () => {
  emergencyCases([
    ['es', 'urinary_retention', 'No puedo orinar. Fiebre no.'],
    ['en', 'saddle_anaesthesia', 'Numb down there - yes. Fever - no.'],
    ['en', 'urinary_retention', "It's not me, it's my dad: he can't pee. My back is killing me from lifting him."],
    ['en', 'urinary_retention', "I'm the one with the sciatica but my husband can't pee, what do I do?"],
    ['es', 'urinary_incontinence', 'A mí no me duele tanto, pero mi papá no siente las piernas y se hizo pipí'],
    ['es', 'urinary_retention', '4. yo no, mi papa no puede orinar y a mi me duele la espalda x cargarlo'],
    ['en', 'urinary_retention', "Can't wee, bit scared"],
    ['en', 'urinary_retention', "I can't go. Been sat on the loo for 2 hours."],
    ['en', 'saddle_anaesthesia', '5 no 6 no 7 yes numb bum'],
    ['es', 'saddle_anaesthesia', '5 no 6 no 7 si no siento el culo'],
    ['en', 'urinary_retention', 'I cannot go. Bladder feels full to bursting.'],
    ['en', 'urinary_retention', 'Can you feel when you need to pee? I cant'],
    ['en', 'urinary_retention', "I'm not the one with the problem - my wife can't pee. I've got a bit of sciatica"],
    ['es', 'urinary_retention', '¿Sería urgente si no puedo orinar? Llevo todo el día así'],
    // Review 11: numbered replies and a denial after its own time words.
    ['en', 'saddle_anaesthesia', '5 yes numb bum 6 no'],
    ['en', 'saddle_anaesthesia', 'Numb bum yes, leaking no'],
    ['en', 'bilateral_sciatica', '3 no 4 no 5 pins and needles both legs'],
    ['en', 'urinary_retention', 'Can you feel when you need to pee? Since last night, no'],
    ['en', 'saddle_anaesthesia', 'Can you feel when you wipe? Sadly no'],
    ['en', 'saddle_anaesthesia', 'Can you feel the paper when you wipe? Not since yesterday'],
    ['es', 'saddle_anaesthesia', 'Me preguntó si podía sentir el papel al limpiarme. No.'],
  ]);

  it("asks, never drops, someone else's emergency told beside the writer's own story", () => {
    const d = detect("Mine is just sciatica. My wife can't feel her bottom.", 'en');
    expect([...d.emergency, ...d.possible]).toContain('saddle_anaesthesia');
    expect(
      detect("Mum fell down the stairs and hit her back hard, she can't get up. My sciatica is bad too.", 'en')
        .possible,
    ).toContain('major_trauma');
    expect(detect("3. I can't go, not since last night", 'en').possible).toEqual(['urinary_retention']);
  });
});

describe('concepts: signs told without their usual words', () => {
  emergencyCases([
    [
      'en',
      'sexual_dysfunction',
      "Something I didn't want to mention - with my husband I can't feel anything there any more",
    ],
    ['en', 'major_trauma', 'Stacked the quad on the hill yesterday arvo and it came down on top of me'],
    ['en', 'major_trauma', 'My husband got pinned against the crush by a bullock this morning, his leg is tingling'],
    ['en', 'urinary_retention', "No leaking. It's the opposite, it just won't come out however long I stand there"],
    ['en', 'bowel_incontinence', 'Proper embarrassing but I had a code brown in Tesco yesterday, no warning at all'],
    ['es', 'bowel_incontinence', 'Lo que me asusta es que no noto cuando hago de vientre, me lo encuentro después.'],
    ['es', 'bilateral_leg_weakness', 'Hace una semana caminaba normal y hoy arrastro las dos piernas'],
  ]);

  urgentCases([
    [
      'es',
      'constant_night_pain',
      'El dolor es parejo todo el día, aunque esté echado quieto, y de noche se pone peor.',
    ],
    ['es', 'calf_swelling', 'El chamorro derecho se me puso grueso y me duele cuando lo toco.'],
    ['es', 'back_deformity', 'Me noto más encorvado de un mes para acá, la familia me lo dice.'],
    ['es', 'uncontrolled_pain', 'Tomé todo lo que me dio el médico y no me hace nada, no me puedo ni levantar.'],
    ['en', 'weight_loss', "Also I've dropped 6 kilos and I'm not trying, appetite's gone"],
  ]);
});
