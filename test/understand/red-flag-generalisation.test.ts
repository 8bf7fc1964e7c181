/**
 * Wordings the lexicons were broadened for after blind round 4 (issue 11): regional and learner
 * English and Spanish, voice-typing slips, and the context cues that kept them from being misread.
 * The sentences are written here, not copied from a corpus.
 */
import { describe, expect, it } from 'vitest';
import { projectDetector } from '../helpers/detector.js';
import type { FlagId } from '../../dialogs/triage/red-flags.js';
import type { Language } from '../../src/understand/language.js';
import { type Detection } from '../../src/understand/red-flag-detector.js';

const detector = projectDetector();
const detect = (text: string, lng: Language): Detection => detector.detect(text, lng);
const alarms = (d: Detection): FlagId[] => [...d.emergency, ...d.urgent];

describe('broadened concepts: regional, learner and voice-typed wording', () => {
  it.each<[Language, FlagId, string]>([
    ['en', 'saddle_anaesthesia', 'my yansh is numb since two days, I no fit feel am'],
    ['en', 'saddle_anaesthesia', 'no sensation in the private part area when washing after motion'],
    ['en', 'saddle_anaesthesia', 'cannae feel ma bahookie at all'],
    ['en', 'urinary_retention', 'I cannot do wiwi since morning, it will not come out'],
    ['en', 'urinary_retention', "can't pea since last night"],
    ['en', 'urinary_incontinence', 'the urine goes out alone, I dont control'],
    ['en', 'bowel_incontinence', 'motion is coming without control since yesterday'],
    ['en', 'bowel_incontinence', 'did tae in my shorts and did not even feel it coming'],
    ['en', 'sexual_dysfunction', 'my man part not stand up anymore since the back pain'],
    ['en', 'sexual_dysfunction', 'I cannot finish with my wife since this week'],
    ['en', 'bilateral_sciatica', 'now the other lag hurts too'],
    ['en', 'bilateral_sciatica', 'two leg pain and numb'],
    ['en', 'bilateral_leg_weakness', 'both me pins are stuffed, can barely shuffle'],
    ['en', 'bilateral_leg_weakness', "his legs won't take him since yesterday, either of them"],
    ['en', 'major_trauma', 'a cow kicked me in the back and knocked me flat'],
    ['en', 'major_trauma', 'okada accident this morning, I fell on the road'],
    ['es', 'saddle_anaesthesia', 'no siento el cu ni las partes'],
    ['es', 'saddle_anaesthesia', 'me siento y no siento el asiento, como sentarme en algodón'],
    ['es', 'urinary_retention', 'no puedo o rinar desde anoche'],
    ['es', 'urinary_incontinence', 'la abuela se está orinando en la cama, ella nunca'],
    ['es', 'bowel_incontinence', 'no controlo el vientre, se me escapa'],
    ['es', 'sexual_dysfunction', 'el pajarito no me responde desde la ciática'],
    ['es', 'bilateral_sciatica', 'ahora me duele también la otra pierna, la que estaba bien'],
    ['es', 'bilateral_leg_weakness', 'se me doblaban las piernas en la escalera, ayer caminaba normal'],
  ])('%s %s: %s', (lng, flag, text) => {
    const d = detect(text, lng);
    expect([...d.emergency, ...d.possible]).toContain(flag);
  });

  it.each<[Language, FlagId, string]>([
    ['en', 'weight_loss', 'my weight go down 5 kg and I am not on diet'],
    ['en', 'progressive_weakness', 'right leg power is reducing, now I cannot stand on toes'],
    ['en', 'progressive_weakness', "can't lift the front of the foot like I used to"],
    ['en', 'upper_back_pain', 'the pain is in the middle of the back, level with my armpits'],
    ['en', 'fragility_fracture', 'years on prednisolone. I bent to pick up the cat and felt a crack'],
    ['en', 'uncontrolled_pain', 'I take diclofenac but nothing change'],
    ['en', 'constant_night_pain', 'the pain does not rest, night is the worst'],
    ['es', 'progressive_weakness', 'ya ni me puedo parar en la punta del pie'],
    ['es', 'progressive_weakness', 'la pierna se me está aflojando'],
    ['es', 'infection_risk', 'me operaron la hernia hace mes y medio'],
    ['es', 'weight_loss', 'estoy rebajando sin querer, los pantalones se me caen'],
    ['es', 'calf_swelling', 'tengo la batata hinchada y colorada'],
    ['es', 'uncontrolled_pain', 'ni las pastillas me hacen nada, llevo dos días tirado'],
  ])('%s %s: %s', (lng, flag, text) => {
    const d = detect(text, lng);
    expect([...d.urgent, ...d.emergency, ...d.possible]).toContain(flag);
  });
});

describe('context cues that keep broadened words from raising alarms', () => {
  it.each<[Language, string]>([
    ['en', 'Chest pain none po, only the back'],
    ['en', 'Lost weight? Not a chance'],
    ['en', 'chest pain is related with back pain? I want to know'],
    ['en', 'Is cauda equina the thing where you start wetting yourself?'],
    ['en', 'A lad on site fell through a roof last month. I just have a bad back'],
    ['en', 'my leg pain is getting worse'],
    ['es', 'Si me da dolor de pecho con la ciática, ¿es urgencia o no?'],
    ['es', 'me dijo que si se me escapa el pis vaya al hospital'],
    ['es', '¿la fiebre puede tener que ver con la ciática?'],
    ['es', 'La semana pasada el pie se me arrastraba, pero ya volví a caminar normal'],
    ['es', 'Mi patojo se hizo pipí en la cama, tiene 4 años'],
    ['es', 'me agarró la fiebre del fútbol el domingo'],
    ['es', 'el dolor va a peor en la pierna derecha'],
  ])('%s: %s', (lng, text) => {
    expect(alarms(detect(text, lng))).toEqual([]);
  });

  it('keeps chest pain an emergency when nerves are blamed (no explanation makes it harmless)', () => {
    expect(detect('me aprieta el pecho, no sé si es de los nervios', 'es').emergency).toContain('chest_pain');
  });

  it('asks about numbness down there that a long ride explains, without alarming', () => {
    const d = detect('my bum went numb after a long drive', 'en');
    expect(d.emergency).toEqual([]);
    expect(d.possible).toContain('saddle_anaesthesia');
  });

  it('does not explain a crash away with "on my bike"', () => {
    expect(detect('got hit by a car on my bike an hour ago', 'en').emergency).toContain('major_trauma');
  });
});
