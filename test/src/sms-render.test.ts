import { describe, expect, it } from 'vitest';
import { splitText, SMS_MAX_CHARS } from '../../src/render/sms.render.js';

describe('SMS splitting', () => {
  it('keeps short text whole', () => {
    expect(splitText('Hello there')).toEqual(['Hello there']);
  });

  it('splits long text at word boundaries into pieces of at most 320 characters, losing no word', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`);
    const pieces = splitText(words.join(' '));
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(pieces.join(' ').split(/\s+/)).toEqual(words);
  });

  it('cuts a single word longer than the limit', () => {
    const pieces = splitText('x'.repeat(700));
    expect(pieces.map((p) => p.length)).toEqual([320, 320, 60]);
  });
});
