import { describe, expect, it } from 'vitest';
import {
  fitsSegments,
  gsmFriendly,
  MAX_SEGMENTS_PER_MESSAGE,
  segmentsOf,
  smsEncoding,
  splitIntoMessages,
} from '../../src/channels/sms-segments.js';
import { countryOfNumber, localeOfCountry, smsKeyword } from '../../src/channels/sms-keywords.js';
import { twimlMessages } from '../../src/channels/twiml.js';
import { escapeXml } from '../../src/xml.js';

describe('SMS encoding and segments', () => {
  it('keeps GSM-7 for the GSM alphabet, Spanish ñ and ¿¡ included, and falls back to UCS-2 for anything else', () => {
    expect(smsEncoding('Hello, call 911 [now] €5 ¿Que? ¡Si! ñ ü é à')).toBe('GSM-7');
    expect(smsEncoding('¡Sí!')).toBe('UCS-2');
    expect(smsEncoding('dolor de espalda y ciática')).toBe('UCS-2');
    expect(smsEncoding('it’s')).toBe('UCS-2');
    expect(smsEncoding('⚠ call')).toBe('UCS-2');
  });

  it('counts 160/153 per segment in GSM-7 and 70/67 in UCS-2', () => {
    expect(segmentsOf('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('a'.repeat(161)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(306)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(307)).segments).toBe(3);
    expect(segmentsOf('á'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentsOf('á'.repeat(71)).segments).toBe(2);
    expect(segmentsOf('á'.repeat(134)).segments).toBe(2);
    expect(segmentsOf('á'.repeat(135)).segments).toBe(3);
  });

  it('counts extension characters as two septets and never splits an escape or a surrogate pair across segments', () => {
    expect(segmentsOf('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('€'.repeat(81))).toEqual({ encoding: 'GSM-7', units: 162, segments: 2 });
    expect(segmentsOf('€'.repeat(153)).segments).toBe(3); // 76 pairs fit in 153 septets, not 76.5
    expect(segmentsOf(`${'a'.repeat(152)}€`).segments).toBe(1);
    expect(segmentsOf(`${'a'.repeat(159)}€`).segments).toBe(2);
    // 306 septets would fill two segments exactly, but the € pair may not straddle them.
    expect(segmentsOf(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(segmentsOf('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    // Likewise a surrogate pair: 134 units, but the emoji cannot be cut between segments.
    expect(segmentsOf(`${'á'.repeat(66)}😀${'á'.repeat(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(segmentsOf(`${'á'.repeat(65)}😀${'á'.repeat(67)}`).segments).toBe(2);
  });

  it('turns typographic punctuation into GSM-7 and leaves letters alone', () => {
    expect(gsmFriendly('I’m “fine” – «sí»… →')).toBe('I\'m "fine" - "sí"... ->');
    expect(smsEncoding(gsmFriendly('I’m “fine” – ok…'))).toBe('GSM-7');
    expect(gsmFriendly('ciática ñ')).toBe('ciática ñ');
  });
});

describe('splitting replies into SMS messages', () => {
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  const prose = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

  it('leaves a reply that fits alone', () => {
    expect(splitIntoMessages('Reply 1 for Yes, 2 for No')).toEqual(['Reply 1 for Yes, 2 for No']);
    expect(splitIntoMessages('a'.repeat(459))).toEqual(['a'.repeat(459)]);
  });

  for (const [name, text] of [
    ['GSM-7', prose(120, 'word')],
    ['UCS-2', prose(80, 'ciática')],
    ['mixed lines', `${prose(30, 'línea')}\n\n${prose(60, 'line')}\n${prose(20, 'emoji😀')}`],
  ] as const) {
    it(`cuts ${name} text only between words, each message within ${MAX_SEGMENTS_PER_MESSAGE} segments and filled as far as the next word allows`, () => {
      const messages = splitIntoMessages(text);
      expect(messages.length).toBeGreaterThan(1);
      expect(messages.flatMap(words)).toEqual(words(text));
      messages.forEach((m, i) => {
        expect(fitsSegments(m, MAX_SEGMENTS_PER_MESSAGE)).toBe(true);
        const next = messages[i + 1];
        if (next) expect(fitsSegments(`${m} ${words(next)[0]}`, MAX_SEGMENTS_PER_MESSAGE)).toBe(false);
      });
    });
  }

  it('fits whole single segments when asked for one segment per message', () => {
    const messages = splitIntoMessages(prose(40, 'word'), 1);
    for (const m of messages) expect(segmentsOf(m).segments).toBe(1);
    expect(messages.flatMap(words)).toEqual(words(prose(40, 'word')));
  });

  it('cuts a word only when it is longer than a whole message, and never inside a surrogate pair', () => {
    const long = '😀'.repeat(120);
    const messages = splitIntoMessages(`start ${long} end`, 1);
    expect(messages.join('').replace(/\s/g, '')).toBe(`start${long}end`);
    for (const m of messages) expect(m).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('SMS keywords, numbers and TwiML', () => {
  it('recognises carrier keywords only as the whole message', () => {
    expect(['STOP', 'stop', ' Stop! ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit'].map(smsKeyword)).toEqual(
      Array(8).fill('stop'),
    );
    expect(['START', 'yes', 'UNSTOP'].map(smsKeyword)).toEqual(['start', 'start', 'start']);
    expect(['HELP', 'info', 'Help?'].map(smsKeyword)).toEqual(['help', 'help', 'help']);
    expect(['stop the pain', 'no', 'helpful', '1'].map(smsKeyword)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads the country from the calling code', () => {
    const cases: Record<string, string | undefined> = {
      '+15551234567': 'US',
      '+447700900123': 'GB',
      '+34600123456': 'ES',
      '+525512345678': 'MX',
      '+353851234567': 'IE',
      '+61412345678': 'AU',
      '+6421123456': 'NZ',
      '+919812345678': 'IN',
      '+573001234567': 'CO',
      '+56912345678': 'CL',
      '+5491123456789': 'AR',
      'whatsapp:+34600123456': 'ES',
      '+4915123456789': undefined,
      '5551234567': undefined,
      bogus: undefined,
    };
    for (const [number, country] of Object.entries(cases)) expect(countryOfNumber(number), number).toBe(country);
    expect(localeOfCountry('MX')).toBe('es-MX');
    expect(localeOfCountry('GB')).toBe('en-GB');
    expect(localeOfCountry(undefined)).toBe('en');
  });

  it('escapes XML and drops characters XML cannot carry', () => {
    expect(escapeXml(`<b>"Tom" & 'Jerry'</b>\u0007`)).toBe(
      '&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;',
    );
    expect(twimlMessages([])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(twimlMessages(['a & b', 'c'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>a &amp; b</Message><Message>c</Message></Response>',
    );
  });
});
