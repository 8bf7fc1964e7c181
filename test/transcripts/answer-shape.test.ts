import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

describe('only answers are answers, over HTTP (CONTRACT §3)', () => {
  it.each([
    [
      'en-GB',
      'hello',
      "no pain in my back, it's my leg",
      'yes',
      'the pain started 3 years ago after I lifted a sofa',
      "I'm 45",
    ],
    [
      'es-ES',
      'hola',
      'no me duele la espalda, es la pierna',
      'sí',
      'el dolor empezó hace 3 años después de levantar un sofá',
      'tengo 45 años',
    ],
  ])(
    'in %s, a story neither declines consent nor gives the age; the answers that follow do',
    async (locale, hello, story, yes, ageStory, age) => {
      const conv = new Conversation(bot.url, 'webchat', locale);
      await conv.say(hello);
      expect(conv.question).toBe('consent');
      await conv.say(story);
      expect(conv.question).toBe('consent');
      await conv.say(yes);
      expect(conv.question).toBe('age');
      const asked = conv.last.find((r) => r.channelData?.question)!.text;
      await conv.say(ageStory);
      expect(conv.question).toBe('age');
      // The same question with a short hint before it: nothing said about being under 16.
      expect(conv.last).toHaveLength(1);
      expect(conv.last[0]!.text).toContain(asked);
      await conv.say(age);
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
    },
  );

  it('gives a number in a message with a red flag no weight: the flag wins and the age is asked again', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.say('my temperature was 38.5 last night');
    expect(conv.last.some((r) => r.channelData?.noticed?.includes('fever'))).toBe(true);
    expect(conv.question).toBe('age');
  });
});
