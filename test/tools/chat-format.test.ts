import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_CARD,
  cardText,
  clientLanguage,
  formatQuestion,
  localeFromLang,
  mapInput,
  parseOptions,
  replyImages,
  replyLines,
  wrapLines,
  type Question,
} from '../../src/tools/chat-format.js';

const yesNo: Question = {
  id: 'redflag.saddle_anaesthesia',
  kind: 'choice',
  choices: [
    { value: 'yes', title: 'Yes' },
    { value: 'no', title: 'No' },
    { value: 'unsure', title: 'Not sure' },
  ],
};
const multi: Question = {
  id: 'redflags.general',
  kind: 'multi',
  choices: [
    { value: 'fever', title: 'Fever' },
    { value: 'weight_loss', title: 'Weight loss' },
    { value: 'cancer_history', title: 'Cancer history' },
  ],
};
const age: Question = { id: 'age', kind: 'number', min: 0, max: 120 };

describe('formatQuestion', () => {
  it('numbers the choices', () => {
    expect(formatQuestion(yesNo)).toBe('1) Yes  2) No  3) Not sure');
  });
  it('explains how to answer a multi question', () => {
    expect(formatQuestion(multi)).toContain('1) Fever  2) Weight loss  3) Cancer history');
    expect(formatQuestion(multi)).toContain('none: 0');
  });
  it('shows the range of a number question', () => {
    expect(formatQuestion(age)).toBe('(a number from 0 to 120)');
  });
  it('says every hint in Spanish for a Spanish locale', () => {
    expect(clientLanguage('es-MX')).toBe('es');
    expect(clientLanguage('en-GB')).toBe('en');
    expect(formatQuestion(age, 'es')).toBe('(un número del 0 al 120)');
    expect(formatQuestion({ id: 'pain.weeks', kind: 'number' }, 'es')).toBe('(un número)');
    expect(formatQuestion(multi, 'es')).toContain('(varias: 1,3 · ninguna: 0)');
    expect(formatQuestion(multi, 'es')).not.toMatch(/several|none/);
  });
});

describe('mapInput', () => {
  it('maps a number to that choice value', () => {
    expect(mapInput('2', yesNo, 'webchat')).toEqual({ value: { answer: 'no' } });
  });
  it('sends an out-of-range number as text, so the bot can re-ask', () => {
    expect(mapInput('7', yesNo, 'webchat')).toEqual({ text: '7' });
    expect(mapInput('0', yesNo, 'webchat')).toEqual({ text: '0' });
  });
  it('maps "1,3" to several values of a multi question', () => {
    expect(mapInput('1,3', multi, 'msteams')).toEqual({ value: { answer: ['fever', 'cancer_history'] } });
    expect(mapInput('1 3 3', multi, 'webchat')).toEqual({ value: { answer: ['fever', 'cancer_history'] } });
  });
  it('maps "0" and "none" to an empty multi answer', () => {
    expect(mapInput('0', multi, 'webchat')).toEqual({ value: { answer: [] } });
    expect(mapInput('None', multi, 'webchat')).toEqual({ value: { answer: [] } });
  });
  it('sends a number question answer as a number', () => {
    expect(mapInput('35', age, 'webchat')).toEqual({ value: { answer: 35 } });
  });
  it('passes other text through', () => {
    expect(mapInput('my leg is numb', yesNo, 'webchat')).toEqual({ text: 'my leg is numb' });
    expect(mapInput(' hi ', undefined, 'webchat')).toEqual({ text: 'hi' });
  });
  it('sends everything as text on sms, which has no buttons', () => {
    expect(mapInput('2', yesNo, 'sms')).toEqual({ text: '2' });
  });
  it('ignores empty lines', () => {
    expect(mapInput('   ', yesNo, 'webchat')).toBeUndefined();
  });
});

