import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ID_CHARS, MAX_TEXT_CHARS } from '../../src/http/activity.schema.js';
import { MAX_BODY_BYTES } from '../../src/server.js';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { rawRequest } from '../helpers/raw-http.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

/** A well-formed activity, with fields replaced or added by `patch`. */
function activity(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'm1',
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    from: { id: 'body-user' },
    recipient: { id: 'bot' },
    conversation: { id: `body-conv-${Math.random().toString(36).slice(2)}` },
    text: 'hello',
    ...patch,
  };
}

const postJson = (body: Buffer | string, headers: Record<string, string> = {}) =>
  rawRequest(bot.url, {
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** 30 bytes that start like gzip and then are not. */
const CORRUPT_GZIP = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(26, 0x41)]);

async function stillServes(): Promise<void> {
  const health = await rawRequest(bot.url, { method: 'GET', path: '/healthz' });
  expect(health.status).toBe(200);
  const conv = new Conversation(bot.url);
  await conv.say('hi');
  expect(conv.question).toBe('consent');
}

describe('bodies on every route', () => {
  it.each([
    ['GET', '/healthz'],
    ['POST', '/api/messages'],
    ['POST', '/v3/directline/conversations'],
    ['POST', '/api/sms'],
    ['GET', '/'],
    ['PUT', '/nowhere'],
  ])('answers a corrupt gzip body on %s %s with 400', async (method, path) => {
    const res = await rawRequest(bot.url, {
      method,
      path,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: CORRUPT_GZIP,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body) as unknown).toMatchObject({ error: 'invalid body' });
    await stillServes();
  });

  it('applies the size limit to the decompressed body (a gzip bomb gets 413)', async () => {
    const huge = JSON.stringify(activity({ text: 'a'.repeat(20 * 1024 * 1024) }));
    const bomb = zlib.gzipSync(huge, { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const res = await postJson(bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    await stillServes();
  });

  it.each(['gzip', 'deflate', 'br'] as const)('takes a %s-compressed activity like a plain one', async (encoding) => {
    const raw = Buffer.from(JSON.stringify(activity()));
    const body =
      encoding === 'gzip'
        ? zlib.gzipSync(raw)
        : encoding === 'deflate'
          ? zlib.deflateSync(raw)
          : zlib.brotliCompressSync(raw);
    const res = await postJson(body, { 'content-encoding': encoding });
    expect(res.status).toBe(200);
    const replies = (JSON.parse(res.body) as { activities: Reply[] }).activities;
    expect(replies.find((r) => r.channelData?.question)?.channelData?.question?.id).toBe('consent');
  });

  it('answers an unknown Content-Encoding with 415', async () => {
    const res = await postJson(JSON.stringify(activity()), { 'content-encoding': 'compress' });
    expect(res.status).toBe(415);
  });

  it('answers a body larger than the limit with 413 before reading it', async () => {
    const res = await postJson(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    expect(res.status).toBe(413);
  });

  it('refuses bodies that are not UTF-8, nested thousands deep, or carry a lone surrogate, with 400', async () => {
    expect((await postJson(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).status).toBe(400);
    const deep = `{"value":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(
      (await postJson(JSON.stringify(activity()).replace('"text":"hello"', `"text":"hello","value":${deep}`))).status,
    ).toBe(400);
    expect((await postJson(JSON.stringify(activity()).replace('"m1"', '"m\\ud800"'))).status).toBe(400);
    await stillServes();
  });

  it('sends nosniff on JSON answers', async () => {
    const res = await rawRequest(bot.url, { method: 'GET', path: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('one schema at the door of /api/messages', () => {
  const long = (n: number) => 'x'.repeat(n);
  it.each([
    ['a numeric locale', { locale: 42 }],
    ['a non-string serviceUrl', { serviceUrl: 7 }],
    ['a serviceUrl that is not a URL', { serviceUrl: 'not a url' }],
    ['a numeric conversation id', { conversation: { id: 12 } }],
    ['a from id that is an object', { from: { id: { a: 1 } } }],
    ['a non-string text', { text: ['hello'] }],
    ['a non-array entities', { entities: { type: 'x' } }],
    ['a text longer than the limit', { text: long(MAX_TEXT_CHARS + 1) }],
    ['an id longer than the store key allows', { conversation: { id: long(MAX_ID_CHARS + 1) } }],
    ['a user id longer than the limit', { from: { id: long(MAX_ID_CHARS + 1) } }],
    ['no recipient', { recipient: undefined }],
    ['an unknown delivery mode', { deliveryMode: 'telepathy' }],
  ])('answers %s with 400 and a reason, and stores nothing', async (_name, patch) => {
    const body = activity(patch);
    const res = await postJson(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid activity', reason: expect.any(String) });
    const conversationId = (body.conversation as { id: unknown }).id;
    if (typeof conversationId === 'string')
      expect(await bot.app.store.getConversation(`webchat:${conversationId}`)).toBeUndefined();
  });

  it('takes an id of the longest allowed length, made of 4-byte characters, on every turn', async () => {
    const id = '😀'.repeat(MAX_ID_CHARS / 2);
    const conv = new Conversation(bot.url, 'webchat', 'en-US', id, id);
    await conv.say('hi');
    expect(conv.question).toBe('consent');
    await conv.answer('agree');
    expect(conv.question).toBe('age');
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await rawRequest(bot.url, {
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(activity()),
    });
    expect(res.status).toBe(415);
  });
});
