import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';
import { rawRequest, type RawRequest } from '../helpers/raw-http.js';
import { startStandInConnector } from '../helpers/stand-in-connector.js';

/**
 * A seeded, bounded fuzz over every route: malformed JSON, wrong types, deep nesting, long
 * strings, odd Unicode, corrupt and oversized compressed bodies, odd headers. Nothing may get a
 * 5xx or take the process down, and a clean triage must still complete afterwards.
 */
const SEED = 20261130;
const REQUESTS = 2400;
const CONCURRENCY = 8;

/** mulberry32: a small seeded PRNG, so a failure can be replayed from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, max: number): number => Math.floor(rng() * max);

const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  '\u202e evil',
  '\ufeff',
  'ñandú',
  'e\u0301',
  '😱🦵',
  '\u200b',
  'a'.repeat(5000),
  '%s%n',
  '<script>',
  '{{t}}',
  'stop',
  'ayuda',
  '1',
  '-1',
  'NaN',
];

function randomValue(rng: Rng, depth = 0): unknown {
  switch (int(rng, depth > 3 ? 6 : 9)) {
    case 0:
      return pick(rng, [0, -1, 1e308, 3.5, Number.MAX_SAFE_INTEGER + 2]);
    case 1:
      return pick(rng, [true, false, null]);
    case 2:
    case 3:
      return pick(rng, ODD_TEXT);
    case 4:
      return 'x'.repeat(int(rng, 20_000));
    case 5:
      return [];
    case 6:
      return Array.from({ length: int(rng, 4) }, () => randomValue(rng, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: int(rng, 4) }, (_, i) => [
          pick(rng, ['id', 'answer', 'question', 'command', 'type', `k${i}`]),
          randomValue(rng, depth + 1),
        ]),
      );
    default:
      return {
        answer: randomValue(rng, depth + 1),
        question: pick(rng, ['consent', 'age', 'redflag.chest_pain', 'nope', 7]),
      };
  }
}

const FIELDS = [
  'type',
  'id',
  'channelId',
  'serviceUrl',
  'from',
  'from.id',
  'recipient',
  'conversation',
  'conversation.id',
  'text',
  'locale',
  'value',
  'entities',
  'attachments',
  'channelData',
  'deliveryMode',
  'membersAdded',
  'name',
  'replyToId',
] as const;

function activity(rng: Rng, serviceUrl: string): Record<string, unknown> {
  const a: Record<string, unknown> = {
    type: pick(rng, [
      'message',
      'message',
      'conversationUpdate',
      'installationUpdate',
      'invoke',
      'event',
      'typing',
      'weird',
    ]),
    id: `f${int(rng, 50)}`,
    channelId: pick(rng, ['webchat', 'msteams', 'emulator', 'sms', 'directline']),
    serviceUrl,
    deliveryMode: pick(rng, ['expectReplies', 'expectReplies', 'normal']),
    locale: pick(rng, ['en-US', 'es-MX', 'xx', 'es']),
    from: { id: `fuzz-user-${int(rng, 6)}` },
    recipient: { id: 'bot' },
    conversation: { id: `fuzz-conv-${int(rng, 6)}` },
    text: pick(rng, ['hello', 'yes', 'I agree', '45', 'no', 'I can not pee', 'stop', 'forget me', ...ODD_TEXT]),
  };
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const path = pick(rng, FIELDS).split('.');
    const value = path[0] === 'serviceUrl' ? pick(rng, [7, 'not a url', 'ftp://x', '', null]) : randomValue(rng);
    if (path.length === 1) {
      if (rng() < 0.2) Reflect.deleteProperty(a, path[0]!);
      else a[path[0]!] = value;
    } else {
      a[path[0]!] = { ...(a[path[0]!] as object), [path[1]!]: value };
    }
  }
  return a;
}

function body(rng: Rng, serviceUrl: string): { bytes: Buffer; encoding?: string } {
  const json = JSON.stringify(activity(rng, serviceUrl));
  switch (int(rng, 12)) {
    case 0:
      return { bytes: Buffer.from(json.slice(0, int(rng, json.length))) };
    case 1:
      return { bytes: Buffer.from(Array.from({ length: int(rng, 300) }, () => int(rng, 256))) };
    case 2: {
      const depth = pick(rng, [40, 1000, 50_000]);
      return { bytes: Buffer.from(json.replace(/}$/, `,"value":${'['.repeat(depth)}${']'.repeat(depth)}}`)) };
    }
    case 3:
      return {
        bytes: Buffer.from(json.replace(/}$/, `,"text":"${'x'.repeat(pick(rng, [4001, 100_000, 250_000]))}"}`)),
      };
    case 4:
      return { bytes: Buffer.from(json.replace(/}$/, `,"name":"\\ud800","text":"\\udfff x"}`)) };
    case 5:
      return { bytes: zlib.gzipSync(json), encoding: pick(rng, ['gzip', 'x-gzip']) };
    case 6: {
      const gz = zlib.gzipSync(json);
      return { bytes: gz.subarray(0, int(rng, gz.length)), encoding: 'gzip' };
    }
    case 7:
      return {
        bytes: zlib.gzipSync(Buffer.alloc(pick(rng, [300_000, 5_000_000]), 0x20)),
        encoding: pick(rng, ['gzip', 'deflate', 'br']),
      };
    case 8:
      return {
        bytes: Buffer.from(json),
        encoding: pick(rng, ['gzip', 'deflate', 'br', 'compress', 'gzip, gzip', 'identity']),
      };
    case 9:
      return { bytes: zlib.brotliCompressSync(json), encoding: 'br' };
    default:
      return { bytes: Buffer.from(json) };
  }
}

const ROUTES = [
  ['POST', '/api/messages'],
  ['POST', '/api/messages'],
  ['POST', '/api/messages'],
  ['GET', '/healthz'],
  ['GET', '/'],
  ['POST', '/api/webchat/token'],
  ['POST', '/v3/directline/conversations'],
  ['POST', '/v3/directline/tokens/refresh'],
  ['POST', '/v3/directline/conversations/c1/activities'],
  ['GET', '/v3/directline/conversations/c1/activities?watermark=-1'],
  ['POST', '/v3/directline/conversations/c1/upload'],
  ['POST', '/api/sms'],
  ['OPTIONS', '/v3/directline/conversations'],
  ['DELETE', '/api/messages'],
  ['PUT', '/nowhere/%ff%fe'],
] as const;

let bot: TestBot;
let connector: Awaited<ReturnType<typeof startStandInConnector>>;
beforeAll(async () => {
  connector = await startStandInConnector();
  bot = await startTestBot({ env: { TWILIO_AUTH_TOKEN: 'fuzz-twilio-token', WEBCHAT_TOKEN_RATE_LIMIT: '10000' } });
});
afterAll(async () => {
  await bot.dispose();
  await connector.close();
});

describe('HTTP fuzz', () => {
  it(
    `answers ${REQUESTS} seeded malformed requests without a 5xx, then still completes a triage`,
    { timeout: 120_000 },
    async () => {
      const rng = prng(SEED);
      // One real Direct Line conversation, so posts reach the handlers behind authentication too.
      const token = JSON.parse((await rawRequest(bot.url, { method: 'POST', path: '/api/webchat/token' })).body) as {
        token: string;
        conversationId: string;
      };
      const dl = `/v3/directline/conversations/${token.conversationId}`;
      expect(
        (
          await rawRequest(bot.url, {
            method: 'POST',
            path: '/v3/directline/conversations',
            headers: { authorization: `Bearer ${token.token}` },
          })
        ).status,
      ).toBe(201);

      const requests: RawRequest[] = Array.from({ length: REQUESTS }, () => {
        const [method, route] = rng() < 0.15 ? (['POST', `${dl}/activities`] as const) : pick(rng, ROUTES);
        const { bytes, encoding } = body(rng, connector.url);
        const headers: Record<string, string> = {
          ...(rng() < 0.9 && {
            'content-type': pick(rng, [
              'application/json',
              'application/json; charset=utf-8',
              'application/x-www-form-urlencoded',
              'text/plain',
              'application/json; charset=utf-16',
              '*/*',
            ]),
          }),
          ...(encoding && { 'content-encoding': encoding }),
          ...(rng() < 0.3 && { accept: pick(rng, ['image/png', 'text/html', 'a/b;q=x', '*/*', '']) }),
          ...(route.startsWith(dl) && rng() < 0.8 && { authorization: `Bearer ${token.token}` }),
          ...(route === '/api/sms' && { 'x-twilio-signature': 'AAAA' }),
        };
        return { method, path: route, headers, ...(method !== 'GET' || rng() < 0.2 ? { body: bytes } : {}) };
      });

      const statuses = new Map<number, number>();
      const serverErrors: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const i = next++;
          const req = requests[i]!;
          const res = await rawRequest(bot.url, req).catch((err: unknown) => ({
            status: -1,
            body: err instanceof Error ? err.message : String(err),
          }));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status < 100 || res.status >= 500)
            serverErrors.push(`#${i} ${req.method} ${req.path} → ${res.status} ${res.body.slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      console.log(`[http fuzz] ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);

      expect(serverErrors).toEqual([]);
      expect(
        [...statuses.keys()].some((s) => s >= 200 && s < 300),
        'some requests were taken',
      ).toBe(true);
      const health = await rawRequest(bot.url, { method: 'GET', path: '/healthz' });
      expect(health.status).toBe(200);
      const conv = new Conversation(bot.url);
      await runIntake(conv, { mode: 'text' });
      expect(conv.triage?.disposition).toBe('self_care');
    },
  );
});
