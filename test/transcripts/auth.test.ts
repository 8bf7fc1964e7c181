import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({
    env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' },
  });
});
afterAll(() => bot.dispose());

const activity = {
  type: 'message',
  channelId: 'webchat',
  serviceUrl: 'http://127.0.0.1:1',
  deliveryMode: 'expectReplies',
  from: { id: 'u' },
  recipient: { id: 'bot' },
  conversation: { id: 'c' },
  text: 'hi',
};

describe('with an app id configured', () => {
  it('rejects a request without a token with 401', async () => {
    const res = await Conversation.post(bot.url, activity);
    expect(res.status).toBe(401);
  });

  // A well-formed JWT would make botbuilder fetch Microsoft's signing keys, which this offline
  // test can't reach; a token that isn't a JWT, or a wrong scheme, is refused before that.
  it.each(['Bearer not-a-jwt', 'Basic dXNlcjpwYXNz', 'Bearer '])(
    'rejects the authorization %j with 401',
    async (authorization) => {
      const res = await Conversation.post(bot.url, activity, { authorization });
      expect(res.status).toBe(401);
    },
  );

  it('still answers /healthz', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
