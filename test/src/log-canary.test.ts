import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { gzipSync } from 'node:zlib';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { smsConversationId } from '../../src/channels/sms.webhook.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store } from '../../src/store/store.js';
import { call, RestConversation } from '../channels/support/directline-client.js';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';

/**
 * Canaries (unique strings) are planted in message text, user, conversation and activity ids,
 * phone numbers and client addresses, on every error path we know of; no log line at trace
 * level, nor anything written to the console, may show one. Ids must show as their HMAC.
 */

const KEY = 'canary-test-log-hash-key-0123456789abcdef';
const TWILIO = 'canary-test-twilio-auth-token';
const hmac = (id: string) => createHmac('sha256', KEY).update(id).digest('hex').slice(0, 16);

const lines: string[] = [];
const consoleOut: string[] = [];
const planted = new Set<string>();
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let seq = 0;
/** A canary of letters only, so that no digit-based masking can hide a leak. */
function canary(kind: string): string {
  const word = `canary${kind}${String(++seq).replace(/\d/g, (d) => 'qwertyuiop'[Number(d)]!)}`;
  planted.add(word);
  return word;
}
/** A canary phone number; its digits without the plus are planted too. */
function canaryPhone(): string {
  const phone = `+4477009${String(10000 + ++seq).slice(-5)}`;
  planted.add(phone).add(phone.slice(1)).add(phone.slice(-9));
  return phone;
}
function plant(...values: string[]): void {
  for (const v of values) planted.add(v);
}

/** Every canary given, and every one planted so far, is absent from every log line and console output. */
function expectNoCanary(): void {
  const all = [...lines, ...consoleOut].join('\n');
  for (const c of planted) expect(all, `leaked: ${c}`).not.toContain(c);
}
/** The parsed log lines with this message. */
function logged(msg: string): Record<string, unknown>[] {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);
}

/** Conversation keys whose snapshot save throws, with an error message that quotes the ids. */
const exploding = new Set<string>();
function explodingStore(): Store {
  const store = createMemoryStore();
  return {
    ...store,
    saveConversation: async (key, doc, eTag) => {
      if (exploding.has(key)) throw new Error(`no room to write ${key} of ${doc.userKey}`);
      return store.saveConversation(key, doc, eTag);
    },
    // A turn writes through commitTurn: its failure quotes the ids, as a driver's error might.
    commitTurn: async (turn) => {
      if (exploding.has(turn.conversationKey))
        throw new Error(`no room to write ${turn.conversationKey} of ${turn.doc.userKey}`);
      return store.commitTurn(turn);
    },
  };
}

