import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRedFlagDetector, type Detection } from '../../src/understand/red-flag-detector.js';
import { keyPaths } from '../../src/understand/red-flag-lists.js';
import { Boundary, foldText, tokenize } from '../../src/understand/text-normalize.js';

const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8')) as Record<string, unknown>;
const en = readJson('locales/en/redflags.json');
const es = readJson('locales/es/redflags.json');
const detector = createRedFlagDetector({ en, es });
const detect = (text: string, lng: 'en' | 'es' = 'en'): Detection => detector.detect(text, lng);
const nothing: Detection = {
  emergency: [],
  possible: [],
  urgent: [],
  routine: [],
  asked: [],
  carer: false,
  breathless: false,
  crisis: false,
};

describe('text normalization', () => {
  it('folds case, accents and apostrophes but keeps ñ (año is not ano)', () => {
    expect(foldText('Can’t SENSACIÓN Pingüino año')).toBe('cant sensacion pinguino año');
    expect(foldText('peeeeee')).toBe('pee');
  });

  it('tokenizes with clause boundaries and splits numbers from units', () => {
    const t = tokenize('No fever, but 5kg lost. ¿Y tú?');
    expect(t.words).toEqual(['no', 'fever', 'but', '5', 'kg', 'lost', 'y', 'tu']);
    expect(t.boundaries[2]).toBe(Boundary.Soft);
    expect(t.boundaries[6]).toBe(Boundary.Hard);
  });
});

describe('red-flag detector', () => {
  it('catches free-text emergencies however they are said', () => {
    expect(detect('my private parts feel dead since lunchtime').emergency).toEqual(['saddle_anaesthesia']);
    expect(detect('both knees buckle when I walk now').emergency).toContain('bilateral_leg_weakness');
    expect(detect('no aguanto la orina desde esta mañana', 'es').emergency).toContain('urinary_incontinence');
    expect(detect('se me doblan las piernas', 'es').emergency).toContain('bilateral_leg_weakness');
    expect(detect("can't get it up since the back pain started").emergency).toContain('sexual_dysfunction');
  });

  it('leaves ordinary sciatica talk alone', () => {
    for (const text of [
      'my leg hurts down to the knee',
      'sitting makes it worse',
      'I peed fine this morning',
      'When I pull my knees to my chest it eases',
    ]) {
      expect(detect(text), text).toEqual(nothing);
    }
  });

  describe('negation per clause', () => {
    it('does not let a denial in one clause cancel a symptom in another', () => {
      const d = detect('the temperature is gone, though pee keeps leaking out');
      expect(d.emergency).toContain('urinary_incontinence');
      expect(d.urgent).not.toContain('fever');
      const e = detect("no fever but I can't feel my bum when I wipe");
      expect(e.emergency).toEqual(['saddle_anaesthesia']);
      expect(e.urgent).toEqual([]);
      expect(detect('No fever, pee leaking').emergency).toEqual(['urinary_incontinence']);
    });

    it('raises nothing for a denied symptom alone, including "normal", "fine", "bien"', () => {
      for (const [text, lng] of [
        ["bladder's totally normal", 'en'],
        ['la vejiga bien, sin problemas', 'es'],
        ['no numbness down there', 'en'],
        ["I don't feel any numbness or tingling down there", 'en'],
        ['no numbness, tingling or weakness in my groin', 'en'],
        ['no tengo ni hormigueo ni adormecimiento en la zona genital', 'es'],
        ['no siento debilidad en las piernas', 'es'],
      ] as const) {
        expect(detect(text, lng), text).toEqual(nothing);
      }
    });

    it('keeps a symptom whose own words are negative ("can\'t feel", "no puedo orinar")', () => {
      expect(detect('I can no longer feel my bottom').emergency).toEqual(['saddle_anaesthesia']);
      expect(detect('I cannot pee properly').emergency).toEqual(['urinary_retention']);
      expect(detect('no puedo orinar bien', 'es').emergency).toEqual(['urinary_retention']);
    });

    it('reports a doubtful denial of an emergency as possible', () => {
      expect(detect("I'm not sure, I don't think there is numbness down there").possible).toContain(
        'saddle_anaesthesia',
      );
    });
  });

  it('tolerates typos, missing accents and free word order', () => {
    expect(detect('numbnes betwen my legs').emergency).toContain('saddle_anaesthesia');
    expect(detect('my bladdr wont empty').emergency).toContain('urinary_retention');
    const d = detect('no puedo orinar, perdi la sensibilidad en la entrepierna', 'es');
    expect(d.emergency).toEqual(['saddle_anaesthesia', 'urinary_retention']);
    expect(detect('tengo ormigueo en la entrepierna', 'es').emergency).toContain('saddle_anaesthesia');
    expect(detect('numb is how my groin feels').emergency).toContain('saddle_anaesthesia');
    expect(detect('dormida la tengo, la entrepierna', 'es').emergency).toContain('saddle_anaesthesia');
  });

  it('checks emergencies in both languages, lower tiers only in the conversation language', () => {
    expect(detect('no puedo orinar desde anoche', 'en').emergency).toEqual(['urinary_retention']);
    expect(detect("I can't pee", 'es').emergency).toEqual(['urinary_retention']);
    expect(detect('tengo fiebre', 'en').urgent).toEqual([]);
    expect(detect('tengo fiebre', 'es').urgent).toEqual(['fever']);
  });

  it('returns each flag once, by tier, in catalog order', () => {
    const d = detect("I can't pee. Can't pee at all! I wet myself and I have a fever, fever");
    expect(d.emergency).toEqual(['urinary_retention', 'urinary_incontinence']);
    expect(d.urgent).toEqual(['fever']);
    expect(d.possible.some((f) => d.emergency.includes(f))).toBe(false);
  });

  it("treats other people's history as theirs", () => {
    expect(detect('My mum had breast cancer').urgent).toEqual([]);
    expect(detect('I had breast cancer 5 years ago').urgent).toEqual(['cancer_history']);
    expect(detect('my wife says I have been wetting the bed').emergency).toContain('urinary_incontinence');
  });

  it('detects crisis talk in both languages but not pain idioms', () => {
    expect(detect('I want to kill myself').crisis).toBe(true);
    expect(detect('ya no quiero vivir', 'es').crisis).toBe(true);
    expect(detect('me quiero morir', 'en').crisis).toBe(true);
    expect(detect('this pain is killing me').crisis).toBe(false);
    expect(detect('me muero de dolor', 'es').crisis).toBe(false);
    expect(detect("I'm scared I'll hurt myself doing the exercises").crisis).toBe(false);
  });
});

