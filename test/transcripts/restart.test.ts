import { describe, expect, it } from 'vitest';
import { Conversation, startTestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

describe('memory across a server restart', () => {
  it('continues the same conversation where it stood after a restart on the same DATA_DIR', async () => {
    let bot = await startTestBot();
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.answer(52);
    await conv.answer('no');
    await conv.answer('unsure');
    expect(conv.question).toBe('redflag.urinary_incontinence');
    await bot.stop();

    bot = await startTestBot({ dataDir: bot.dataDir });
    const resumed = new Conversation(bot.url, 'webchat', 'en-GB', conv.conversationId, conv.userId);
    await resumed.say('what was the question?');
    // Unreadable answer: the same pending question again, nothing lost.
    expect(resumed.question).toBe('redflag.urinary_incontinence');
    await runIntake(resumed, { mode: 'value' });
    // The "not sure" given before the restart still counts.
    expect(resumed.triage).toEqual({ disposition: 'urgent', flags: ['urinary_retention'] });
    await bot.dispose();
  });

  it('finishes turns in flight before closing the store on shutdown', async () => {
    const bot = await startTestBot();
    const convs = Array.from({ length: 8 }, () => new Conversation(bot.url, 'webchat', 'en-GB'));
    const inFlight = convs.map((c) => c.say('hi'));
    await new Promise((r) => setTimeout(r, 20));
    const closing = bot.stop();
    const results = await Promise.allSettled(inFlight);
    await closing;
    // Each request either completed normally or was refused: none ran against a closed store.
    for (const [i, r] of results.entries()) if (r.status === 'fulfilled') expect(convs[i]!.question).toBe('consent');
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const again = await startTestBot({ dataDir: bot.dataDir });
    for (const [i, r] of results.entries()) {
      if (r.status !== 'fulfilled') continue;
      const c = new Conversation(again.url, 'webchat', 'en-GB', convs[i]!.conversationId, convs[i]!.userId);
      await c.answer('agree');
      expect(c.question).toBe('age');
    }
    await again.dispose();
  });
});