/** A stand-in channel that refuses every send with a 400 that quotes the request (URL and body). */
async function startRefusingChannel(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'BadArgument', message: `cannot deliver ${req.url} ${body}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function activity(fields: {
  text: string;
  conversation: string;
  user: string;
  id: string;
  serviceUrl?: string;
  expectReplies?: boolean;
}) {
  return {
    type: 'message',
    id: fields.id,
    channelId: 'webchat',
    serviceUrl: fields.serviceUrl ?? 'http://127.0.0.1:1',
    ...(fields.expectReplies !== false && { deliveryMode: 'expectReplies' }),
    locale: 'en-US',
    from: { id: fields.user, name: fields.user },
    recipient: { id: 'bot' },
    conversation: { id: fields.conversation },
    text: fields.text,
  };
}
const fresh = (extra: Partial<Parameters<typeof activity>[0]> = {}) => ({
  text: `${canary('text')} my leg is numb and I wet myself`,
  conversation: canary('conv'),
  user: canary('user'),
  id: canary('activity'),
  ...extra,
});

let bot: TestBot;
let authed: TestBot;
let store: Store;
let refusing: Awaited<ReturnType<typeof startRefusingChannel>>;

beforeAll(async () => {
  for (const method of ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleOut.push(format(...args)));
  }
  store = explodingStore();
  const log = { level: 'trace', destination: sink };
  bot = await startTestBot({
    store,
    log,
    env: { LOG_HASH_KEY: KEY, TWILIO_AUTH_TOKEN: TWILIO, TRUST_PROXY: 'true', WEBCHAT_TOKEN_RATE_LIMIT: '10' },
  });
  authed = await startTestBot({
    store: createMemoryStore(),
    log,
    env: {
      LOG_HASH_KEY: KEY,
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
    },
  });
  refusing = await startRefusingChannel();
});

afterAll(async () => {
  // Unset when beforeAll failed before assigning them.
  await Promise.all([
    (bot as TestBot | undefined)?.dispose(),
    (authed as TestBot | undefined)?.dispose(),
    (refusing as typeof refusing | undefined)?.close(),
  ]);
  vi.restoreAllMocks();
});

describe.concurrent('no log line shows a message, an answer or a raw id', () => {
  it('on a turn over /api/messages, where the conversation shows as its HMAC', async () => {
    const a = fresh();
    const res = await Conversation.post(bot.url, activity(a));
    expect(res.status).toBe(200);
    expect(logged('turn done').some((l) => l.conv === hmac(`webchat:${a.conversation}`))).toBe(true);
    expectNoCanary();
  });

  it('when a turn throws with an error that quotes its ids', async () => {
    const a = fresh();
    exploding.add(`webchat:${a.conversation}`);
    const res = await Conversation.post(bot.url, activity(a));
    expect(res.status).toBe(200);
    expect(logged('turn failed').some((l) => l.conv === hmac(`webchat:${a.conversation}`))).toBe(true);
    expectNoCanary();
  });

  it('when the channel refuses the outgoing send with an error quoting the request', async () => {
    const a = fresh({ serviceUrl: refusing.url, expectReplies: false });
    const res = await Conversation.post(bot.url, activity(a));
    expect(res.status).toBe(500);
    expect(logged('turn not completed').length).toBeGreaterThan(0);
    expectNoCanary();
  });

  it("when the outgoing send finds the channel's port closed", { timeout: 90_000 }, async () => {
    const a = fresh({ serviceUrl: 'http://127.0.0.1:1', expectReplies: false });
    const res = await Conversation.post(bot.url, activity(a));
    expect(res.status).toBe(500);
    expect(logged('turn failed').some((l) => l.conv === hmac(`webchat:${a.conversation}`))).toBe(true);
    expectNoCanary();
  });

  it('on bodies /api/messages refuses: bad JSON, wrong types, oversized ids, wrong media type, bad encoding', async () => {
    const a = fresh();
    const post = (body: string | Blob, headers: Record<string, string> = {}) =>
      fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const statuses = await Promise.all(
      [
        post(`{"type":"message","text":"${a.text}","conversation":{"id":"${a.conversation}"`),
        post(JSON.stringify({ ...activity(a), from: { id: 42, name: a.user }, text: { nested: a.text } })),
        post(JSON.stringify({ ...activity(a), conversation: { id: a.conversation.repeat(40) } })),
        post(JSON.stringify({ ...activity(a), serviceUrl: `javascript:${a.user}` })),
        post(JSON.stringify(activity(a)), { 'content-type': 'text/plain' }),
        post(new Blob([`not gzip ${a.text}`]), { 'content-encoding': 'gzip' }),
        post(new Blob([new Uint8Array(gzipSync(`{"text":"${a.text}"`))]), { 'content-encoding': 'gzip' }),
        post(`{"type":"message","text":"\\ud800${a.text}"}`),
      ].map(async (r) => (await r).status),
    );
    for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
    for (const status of statuses) expect(status).toBeLessThan(500);
    expectNoCanary();
  });

  it('on a route that does not exist, with ids in its path and query', async () => {
    const res = await fetch(`${bot.url}/api/messages/${canary('path')}?user=${canary('query')}`, {
      headers: { accept: 'image/png' },
    });
    expect(res.status).toBe(404);
    expectNoCanary();
  });

  it('on Direct Line: a turn, a turn that throws, forged and misused tokens, invalid activities, the stream', async () => {
    const conv = await RestConversation.start(bot.url);
    const claims = JSON.parse(Buffer.from(conv.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      user?: string;
    };
    plant(conv.id, conv.token, ...(claims.user ? [claims.user] : []));
    expect((await conv.post({ type: 'message', text: `${canary('text')} I cannot feel my saddle` })).status).toBe(200);
    exploding.add(`webchat:${conv.id}`);
    expect((await conv.post({ type: 'message', text: canary('text') })).status).toBe(200);
    expect((await conv.post({ type: 'message', text: canary('text') }, canary('forgedtoken'))).status).toBe(401);
    const other = canary('otherconv');
    expect(
      (
        await call(`${bot.url}/v3/directline/conversations/${other}/activities`, {
          method: 'POST',
          token: conv.token,
          body: JSON.stringify({ type: 'message', text: canary('text') }),
        })
      ).status,
    ).toBe(403);
    expect(logged('direct line token used for another conversation').some((l) => l.conv === hmac(other))).toBe(true);
    expect((await conv.post({ type: 'message', text: 42, value: canary('value') })).status).toBe(400);
    expect((await conv.post({ type: 'message', text: canary('text').padEnd(2100, 'x') })).status).toBe(400);
    expect(
      (await conv.post({ type: 'message', text: canary('text'), attachments: [{ name: canary('attachment') }] }))
        .status,
    ).toBe(400);
    expect((await conv.get(canary('watermark'))).status).toBe(400);
    const ws = new WebSocket(conv.streamUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
    expect(logged('direct line stream open').some((l) => l.conv === hmac(conv.id))).toBe(true);
    expectNoCanary();
  });

  it('when web chat tokens are refused for a client address past its rate limit', async () => {
    const address = `198.51.100.${(seq % 200) + 20}`;
    plant(address);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await call(`${bot.url}/api/webchat/token`, { method: 'POST', headers: { 'x-forwarded-for': address } }))
          .status,
      );
    expect(statuses.at(-1)).toBe(429);
    expect(logged('web chat token rate limit reached').some((l) => l.client === hmac(address))).toBe(true);
    expectNoCanary();
  });

  it('on the SMS webhook: a turn, a turn that throws, STOP and START, bad signatures, invalid parameters', async () => {
    const from = canaryPhone();
    const to = canaryPhone();
    const url = `${bot.url}/api/sms`;
    const sms = (
      params: Record<string, string>,
      signature = getExpectedTwilioSignature(TWILIO, url, params),
      type = 'application/x-www-form-urlencoded',
    ) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': type, 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      }).then((r) => r.status);
    const message = (body: string) => ({ From: from, To: to, Body: body, MessageSid: `SM${canary('sid')}` });
    expect(await sms(message(`${canary('text')} my legs are weak`))).toBe(200);
    expect(await sms(message('STOP'))).toBe(200);
    expect(logged('sms opt-out').some((l) => l.user === hmac(`sms:${from}`))).toBe(true);
    expect(await sms(message('START'))).toBe(200);
    exploding.add(`sms:${smsConversationId(from, to)}`);
    expect(await sms(message(canary('text')))).toBe(200);
    expect(await sms(message(canary('text')), 'forged')).toBe(403);
    expect(await sms(message(canary('text')), '')).toBe(403);
    expect(await sms({ From: `${canary('notaphone')} x`, Body: canary('text') })).toBe(400);
    expect(await sms(message(canary('text')), undefined, 'text/plain')).toBe(415);
    expectNoCanary();
  });

  it('when a reminder cannot be delivered', async () => {
    const userKey = `msteams:${canary('user')}`;
    const conversation = canary('conv');
    await store.addReminder({
      userKey,
      conversationKey: `msteams:${conversation}`,
      dueAt: new Date(Date.now() - 60_000).toISOString(),
      reference: {
        channelId: 'msteams',
        serviceUrl: refusing.url,
        activityId: canary('activity'),
        user: { id: userKey.slice(8) },
        bot: { id: 'bot' },
        conversation: { id: conversation },
        locale: 'en-US',
      },
    });
    expect(await bot.app.reminders.tick()).toBe(0);
    expect(logged('reminder not delivered').some((l) => l.user === hmac(userKey))).toBe(true);
    expectNoCanary();
  });

  it('on 401s with MicrosoftAppId set, whatever the Authorization and Accept headers', async () => {
    const a = fresh();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${canary('token')}`, accept: 'image/png' },
      { authorization: 'Basic dXNlcjpwYXNz', accept: 'text/html' },
    ];
    for (const headers of attempts) {
      expect((await Conversation.post(authed.url, activity(a), headers)).status).toBe(401);
    }
    expect(logged('request not authenticated').length).toBeGreaterThan(0);
    expectNoCanary();
  });
});

describe('every log line', () => {
  it('is JSON, carries ids only as 16 hex digits, and shows no canary planted above', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      for (const key of ['conv', 'user', 'client']) if (key in parsed) expect(parsed[key]).toMatch(/^[0-9a-f]{16}$/);
    }
    expectNoCanary();
  });
});