describe('replyLines', () => {
  it('prints the text and the numbered choices, without internal ids', () => {
    expect(replyLines({ type: 'message', text: 'Any numbness?', channelData: { question: yesNo } })).toEqual([
      'Any numbness?',
      '  1) Yes  2) No  3) Not sure',
    ]);
    const outcome = replyLines({
      text: 'Done.',
      channelData: { triage: { disposition: 'self_care', flags: [] }, noticed: ['fever'] },
    });
    expect(outcome).toEqual(['Done.']);
    expect(outcome.join('\n')).not.toMatch(/\[/);
  });
  it('shows ids, the outcome and noticed flags with --debug', () => {
    expect(
      replyLines({ type: 'message', text: 'Any numbness?', channelData: { question: yesNo } }, { debug: true }),
    ).toEqual(['Any numbness?', '  1) Yes  2) No  3) Not sure   [redflag.saddle_anaesthesia]']);
    expect(
      replyLines({ text: 'Done.', channelData: { triage: { disposition: 'self_care', flags: [] } } }, { debug: true }),
    ).toContain('  [triage: self_care; flags: none]');
    expect(parseOptions(['--debug', '--user', 'u'], {})).toMatchObject({ debug: true, user: 'u' });
  });
  it('keeps the line breaks of a message (an exercise step line by line)', () => {
    expect(replyLines({ text: 'Cobra (1/2)\nLie on your front.\nStop if it spreads.' })).toEqual([
      'Cobra (1/2)',
      'Lie on your front.',
      'Stop if it spreads.',
    ]);
  });
  it('prints the TextBlocks of an Adaptive Card, but not its choice boxes and inputs', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'Question 1' },
        {
          type: 'Container',
          items: [
            { type: 'TextBlock', text: 'Any numbness?' },
            { type: 'Image', url: 'x' },
          ],
        },
        {
          type: 'Container',
          selectAction: { type: 'Action.Submit', title: 'Yes' },
          items: [{ type: 'TextBlock', text: 'Yes' }],
        },
        { type: 'Input.Number', id: 'answer', label: 'A number from 0 to 120' },
      ],
      actions: [{ type: 'Action.Submit', title: 'Yes', data: { answer: 'yes' } }],
    };
    expect(cardText(card)).toEqual(['Question 1', 'Any numbness?']);
    expect(replyLines({ attachments: [{ contentType: ADAPTIVE_CARD, content: card }] })).toEqual([
      'Question 1',
      'Any numbness?',
    ]);
  });
  it('skips typing indicators', () => {
    expect(replyLines({ type: 'typing' })).toEqual([]);
  });
});

describe('wrapLines', () => {
  const text = 'Most sciatica gets better within 4 to 6 weeks. Keep up your normal activities as much as you can.';
  it('wraps to the width, the first line after the prefix and the rest under it', () => {
    const lines = wrapLines([text], 40, 'bot> ');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines[0]!.startsWith('bot> Most')).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('     ') && !l.startsWith('      '))).toBe(true);
    expect(lines.map((l) => l.slice(5)).join(' ')).toBe(text);
  });
  it("keeps blank lines and an option line's indent, and cuts a word longer than the width", () => {
    expect(wrapLines(['a', '', '  1) Yes  2) No'], 80, '> ')).toEqual(['> a', '', '    1) Yes 2) No']);
    const long = wrapLines(['x'.repeat(50)], 30, '');
    expect(long.every((l) => l.length <= 30)).toBe(true);
    expect(long.join('')).toBe('x'.repeat(50));
  });
});

describe('replyImages', () => {
  it('decodes the PNG of a reply (the progress chart) so the client can save it', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const images = replyImages({
      attachments: [
        {
          contentType: 'image/png',
          contentUrl: `data:image/png;base64,${png.toString('base64')}`,
          name: 'Where your pain reaches',
        },
        { contentType: ADAPTIVE_CARD, content: {} },
      ],
    });
    expect(images).toEqual([{ name: 'Where your pain reaches', png }]);
  });
});

describe('options', () => {
  it('defaults to webchat, cli-user and the local bot', () => {
    expect(parseOptions([], {})).toEqual({
      url: 'http://127.0.0.1:3978',
      channel: 'webchat',
      locale: 'en-US',
      user: 'cli-user',
      debug: false,
    });
  });
  it('reads flags, BOT_URL and LANG', () => {
    const options = parseOptions(['--channel', 'sms', '--user=u2'], {
      BOT_URL: 'http://localhost:4000/',
      LANG: 'es_ES.UTF-8',
    });
    expect(options).toEqual({
      url: 'http://localhost:4000',
      channel: 'sms',
      locale: 'es-ES',
      user: 'u2',
      debug: false,
    });
  });
  it('rejects an unknown channel or option', () => {
    expect(() => parseOptions(['--channel', 'fax'], {})).toThrow(/unknown channel/);
    expect(() => parseOptions(['--colour', 'red'], {})).toThrow(/unknown option/);
  });
  it('ignores C/POSIX locales', () => {
    expect(localeFromLang('C.UTF-8')).toBeUndefined();
    expect(localeFromLang('POSIX')).toBeUndefined();
    expect(localeFromLang('en_GB.UTF-8')).toBe('en-GB');
  });
});
