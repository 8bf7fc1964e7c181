import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_CARD,
  cardText,
  formatQuestion,
  localeFromLang,
  mapInput,
  parseOptions,
  replyLines,
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
    expect(formatQuestion(age)).toBe('(a number 0-120)');
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
  it('prints the text, the numbered choices and the outcome', () => {
    expect(replyLines({ type: 'message', text: 'Any numbness?', channelData: { question: yesNo } })).toEqual([
      'Any numbness?',
      '  1) Yes  2) No  3) Not sure   [redflag.saddle_anaesthesia]',
    ]);
    expect(replyLines({ text: 'Done.', channelData: { triage: { disposition: 'self_care', flags: [] } } })).toContain(
      '  [triage: self_care; flags: none]',
    );
  });
  it('prints the TextBlocks of an Adaptive Card', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'Question 1' },
        { type: 'Container', items: [{ type: 'TextBlock', text: 'Any numbness?' }, { type: 'Image', url: 'x' }] },
      ],
      actions: [{ type: 'Action.Submit', title: 'Yes', data: { answer: 'yes' } }],
    };
    expect(cardText(card)).toEqual(['Question 1', 'Any numbness?']);
    expect(replyLines({ attachments: [{ contentType: ADAPTIVE_CARD, content: card }] })).toEqual(['Question 1', 'Any numbness?']);
  });
  it('skips typing indicators', () => {
    expect(replyLines({ type: 'typing' })).toEqual([]);
  });
});

describe('options', () => {
  it('defaults to webchat, cli-user and the local bot', () => {
    expect(parseOptions([], {})).toEqual({ url: 'http://127.0.0.1:3978', channel: 'webchat', locale: 'en-US', user: 'cli-user' });
  });
  it('reads flags, BOT_URL and LANG', () => {
    const options = parseOptions(['--channel', 'sms', '--user=u2'], { BOT_URL: 'http://localhost:4000/', LANG: 'es_ES.UTF-8' });
    expect(options).toEqual({ url: 'http://localhost:4000', channel: 'sms', locale: 'es-ES', user: 'u2' });
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
