import { afterEach, expect, it } from 'vitest';
import { Conversation, describeOnStores, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';

/** One user's activities with ids the test chooses, as a channel that retries would send them. */
function channel(
  conversationId = `conv-${Math.random().toString(36).slice(2)}`,
  userId = `user-${Math.random().toString(36).slice(2)}`,
) {
  const activity = (id: string, fields: Record<string, unknown>) => ({
    type: 'message',
    id,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: 'en-GB',
    from: { id: userId },
    recipient: { id: 'bot' },
    conversation: { id: conversationId },
    ...fields,
  });
  return {
    activity,
    async post(url: string, body: object): Promise<Reply[]> {
      const res = await Conversation.post(url, body);
      expect(res.status).toBe(200);
      return (res.body as { activities: Reply[] }).activities;
    },
  };
}

const asked = (replies: Reply[]) =>
  [...replies].reverse().find((r) => r.channelData?.question)?.channelData?.question?.id;

/** Up to the first emergency question: consent, age. */
async function toScreen(url: string, ch: ReturnType<typeof channel>): Promise<void> {
  await ch.post(url, ch.activity('a1', { text: 'hi' }));
  await ch.post(url, ch.activity('a2', { value: { answer: 'agree', question: 'consent' } }));
  expect(asked(await ch.post(url, ch.activity('a3', { text: '40' })))).toBe('redflag.saddle_anaesthesia');
}

describeOnStores('exactly once (CONTRACT §1)', (kind) => {
  let bots: TestBot[] = [];
  afterEach(async () => {
    for (const b of bots) await b.dispose();
    bots = [];
  });

  /** A bot on this run's store kind, or on the store of a bot stopped before. */
  async function start(sameStoreAs?: TestBot): Promise<TestBot> {
    const bot = await startTestBot(sameStoreAs ? { sameStoreAs } : { on: kind });
    bots.push(bot);
    return bot;
  }

  it('applies a repeated activity once: the repeat gets no replies and a repeated "no" answers nothing else', async () => {
    const bot = await start();
    const ch = channel();
    await toScreen(bot.url, ch);
    const no = ch.activity('a4', { text: 'no' });
    expect(asked(await ch.post(bot.url, no))).toBe('redflag.urinary_retention');
    expect(await ch.post(bot.url, no)).toEqual([]);
    expect(await ch.post(bot.url, { ...no, value: { answer: 'no', question: 'redflag.urinary_retention' } })).toEqual(
      [],
    );
    // "help" re-asks what is pending: still the question after the first "no".
    expect(asked(await ch.post(bot.url, ch.activity('a5', { text: 'help' })))).toBe('redflag.urinary_retention');
  });

  it('applies one of two copies that arrive together', async () => {
    const bot = await start();
    const ch = channel();
    await toScreen(bot.url, ch);
    const no = ch.activity('a4', { value: { answer: 'no', question: 'redflag.saddle_anaesthesia' } });
    const [first, second] = await Promise.all([ch.post(bot.url, no), ch.post(bot.url, no)]);
    expect([first, second].filter((r) => r.length === 0)).toHaveLength(1);
    expect(asked(await ch.post(bot.url, ch.activity('a5', { text: 'help' })))).toBe('redflag.urinary_retention');
  });

  it('still knows an activity after a restart', async () => {
    const first = await start();
    const ch = channel();
    await toScreen(first.url, ch);
    const no = ch.activity('a4', { text: 'no' });
    expect(asked(await ch.post(first.url, no))).toBe('redflag.urinary_retention');
    await first.stop();
    bots = [];
    const second = await start(first);
    expect(await ch.post(second.url, no)).toEqual([]);
    expect(asked(await ch.post(second.url, ch.activity('a5', { text: 'help' })))).toBe('redflag.urinary_retention');
  });

  it('tells apart the same activity id in two conversations', async () => {
    const bot = await start();
    const a = channel();
    const b = channel();
    expect(asked(await a.post(bot.url, a.activity('same', { text: 'hi' })))).toBe('consent');
    expect(asked(await b.post(bot.url, b.activity('same', { text: 'hi' })))).toBe('consent');
  });
});
