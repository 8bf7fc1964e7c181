import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

const BOT = 'bot';

/** A channel's activity in one conversation; `fields` set the type and what it carries. */
function activityOf(conv: Conversation, id: string, fields: Record<string, unknown>) {
  return {
    id,
    channelId: conv.channelId,
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: conv.locale,
    from: { id: conv.userId },
    recipient: { id: BOT },
    conversation: { id: conv.conversationId, ...(conv.channelId === 'msteams' && { conversationType: 'personal' }) },
    ...fields,
  };
}

async function post(conv: Conversation, id: string, fields: Record<string, unknown>): Promise<Reply[]> {
  const res = await Conversation.post(bot.url, activityOf(conv, id, fields));
  expect(res.status).toBe(200);
  return (res.body as { activities: Reply[] }).activities;
}

const asked = (replies: Reply[]) =>
  [...replies].reverse().find((r) => r.channelData?.question)?.channelData?.question?.id;

/** The activities each channel sends when a chat opens, in the order it sends them. */
const OPENINGS: Record<string, (conv: Conversation) => Record<string, unknown>[]> = {
  // Direct Line (Azure Web Chat): the bot joins, then the user.
  webchat: (conv) => [
    { type: 'conversationUpdate', membersAdded: [{ id: BOT }] },
    { type: 'conversationUpdate', membersAdded: [{ id: conv.userId }] },
  ],
  // The Emulator adds both at once.
  emulator: (conv) => [{ type: 'conversationUpdate', membersAdded: [{ id: conv.userId }, { id: BOT }] }],
  // Teams, when the user installs the bot: the bot joins the personal chat, and the app is installed.
  msteams: () => [
    { type: 'conversationUpdate', membersAdded: [{ id: BOT }] },
    { type: 'installationUpdate', action: 'add' },
  ],
};

describe('a greeting on arrival (CONTRACT §1)', () => {
  it.each(Object.keys(OPENINGS))('greets and asks for consent once when a %s chat opens', async (channelId) => {
    const conv = new Conversation(bot.url, channelId, 'en-GB');
    const [first, ...rest] = OPENINGS[channelId]!(conv);
    const greeting = await post(conv, 'open-1', first!);
    expect(asked(greeting)).toBe('consent');
    expect(greeting.length).toBeGreaterThanOrEqual(2);
    let n = 2;
    for (const later of rest) expect(await post(conv, `open-${n++}`, later)).toEqual([]);
    // "hello" afterwards asks the pending question again, without the greeting.
    const hello = await conv.say('hello');
    expect(asked(hello)).toBe('consent');
    expect(hello).toHaveLength(1);
    expect(hello.map((r) => r.text)).not.toContain(greeting[0]!.text);
    await conv.answer('agree');
    expect(conv.question).toBe('age');
  });

  it('greets on Teams’ installationUpdate when it comes first, and not again on the conversationUpdate', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'es-ES');
    expect(asked(await post(conv, 'i1', { type: 'installationUpdate', action: 'add' }))).toBe('consent');
    expect(await post(conv, 'i2', { type: 'conversationUpdate', membersAdded: [{ id: BOT }] })).toEqual([]);
  });

  it('offers a returning user the check-in on arrival', async () => {
    const first = new Conversation(bot.url, 'emulator', 'en-GB');
    await runIntake(first, { mode: 'value' });
    expect(first.triage?.disposition).toBe('self_care');
    const again = new Conversation(bot.url, 'emulator', 'en-GB', undefined, first.userId);
    expect(
      asked(await post(again, 'r1', { type: 'conversationUpdate', membersAdded: [{ id: again.userId }, { id: BOT }] })),
    ).toBe('checkin.start');
  });

  it('says nothing when a chat that already started is opened again, or someone leaves', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    expect(await post(conv, 'u1', { type: 'conversationUpdate', membersAdded: [{ id: conv.userId }] })).toEqual([]);
    expect(await post(conv, 'u2', { type: 'conversationUpdate', membersRemoved: [{ id: conv.userId }] })).toEqual([]);
    expect(await post(conv, 'u3', { type: 'installationUpdate', action: 'remove' })).toEqual([]);
    await conv.say('40');
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
  });

  it('stays quiet in a group chat, which it joins without being spoken to', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-GB');
    const group = { id: conv.conversationId, conversationType: 'groupChat', isGroup: true };
    expect(
      await post(conv, 'g1', { type: 'conversationUpdate', membersAdded: [{ id: BOT }], conversation: group }),
    ).toEqual([]);
    expect(await post(conv, 'g2', { type: 'installationUpdate', action: 'add', conversation: group })).toEqual([]);
  });
});
