import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { startStandInConnector, type Delivered } from '../helpers/stand-in-connector.js';

type Connector = Awaited<ReturnType<typeof startStandInConnector>>;
type Message = { text?: string; value?: unknown };

let bot: TestBot;
let first: Connector;
let second: Connector;
beforeAll(async () => {
  [bot, first, second] = await Promise.all([startTestBot(), startStandInConnector(), startStandInConnector()]);
});
afterAll(async () => {
  await Promise.all([bot.dispose(), first.close(), second.close()]);
});

/** What a patient sees of a reply: the parts that do not name the conversation or the activity. */
function seen(a: Reply | Delivered['activity']): Record<string, unknown> {
  const { type, text, channelData, suggestedActions, attachments } = a;
  return { type, text, channelData, suggestedActions, attachments };
}

/** One conversation whose replies go to a stand-in connector (normal delivery): the HTTP answer carries none. */
class DeliveredConversation {
  private n = 0;
  readonly id = `conv-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly connector: Connector) {}

  async send(message: Message): Promise<Delivered['activity'][]> {
    const before = this.delivered().length;
    const activity = {
      type: 'message',
      id: `${this.id}-m${++this.n}`,
      channelId: 'webchat',
      serviceUrl: this.connector.url,
      locale: 'en-US',
      from: { id: `user-${this.id}` },
      recipient: { id: 'bot' },
      conversation: { id: this.id },
      ...message,
    };
    const res = await Conversation.post(bot.url, activity);
    expect(res.status).toBe(200);
    // The replies are sent during the turn; waiting for them only guards against a slow loopback.
    await vi.waitFor(() => expect(this.delivered().length).toBeGreaterThan(before));
    return this.delivered().slice(before);
  }

  delivered(): Delivered['activity'][] {
    return this.connector.delivered.filter((d) => d.conversationId === this.id).map((d) => d.activity);
  }
}

const SCRIPT: Message[] = [{ text: 'hi' }, { value: { answer: 'agree' } }, { text: '35' }, { text: 'no' }];

describe('outbound clients reused across requests', () => {
  it('gives the same replies with expectReplies and with normal delivery, each turn to its own service URL', async () => {
    const expecting = new Conversation(bot.url, 'webchat', 'en-US');
    const atFirst = new DeliveredConversation(first);
    const atSecond = new DeliveredConversation(second);
    for (const message of SCRIPT) {
      const expected = (await expecting.send(message)).map(seen);
      expect(expected.length).toBeGreaterThan(0);
      // Interleaved, so a client cached for one service URL would show up at the other connector.
      expect((await atFirst.send(message)).map(seen)).toEqual(expected);
      expect((await atSecond.send(message)).map(seen)).toEqual(expected);
    }
    expect(first.delivered.every((d) => d.conversationId === atFirst.id)).toBe(true);
    expect(second.delivered.every((d) => d.conversationId === atSecond.id)).toBe(true);
  });
});
