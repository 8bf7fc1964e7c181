import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTokenService } from '../../src/channels/directline.tokens.js';
import { startTestBot, type TestBot } from '../helpers/http-bot.js';
import { call, newToken, readStream, RestConversation, type DLActivity } from './support/directline-client.js';

const SECRET = 'directline-test-secret-0123456789abcdef';
const CLINIC = 'https://clinic.example';
let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({
    env: {
      DIRECTLINE_TOKEN_SECRET: SECRET,
      WEBCHAT_ALLOWED_ORIGINS: `${CLINIC}, https://other-clinic.example`,
      WEBCHAT_TOKEN_RATE_LIMIT: '1000',
    },
  });
});
afterAll(() => bot.dispose());

const dl = (path: string) => `${bot.url}/v3/directline${path}`;
const question = (activities: DLActivity[]) =>
  activities.filter((a) => a.channelData?.question).at(-1)?.channelData?.question;

describe('Direct Line tokens and access', () => {
  it('gives each page a token bound to a new conversation that starts with it', async () => {
    const a = await newToken(bot.url);
    const b = await newToken(bot.url);
    expect(a.conversationId).not.toBe(b.conversationId);
    expect(a.expires_in).toBe(1800);
    const res = await call<{ conversationId: string; streamUrl: string; token: string }>(dl('/conversations'), {
      method: 'POST',
      token: a.token,
    });
    expect(res.status).toBe(201);
    expect(res.body.conversationId).toBe(a.conversationId);
    expect(res.body.streamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${a.conversationId}/stream\\?watermark=0&t=`),
    );
  });

  it("refuses every call without a valid token of that conversation: none or forged → 401, expired or another conversation's → 403", async () => {
    const conv = await RestConversation.start(bot.url);
    const other = await RestConversation.start(bot.url);
    const expired = createTokenService({ secret: SECRET, ttlSeconds: 1800, now: () => Date.now() - 3600_000 }).issue(
      'conversation',
      conv.id,
      'dl_x',
    );
    const forged = createTokenService({ secret: 'x'.repeat(40), ttlSeconds: 1800 }).issue(
      'conversation',
      conv.id,
      'dl_x',
    );
    const message = { type: 'message', text: 'hello' };
    expect((await call(`${conv.url}/activities`, { method: 'POST', body: JSON.stringify(message) })).status).toBe(401);
    expect((await conv.post(message, 'garbage')).status).toBe(401);
    expect((await conv.post(message, forged)).status).toBe(401);
    expect((await conv.post(message, expired)).status).toBe(403);
    expect((await conv.post(message, other.token)).status).toBe(403);
    expect((await conv.get('0', other.token)).status).toBe(403);
    expect((await call(conv.url, { token: other.token })).status).toBe(403);
    expect((await call(dl('/conversations'), { method: 'POST', token: expired })).status).toBe(403);
    expect((await call(dl('/tokens/refresh'), { method: 'POST', token: expired })).status).toBe(403);
    // Nothing was posted by any of them.
    expect((await conv.get('0')).body.activities).toEqual([]);
  });

  it('refreshes a token for the same conversation', async () => {
    const conv = await RestConversation.start(bot.url);
    const res = await call<{ token: string; conversationId: string }>(dl('/tokens/refresh'), {
      method: 'POST',
      token: conv.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.conversationId).toBe(conv.id);
    expect((await conv.get('0', res.body.token)).status).toBe(200);
  });

  it('answers 404 for a conversation that was never started with its token', async () => {
    const { token, conversationId } = await newToken(bot.url);
    expect((await call(dl(`/conversations/${conversationId}/activities`), { token })).status).toBe(404);
  });

  it('rejects malformed activities with 400 and a reason, and uploads', async () => {
    const conv = await RestConversation.start(bot.url);
    const bad = [
      {},
      { type: 'message', text: 'x'.repeat(2001) },
      { type: 'message', text: 'hi', attachments: [{ contentType: 'image/png' }] },
      { type: 'message', locale: '<script>' },
      [1, 2],
    ];
    for (const body of bad) {
      const res = await conv.post(body as Record<string, unknown>);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/"code":"BadArgument"/);
    }
    const json = await call(`${conv.url}/activities`, { method: 'POST', token: conv.token, body: '{"type":' });
    expect(json.status).toBe(400);
    expect((await call(`${conv.url}/upload`, { method: 'POST', token: conv.token })).status).toBe(400);
    expect((await conv.get('abc')).status).toBe(400);
    expect((await conv.get('99')).status).toBe(400);
  });
});

describe('Direct Line conversation', () => {
  it('runs the bot: the echo (with the client activity id) then replies with questions, paged by watermark', async () => {
    const conv = await RestConversation.start(bot.url);
    const posted = await conv.post({
      type: 'message',
      text: 'hello',
      locale: 'en-GB',
      channelData: { clientActivityID: 'client-1' },
    });
    expect(posted.status).toBe(200);
    const first = await conv.get('0');
    const [echo, ...replies] = first.body.activities;
    expect(echo).toMatchObject({
      id: posted.body.id,
      from: { role: 'user' },
      channelData: { clientActivityID: 'client-1' },
    });
    expect(replies.every((r) => r.from?.role === 'bot' && r.replyToId === posted.body.id)).toBe(true);
    expect(question(replies)?.id).toBe('consent');
    expect(Number(first.body.watermark)).toBe(first.body.activities.length);
    // Nothing new since the watermark; then only what the next message brought.
    expect((await conv.get()).body.activities).toEqual([]);
    await conv.post({ type: 'message', value: { answer: 'agree' }, locale: 'en-GB' });
    const next = await conv.get();
    expect(next.body.activities[0]!.from?.role).toBe('user');
    expect(question(next.body.activities)?.id).toBe('age');
    // The first page is still there for a client that reconnects from the start.
    expect((await conv.get('0')).body.activities.slice(0, first.body.activities.length)).toEqual(first.body.activities);
  });

  it('greets when the page says the chat has opened (the join event), in the page language, and only once', async () => {
    const conv = await RestConversation.start(bot.url);
    expect((await conv.post({ type: 'event', name: 'webchat/join', value: {}, locale: 'es-ES' })).status).toBe(200);
    const first = (await conv.get('0')).body.activities.filter((a) => a.from?.role === 'bot');
    expect(question(first)?.id).toBe('consent');
    // In the page's language: the same question reads differently when the page is in English.
    const english = await RestConversation.start(bot.url);
    await english.post({ type: 'event', name: 'webchat/join', value: {}, locale: 'en-GB' });
    const inEnglish = (await english.get('0')).body.activities.filter((a) => a.from?.role === 'bot');
    const consentText = (as: DLActivity[]) => as.find((a) => a.channelData?.question?.id === 'consent')?.text;
    expect(consentText(first)).toBeTruthy();
    expect(consentText(first)).not.toBe(consentText(inEnglish));
    await conv.post({ type: 'event', name: 'webchat/join', value: {}, locale: 'es-ES' });
    expect((await conv.get()).body.activities.filter((a) => a.from?.role === 'bot')).toEqual([]);
  });

  it('renders as web chat: suggested actions that carry value.answer bound to value.question', async () => {
    const conv = await RestConversation.start(bot.url);
    const replies = await conv.send({ text: 'hello' });
    const consent = replies.find((r) => r.channelData?.question?.id === 'consent') as DLActivity & {
      suggestedActions?: { actions: { value: unknown }[] };
    };
    expect(consent.suggestedActions?.actions.map((a) => a.value)).toEqual([
      { answer: 'agree', question: 'consent' },
      { answer: 'decline', question: 'consent' },
    ]);
  });

  it('ignores the user id a client claims: the token decides who is talking', async () => {
    const conv = await RestConversation.start(bot.url);
    await conv.post({ type: 'message', text: 'hello', from: { id: 'someone-else' } });
    const [echo] = (await conv.get('0')).body.activities;
    expect(echo!.from!.id).toMatch(/^dl_/);
  });
});

describe('Direct Line WebSocket stream', () => {
  /** Collects stream messages; resolves `until` once `done` holds. */
  function listen(url: string, headers: Record<string, string> = {}) {
    const ws = new WebSocket(url, { headers });
    const activities: DLActivity[] = [];
    const watermarks: string[] = [];
    // A Buffer: ws's default binaryType is 'nodebuffer'.
    ws.on('message', (data) => {
      const set = JSON.parse((data as Buffer).toString('utf8')) as { activities: DLActivity[]; watermark: string };
      activities.push(...set.activities);
      watermarks.push(set.watermark);
    });
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    const until = async (done: () => boolean, ms = 5000) => {
      for (const end = Date.now() + ms; !done();) {
        if (Date.now() > end) throw new Error('stream: timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    return { ws, activities, watermarks, opened, until };
  }

  it('delivers the echo and the bot replies as they are sent, then the backlog to a late client', async () => {
    const conv = await RestConversation.start(bot.url);
    const live = listen(conv.streamUrl);
    await live.opened;
    await conv.post({ type: 'message', text: 'hello', locale: 'en-US' });
    await live.until(() => !!question(live.activities));
    expect(question(live.activities)?.id).toBe('consent');
    expect(live.activities[0]!.from?.role).toBe('user');
    expect(live.activities.map((a) => a.id)).toEqual((await conv.get('0')).body.activities.map((a) => a.id));
    live.ws.close();

    // A client that reconnects after watermark 1 gets the rest of the backlog, in order.
    const again = await call<{ streamUrl: string }>(`${conv.url}?watermark=1`, { token: conv.token });
    expect(again.status).toBe(200);
    const late = listen(again.body.streamUrl);
    await late.opened;
    await late.until(() => late.activities.length >= live.activities.length - 1);
    expect(late.activities.map((a) => a.id)).toEqual(live.activities.slice(1).map((a) => a.id));
    late.ws.close();
  });

  it('refuses a stream without a valid stream token of that conversation, or from a foreign page', async () => {
    const conv = await RestConversation.start(bot.url);
    const other = await RestConversation.start(bot.url);
    const base = conv.streamUrl.split('?')[0];
    await expect(listen(`${base}?watermark=0`).opened).rejects.toThrow('HTTP 401');
    await expect(listen(`${base}?watermark=0&t=${conv.token}`).opened).rejects.toThrow('HTTP 403');
    await expect(listen(`${base}?watermark=0&t=${other.streamUrl.split('t=')[1]}`).opened).rejects.toThrow('HTTP 403');
    await expect(listen(conv.streamUrl, { origin: 'https://evil.example' }).opened).rejects.toThrow('HTTP 403');
    const ok = listen(conv.streamUrl, { origin: CLINIC });
    await ok.opened;
    ok.ws.close();
  });
});

describe('Direct Line and forget me', () => {
  it('GIVEN a patient with a stream open WHEN they confirm forget_me THEN the stream gets the confirmation and closes, and their token gets nothing more', async () => {
    const conv = await RestConversation.start(bot.url);
    const stream = readStream(conv.streamUrl);
    await stream.opened;
    await conv.send({ text: 'hello' });
    await conv.send({ value: { answer: 'agree', question: 'consent' } });
    expect(question(await conv.send({ text: 'forget me' }))?.id).toBe('forget.confirm');
    await stream.until(() => question(stream.activities)?.id === 'forget.confirm');

    expect(
      (await conv.post({ type: 'message', value: { answer: 'delete', question: 'forget.confirm' }, locale: 'en-US' }))
        .status,
    ).toBe(200);
    expect(await stream.closed).toBe(1000);
    expect(stream.activities.at(-1)?.text).toMatch(/deleted everything/);
    const read = await conv.get('0');
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ error: { code: 'ConversationEnded' } });
    expect((await conv.post({ type: 'message', text: 'hello' })).status).toBe(403);
    expect((await call(dl('/tokens/refresh'), { method: 'POST', token: conv.token })).status).toBe(403);
    expect((await call(dl('/conversations'), { method: 'POST', token: conv.token })).status).toBe(403);
    await expect(readStream(conv.streamUrl).opened).rejects.toThrow('HTTP 404');
  });

  it("ends only the deleted user's conversations", async () => {
    const gone = await RestConversation.start(bot.url);
    const kept = await RestConversation.start(bot.url);
    for (const conv of [gone, kept]) await conv.send({ text: 'hello' });
    await gone.send({ value: { answer: 'agree', question: 'consent' } });
    await gone.send({ text: 'forget me' });
    expect(
      (await gone.post({ type: 'message', value: { answer: 'delete', question: 'forget.confirm' }, locale: 'en-US' }))
        .status,
    ).toBe(200);
    expect((await gone.get('0')).status).toBe(403);
    expect((await kept.get('0')).status).toBe(200);
    expect(question(await kept.send({ value: { answer: 'agree', question: 'consent' } }))?.id).toBe('age');
  });
});

describe('web chat CORS', () => {
  it("answers preflights for the clinic's origins and refuses other pages before anything runs", async () => {
    const pre = await call(dl('/conversations'), {
      method: 'OPTIONS',
      headers: {
        origin: CLINIC,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(CLINIC);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const token = await call(`${bot.url}/api/webchat/token`, { method: 'POST', headers: { origin: CLINIC } });
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe(CLINIC);
    const evil = await call(`${bot.url}/api/webchat/token`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect((await call(`${bot.url}/api/webchat/token`, { method: 'POST', headers: { origin: bot.url } })).status).toBe(
      200,
    );
  });
});

describe('web chat token rate limit', () => {
  it('answers 429 with Retry-After once a client address has asked for too many tokens', async () => {
    const limited = await startTestBot({ env: { WEBCHAT_TOKEN_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await call(`${limited.url}/api/webchat/token`, { method: 'POST' });
        statuses.push(res.status);
        retryAfter ??= res.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.dispose();
    }
  });
});

describe('behind a reverse proxy', () => {
  it('rate-limits by the address the proxy saw (TRUST_PROXY) and gives wss:// stream URLs for https', async () => {
    const proxied = await startTestBot({ env: { WEBCHAT_TOKEN_RATE_LIMIT: '1', TRUST_PROXY: 'true' } });
    try {
      const token = (client: string) =>
        call<{ token: string }>(`${proxied.url}/api/webchat/token`, {
          method: 'POST',
          headers: { 'x-forwarded-for': `203.0.113.9, ${client}` },
        });
      expect((await token('198.51.100.1')).status).toBe(200);
      expect((await token('198.51.100.2')).status).toBe(200);
      expect((await token('198.51.100.1')).status).toBe(429);
      const { token: t } = await newToken(proxied.url, { 'x-forwarded-for': '198.51.100.3' });
      const started = await call<{ streamUrl: string }>(`${proxied.url}/v3/directline/conversations`, {
        method: 'POST',
        token: t,
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(started.body.streamUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v3\/directline\//);
    } finally {
      await proxied.dispose();
    }
  });

  it('rate-limits tokens by IPv6 /64 and counts ::ffff: addresses as their IPv4 address', async () => {
    const proxied = await startTestBot({ env: { WEBCHAT_TOKEN_RATE_LIMIT: '2', TRUST_PROXY: 'true' } });
    try {
      const token = async (client: string) =>
        (await call(`${proxied.url}/api/webchat/token`, { method: 'POST', headers: { 'x-forwarded-for': client } }))
          .status;
      // Three addresses of one /64 are one client: the third request is over the limit of 2.
      expect([
        await token('2001:db8:42:1::1'),
        await token('2001:db8:42:1::2'),
        await token('2001:db8:42:1:ffff:1:2:3'),
      ]).toEqual([200, 200, 429]);
      expect(await token('2001:db8:42:2::1')).toBe(200);
      expect([await token('198.51.100.20'), await token('::ffff:198.51.100.20'), await token('198.51.100.20')]).toEqual(
        [200, 200, 429],
      );
    } finally {
      await proxied.dispose();
    }
  });

  it('uses PUBLIC_URL for stream URLs when it is set', async () => {
    const published = await startTestBot({ env: { PUBLIC_URL: 'https://chat.clinic.example/bot/' } });
    try {
      const conv = await RestConversation.start(published.url);
      expect(conv.streamUrl).toMatch(/^wss:\/\/chat\.clinic\.example\/bot\/v3\/directline\/conversations\//);
    } finally {
      await published.dispose();
    }
  });
});