describe('phrase lists', () => {
  it('have exactly the same keys in English and Spanish', () => {
    expect(keyPaths(es).sort()).toEqual(keyPaths(en).sort());
  });

  /** The parts of a lists file the tests below break; what they put there may be of any type. */
  type Breakable = {
    context?: { negated: { backward?: string[] } };
    concepts: { fever: string[]; saddle?: string[]; [name: string]: unknown };
    idioms: string[];
  };
  const broken = (mutate: (lists: Breakable) => void): Record<string, unknown> => {
    const copy = structuredClone(en) as Breakable;
    mutate(copy);
    return copy;
  };

  it.each([
    ['a missing section', (l: Breakable) => delete l.context, /context/],
    ['a number instead of terms', (l: Breakable) => (l.concepts.pee = 3), /concepts\.pee/],
    [
      'an unknown concept in an idiom',
      (l: Breakable) => l.idioms.push('{no_such_concept} laughing'),
      /no_such_concept/,
    ],
    ['a concept a rule needs missing', (l: Breakable) => delete l.concepts.saddle, /concepts\.saddle: missing/],
    [
      'a bad number class',
      (l: Breakable) => l.concepts.fever.push('<hotter> degrees'),
      /unknown number class <hotter>/,
    ],
    [
      'a term that expands to too many phrases',
      (l: Breakable) =>
        l.concepts.fever.push('(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) hot'),
      /concepts\.fever .*4096 alternatives/,
    ],
    [
      'a cue without its direction lists',
      (l: Breakable) => delete l.context!.negated.backward,
      /context\.negated\.backward/,
    ],
  ])('rejects a file with %s', (_name, mutate, message) => {
    const bad = broken(mutate);
    expect(() => createRedFlagDetector({ en: bad, es: bad })).toThrow(message);
  });

  it('rejects files whose keys differ', () => {
    const extra = broken((l) => (l.concepts.only_here = ['x']));
    expect(() => createRedFlagDetector({ en: extra, es })).toThrow(/only in en: \[concepts\.only_here\]/);
  });

  it('rejects something that is not a lists object at all', () => {
    expect(() => createRedFlagDetector({ en: 'nope', es })).toThrow(/locales\/en\/redflags\.json is malformed/);
  });
});
