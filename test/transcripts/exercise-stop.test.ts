import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

/** A self-care intake, "exercises", the first exercise offered and the pain before it: an exercise step is asked. */
async function atFirstStep(channelId: string, locale: string, lng: 'en' | 'es'): Promise<Conversation> {
  const conv = new Conversation(bot.url, channelId, locale);
  await runIntake(conv, { mode: 'value', lng });
  if (conv.question === 'reminder.days') await conv.answer(0);
  await conv.say(lng === 'es' ? 'ejercicios' : 'exercises');
  expect(conv.question).toBe('exercise.pick');
  await conv.say('1');
  expect(conv.question).toBe('pain.now');
  await conv.answer('thigh');
  expect(conv.question).toBe('exercise.step');
  return conv;
}

describe('the pending question’s own choices beat commands (CONTRACT §3)', () => {
  it.each([
    ['webchat', 'stop', 'en-GB', 'en'],
    ['webchat', 'Stop!', 'en-GB', 'en'],
    ['sms', 'para', 'es-ES', 'es'],
    ['msteams', 'Parar', 'es-MX', 'es'],
  ] as const)(
    'on %s, "%s" mid-exercise stops the exercise, not the conversation',
    async (channelId, text, locale, lng) => {
      const conv = await atFirstStep(channelId, locale, lng);
      await conv.say(text);
      // The step's own `stop`: the pain-after question comes, and its answer is recorded as usual.
      expect(conv.question).toBe('pain.now');
      await conv.answer('thigh');
      expect(conv.question).toBe('exercise.pick');
    },
  );

  it('still stops the conversation on "stop" when no exercise step is pending', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.say('stop');
    expect(conv.question).toBeUndefined();
    await conv.say('40');
    expect(conv.question).toBeUndefined();
  });

  it('re-asks an unreadable step with a hint, the same step and the same choices', async () => {
    const conv = await atFirstStep('webchat', 'en-GB', 'en');
    const before = conv.last.find((r) => r.channelData?.question)!;
    await conv.say('banana');
    const again = conv.last.find((r) => r.channelData?.question)!;
    expect(again.channelData?.question).toEqual(before.channelData?.question);
    expect((again.channelData as { exercise?: unknown }).exercise).toEqual(
      (before.channelData as { exercise?: unknown }).exercise,
    );
    expect(again.text).not.toBe(before.text);
    expect(again.text).toContain(before.text!.split('\n')[0]!);
  });

  it('re-asks an unreadable pick with today’s exercises only, so a number still picks what was shown', async () => {
    const conv = new Conversation(bot.url, 'sms', 'en-GB');
    await runIntake(conv, { mode: 'value' });
    if (conv.question === 'reminder.days') await conv.answer(0);
    await conv.say('exercises');
    const shown = conv.last.at(-1)!.channelData!.question!.choices!.map((c) => c.value);
    await conv.say('banana');
    expect(conv.question).toBe('exercise.pick');
    expect(conv.last.at(-1)!.channelData!.question!.choices!.map((c) => c.value)).toEqual(shown);
  });
});
