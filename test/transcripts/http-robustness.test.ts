import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

async function stillServes(): Promise<void> {
  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const conv = new Conversation(bot.url);
  await conv.say('hi');
  expect(conv.question).toBe('consent');
}

describe('malformed HTTP input gets a 4xx and the server keeps serving', () => {
  it('rejects bad JSON with 400', async () => {
    const res = await Conversation.post(bot.url, '{"type": "message", ');
    expect(res.status).toBe(400);
    await stillServes();
  });

  it('rejects an activity without a type with 400 and a reason', async () => {
    const res = await Conversation.post(bot.url, {
      channelId: 'webchat',
      from: { id: 'u' },
      conversation: { id: 'c' },
      text: 'hi',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('type');
    await stillServes();
  });

  it('rejects a body that is not an object, and one missing the conversation', async () => {
    expect((await Conversation.post(bot.url, '[1,2,3]')).status).toBe(400);
    expect((await Conversation.post(bot.url, '"hello"')).status).toBe(400);
    expect(
      (await Conversation.post(bot.url, { type: 'message', channelId: 'webchat', from: { id: 'u' } })).status,
    ).toBe(400);
    await stillServes();
  });

  it('rejects a 2 MB body with 413', async () => {
    const res = await Conversation.post(bot.url, {
      type: 'message',
      channelId: 'webchat',
      from: { id: 'u' },
      conversation: { id: 'c' },
      text: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    await stillServes();
  });

  it('rejects a non-JSON content type with 4xx', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await stillServes();
  });

  it('answers a non-message activity (conversationUpdate) without replies', async () => {
    const res = await Conversation.post(bot.url, {
      type: 'conversationUpdate',
      channelId: 'webchat',
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      from: { id: 'u' },
      recipient: { id: 'bot' },
      conversation: { id: 'c-up' },
      membersAdded: [{ id: 'u' }],
    });
    expect(res.status).toBe(200);
    await stillServes();
  });
});
