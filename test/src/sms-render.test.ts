import { describe, expect, it } from 'vitest';
import type { Finding } from '../../dialogs/triage/decide.js';
import { EXERCISE_IDS } from '../../dialogs/exercise/ids.js';
import { exerciseById } from '../../dialogs/exercise/library.js';
import { planSteps } from '../../dialogs/exercise/walkthrough.js';
import type { Intent } from '../../dialogs/intents.js';
import { allQuestionIds } from '../../dialogs/questions.js';
import { LOCALES_DIR } from '../../src/app.js';
import { MAX_SEGMENTS_PER_MESSAGE, segmentsOf, smsEncoding, toGsm } from '../../src/channels/sms-segments.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { createCachedRenderer } from '../../src/render/cached-renderer.js';
import { smsMessages, splitText, SMS_MAX_CHARS } from '../../src/render/sms.render.js';
import { smsWords } from '../../src/render/sms-words.js';

/** Ends a sentence, or is an option line. */
const endsWhole = (m: string) => /[.!?]["')]*$/.test(m.split('\n').at(-1)!) || /^\d+ \S/.test(m.split('\n').at(-1)!);
/** Words of channels with buttons ("Press-up cobra" is an exercise). */
const TAP = /\btap\b|\bpress\b(?!-up)|\btoca\b|\bpulsa\b/i;
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('SMS splitting', () => {
  it('keeps short text whole', () => {
    expect(splitText('Hello there')).toEqual(['Hello there']);
  });

  it('splits long text at word boundaries into pieces of at most 320 characters, losing no word', () => {
    const list = Array.from({ length: 200 }, (_, i) => `word${i}`);
    const pieces = splitText(list.join(' '));
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(pieces.join(' ').split(/\s+/)).toEqual(list);
  });

  it('cuts a single word longer than the limit', () => {
    const pieces = splitText('x'.repeat(700));
    expect(pieces.map((p) => p.length)).toEqual([320, 320, 60]);
  });

  it('cuts only between sentences, and fills segments rather than messages', () => {
    const sentences = Array.from(
      { length: 12 },
      (_, i) => `Sentence number ${i} says something short, e.g. about pain, and ends here.`,
    );
    const pieces = splitText(sentences.join(' '));
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(endsWhole(p), p).toBe(true);
      expect(p.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(segmentsOf(p).segments).toBeLessThanOrEqual(2);
    }
    expect(pieces.flatMap(words)).toEqual(words(sentences.join(' ')));
  });

  it('prefers a paragraph break to a sentence break when both cost the same', () => {
    const a = 'First paragraph, one sentence that runs on for a while to take up some room.';
    const b = 'Second paragraph. It has two sentences that run on for a while to take up room, too.';
    const c = 'Third paragraph: a last sentence of about the same length as the ones before it.';
    expect(splitText(`${a}\n\n${b}\n\n${c}\n\n${a}`, { maxChars: 200, maxSegments: 2 })).toEqual([
      `${a}\n\n${b}`,
      `${c}\n\n${a}`,
    ]);
  });

  it('keeps a question with its options and the hint, and never sends the hint alone', () => {
    const question = `${'A long preamble sentence that explains the question in some detail. '.repeat(3).trim()} Do any of these apply to you?`;
    const options = [
      '1 High temperature, or hot and shivery',
      '2 Weak immune system, or spine operation or injection in the last 3 months',
      '3 Lost weight recently without trying',
    ];
    const hint = 'Reply with the numbers (like 1,3), or 0 for none.';
    const pieces = splitText([question, ...options, hint].join('\n'));
    expect(pieces).toHaveLength(2);
    expect(pieces[1]).toMatch(
      / Do any of these apply to you\?\n1 High temperature, or hot and shivery\n2 .+\n3 .+\nReply with the numbers \(like 1,3\), or 0 for none\.$/,
    );
    expect(pieces.every(endsWhole)).toBe(true);
  });

  it('keeps a heading with the line under it', () => {
    const pieces = splitText(
      `Knee to chest (2/6)\n${'Pull your knee gently towards your chest and hold it there. '.repeat(4).trim()}`,
      { maxChars: 320, maxSegments: 1 },
    );
    expect(pieces[0]).toMatch(/^Knee to chest \(2\/6\)\nPull/);
  });

  it('cuts a sentence longer than a message between words, and no other', () => {
    const long = `Call 112 now if you have: ${Array.from({ length: 40 }, (_, i) => `symptom ${i}`).join('; ')}.`;
    const pieces = splitText(`Short first sentence. ${long} Short last sentence.`);
    expect(pieces.flatMap(words)).toEqual(words(`Short first sentence. ${long} Short last sentence.`));
    expect(pieces.filter((p) => !endsWhole(p))).toHaveLength(pieces.length - 2);
  });
});

describe('the SMS messages of a turn', () => {
  it('merges short replies into one message when that costs no segment', () => {
    expect(smsMessages(['Thanks.', 'How old are you? (in years)\nReply with a number.'])).toEqual([
      'Thanks.\n\nHow old are you? (in years)\nReply with a number.',
    ]);
    const a = `${'a'.repeat(150)}.`;
    expect(smsMessages([a, a])).toEqual([`${a}\n\n${a}`]);
    const b = `${'b'.repeat(152)}.`;
    expect(smsMessages([b, b])).toEqual([b, b]);
  });

  it('sends GSM-7 only: accents GSM-7 lacks dropped, symbols and emoji dropped, é ñ ü ¿ ¡ kept', () => {
    const [m] = smsMessages([
      '⚠ EMERGENCIA: llama al 112. ¿Tienes fiebre (38 °C)? ¡Sí! Ciática, niño, pingüino, Útil, «hola» 👍🏽',
    ]);
    expect(m).toBe('EMERGENCIA: llama al 112. ¿Tienes fiebre (38 C)? ¡Si! Ciatica, niño, pingüino, Util, "hola"');
    expect(smsEncoding(m!)).toBe('GSM-7');
    expect(toGsm('Привет')).toBe('Привет');
    expect(toGsm('family 👨‍👩‍👧 here')).toBe('family here');
  });
});

describe('SMS words', () => {
  const i18n = createI18n(loadLocaleResources(LOCALES_DIR));

  it('says "reply" where other channels say "tap", in both languages, carer wording included', () => {
    const sms = smsWords(i18n);
    expect(sms.getFixedT('en')('exercises:hold', { seconds: 20 })).toBe('Hold for 20 seconds, then reply 1.');
    expect(i18n.getFixedT('en')('exercises:hold', { seconds: 20 })).toBe('Hold for 20 seconds, then tap Next.');
    expect(sms.getFixedT('es')('exercises:step')).toBe('Responde 1 cuando quieras.');
    expect(sms.getFixedT('en')('questions:redflags.bones', { context: 'carer' })).toBe(
      'Do any of these apply to the person with the pain?',
    );
    expect(smsWords(i18n)).toBe(sms);
  });

  it('has an ordinary key for every SMS wording', () => {
    for (const lng of ['en', 'es']) {
      const walk = (tree: unknown, at: string): string[] =>
        tree && typeof tree === 'object' && !Array.isArray(tree)
          ? Object.entries(tree).flatMap(([k, v]) => [
              ...(k.endsWith('_sms') && !(k.slice(0, -4) in tree) ? [`${at}${k}`] : []),
              ...walk(v, `${at}${k}.`),
            ])
          : [];
      expect(walk(i18n.options.resources?.[lng], `${lng}:`)).toEqual([]);
    }
  });

  it('renders every question, step and outcome as whole GSM-7 messages within the limits, in both languages', () => {
    const render = createCachedRenderer(i18n);
    const steps = EXERCISE_IDS.flatMap((id) => planSteps(exerciseById(id)));
    const flags: Finding[][] = [[], ['saddle_anaesthesia'], ['fever'], ['chest_pain']];
    const intents: Intent[] = [
      ...allQuestionIds().flatMap((questionId): Intent[] => [
        { type: 'ask', questionId },
        { type: 'ask', questionId, hint: true },
      ]),
      ...steps.map((step): Intent => ({ type: 'ask', questionId: 'exercise.step', step })),
      ...(['emergency', 'urgent', 'routine', 'self_care'] as const).flatMap((disposition) =>
        flags.map((f): Intent => ({ type: 'outcome', disposition, flags: f, unsure: [], underAge: false })),
      ),
    ];
    for (const lng of ['en', 'es'] as const) {
      for (const carer of [false, true]) {
        for (const intent of intents) {
          for (const { text } of render([intent], { lng, country: 'ES', channelId: 'sms', carer })) {
            const where = `${lng} ${JSON.stringify(intent).slice(0, 80)}\n${text}`;
            expect(smsEncoding(text!), where).toBe('GSM-7');
            expect(text!.length, where).toBeLessThanOrEqual(SMS_MAX_CHARS);
            expect(segmentsOf(text!).segments, where).toBeLessThanOrEqual(MAX_SEGMENTS_PER_MESSAGE);
            expect(endsWhole(text!), where).toBe(true);
            expect(text, where).not.toMatch(TAP);
          }
        }
      }
    }
  });
});
