import { afterAll, beforeAll, expect, it } from 'vitest';
import { Conversation, describeOnStores, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';
import { EMERGENCY_FLAGS } from '../../dialogs/triage/red-flags.js';

describeOnStores('full triage over HTTP (expectReplies)', (kind) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ on: kind });
  });
  afterAll(() => bot.dispose());

  it.each([
    ['en-GB', 'en', 'value'],
    ['en-US', 'en', 'text'],
    ['es-ES', 'es', 'value'],
    ['es-MX', 'es', 'text'],
  ] as const)('reaches self care in %s answered by %s… (%s)', async (locale, lng, mode) => {
    const conv = new Conversation(bot.url, 'webchat', locale);
    const { asked } = await runIntake(conv, { mode, lng });
    expect(conv.triage).toEqual({ disposition: 'self_care', flags: [] });
    // The country is clear from the locale's region, so it isn't asked.
    expect(asked).not.toContain('country');
    expect(asked.slice(0, 2)).toEqual(['consent', 'age']);
    expect(asked.filter((q) => q.startsWith('redflag.'))).toEqual(EMERGENCY_FLAGS.map((f) => `redflag.${f}`));
    expect(asked.slice(-4)).toEqual(['pain.left', 'pain.right', 'pain.score', 'pain.weeks']);
  });

  it('asks the country when the locale has no region, and uses its number', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'es');
    const { asked } = await runIntake(conv, {
      mode: 'text',
      lng: 'es',
      answers: { country: 'México', 'redflag.chest_pain': 'sí' },
    });
    expect(asked).toContain('country');
    expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['chest_pain'] });
    const outcome = conv.last.find((r) => r.channelData?.triage)!;
    expect(outcome.text).toContain('911');
  });

  it('replies in Spanish to an es locale and in English to an unsupported one', async () => {
    const es = new Conversation(bot.url, 'webchat', 'es-ES');
    await es.say('hola');
    const consentEs = es.last.find((r) => r.channelData?.question)!;
    const en = new Conversation(bot.url, 'webchat', 'fr-FR');
    await en.say('bonjour');
    const consentEn = en.last.find((r) => r.channelData?.question)!;
    expect(consentEs.channelData!.question!.id).toBe('consent');
    expect(consentEn.channelData!.question!.id).toBe('consent');
    expect(consentEs.text).not.toBe(consentEn.text);
    expect(consentEs.channelData!.question!.choices!.map((c) => c.value)).toEqual(['agree', 'decline']);
  });

  it('asks the same question again with a hint when the answer cannot be read, losing nothing', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    expect(conv.question).toBe('age');
    const normal = conv.last.find((r) => r.channelData?.question)!.text;
    await conv.say('banana');
    expect(conv.question).toBe('age');
    expect(conv.last.find((r) => r.channelData?.question)!.text).not.toBe(normal);
    await conv.answer(999);
    expect(conv.question).toBe('age');
    await conv.answer('redflag.chest_pain');
    expect(conv.question).toBe('age');
    await conv.say('40');
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
  });

  it('ignores a stale button from an earlier question and re-asks the current one', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.answer(40);
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
    await conv.answer('agree');
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
  });

  it('takes help, restart and stop at any point', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.answer(40);
    await conv.say('help');
    expect(conv.last.length).toBe(2);
    expect(conv.last[0]!.text).toContain('999');
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
    await conv.send({ value: { command: 'restart' } });
    expect(conv.question).toBe('consent');
    await conv.say('stop');
    expect(conv.question).toBeUndefined();
    await conv.say('no');
    expect(conv.question).toBeUndefined();
    await conv.say('restart');
    expect(conv.question).toBe('consent');
  });

  it('ends politely with the emergency list when consent is declined', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-US');
    await conv.say('hi');
    await conv.say('no thanks');
    expect(conv.question).toBeUndefined();
    expect(conv.last[0]!.text).toContain('911');
  });
});
