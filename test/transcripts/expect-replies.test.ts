import os from 'node:os';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudAdapter } from 'botbuilder';
import { createAdapter } from '../../src/bot/adapter.js';
import { loadConfig } from '../../src/config.js';
import { createLimiter } from '../../src/limiter.js';
import { createLogger } from '../../src/logger.js';
import { createServer, type BotServer } from '../../src/server.js';
import { startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { SELF_CARE_VALUES } from '../helpers/intake-script.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';

/** Both bots read the same clock, so that what they decide (the day, a reminder's date) is the same. */
const NOW = new Date('2026-03-02T09:30:00.000Z');
const now = () => NOW;

/** What a client can observe of an answer: status, headers (but the date, which is the wall clock's) and body bytes. */
function observed(res: RawResponse) {
  const { date: _date, ...headers } = res.headers;
  return { status: res.status, headers, body: res.body };
}

const post = (url: string, activity: object, headers: Record<string, string> = {}) =>
  rawRequest(url, {
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });

const replies = (res: RawResponse): Reply[] => (JSON.parse(res.body) as { activities: Reply[] }).activities;
const askedIn = (rs: Reply[]) => [...rs].reverse().find((r) => r.channelData?.question)?.channelData?.question;

/** Activities of one user's conversation on a channel, with the fields a channel fills in (names, conversation type, tenant). */
function channel(channelId: string, locale: string | undefined, tag: string) {
  let n = 0;
  const userId = `${tag}-user`;
  const activity = (fields: Record<string, unknown>, id = `${tag}-${++n}`) => ({
    type: 'message',
    id,
    channelId,
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    ...(locale && { locale }),
    from: { id: userId, name: 'Pat', role: 'user' },
    recipient: { id: 'bot', name: 'Sciatica bot', role: 'bot' },
    conversation: { id: `${tag}-conv`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { clientActivityID: `${tag}-client-${n}` },
    ...fields,
  });
  return { activity, userId };
}

describe('the direct expectReplies path (CONTRACT §1)', () => {
  let stock: TestBot;
  let direct: TestBot;
  const processed = vi.spyOn(CloudAdapter.prototype, 'process');
  beforeAll(async () => {
    [stock, direct] = await Promise.all([startTestBot({ now, directExpectReplies: false }), startTestBot({ now })]);
  });
  afterAll(async () => {
    processed.mockRestore();
    await Promise.all([stock.dispose(), direct.dispose()]);
  });

  /**
   * Sends `activity` to both bots and expects the same answer, and that the direct bot used
   * `CloudAdapter.process` only for what is not an expectReplies activity, or is an invoke.
   */
  async function both(activity: { type: string; deliveryMode?: string }): Promise<RawResponse> {
    const fromStock = await post(stock.url, activity);
    const before = processed.mock.calls.length;
    const res = await post(direct.url, activity);
    expect(observed(res)).toEqual(observed(fromStock));
    const stockOnly = activity.deliveryMode !== 'expectReplies' || activity.type === 'invoke';
    expect(processed.mock.calls.length - before).toBe(stockOnly ? 1 : 0);
    return res;
  }

  /** Both bots through a whole triage by buttons, then what may come after it; every answer compared. */
  async function triage({ activity, userId }: ReturnType<typeof channel>, emergency: string): Promise<Reply[][]> {
    const all: Reply[][] = [];
    const turn = async (fields: Record<string, unknown>, id?: string) => {
      const res = await both(activity(fields, id));
      expect(res.status).toBe(200);
      all.push(replies(res));
      return replies(res);
    };
    await turn({ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] });
    await turn({ type: 'conversationUpdate', membersAdded: [{ id: userId }] });
    await turn({ text: 'hello' }, 'repeated');
    expect(await turn({ text: 'hello' }, 'repeated')).toEqual([]);
    for (let i = 0; i < 40 && !all.at(-1)!.some((r) => r.channelData?.triage); i++) {
      const question = askedIn(all.at(-1)!);
      const prefix = question?.id.split('.')[0];
      const answer = SELF_CARE_VALUES[question?.id ?? ''] ?? (prefix === 'redflags' ? [] : 'no');
      await turn({ value: { answer, question: question?.id } });
    }
    await turn({ type: 'event', name: 'resume' });
    await turn({ text: 'help' });
    await turn({ text: emergency });
    return all;
  }

  it.each([
    ['webchat', 'en-GB', 'now I cannot feel my bum when I wipe'],
    ['msteams', 'es-ES', 'no siento nada en la entrepierna cuando me limpio'],
    ['sms', 'en-US', 'I cannot feel my bum when I wipe'],
  ])(
    'answers every turn on %s (%s) exactly as CloudAdapter.process does, without it',
    async (channelId, locale, words) => {
      const turns = await triage(channel(channelId, locale, `${channelId}-${locale}`), words);
      expect(turns.flat().some((r) => r.channelData?.triage?.disposition === 'self_care')).toBe(true);
      expect(turns.flat().some((r) => r.channelData?.triage?.disposition === 'emergency')).toBe(true);
    },
  );

  it('addresses each reply as botbuilder does: to the sender, in its conversation, in reply to its activity', async () => {
    const activity = channel('webchat', 'en-GB', 'fields').activity({
      text: 'hi',
      timestamp: '2026-03-02T09:29:59.000Z',
      localTimestamp: '2026-03-02T10:29:59+01:00',
    });
    const [first] = replies(await both(activity));
    expect(first).toMatchObject({
      type: 'message',
      channelId: activity.channelId,
      serviceUrl: activity.serviceUrl,
      locale: activity.locale,
      conversation: activity.conversation,
      from: activity.recipient,
      recipient: activity.from,
      replyToId: activity.id,
    });
    expect(first).not.toHaveProperty('id');
  });

  it('takes the locale of Teams’ clientInfo when the activity has none, as through CloudAdapter', async () => {
    const { activity } = channel('msteams', undefined, 'client-info');
    const res = await both(activity({ text: 'hola', entities: [{ type: 'clientInfo', locale: 'es-MX' }] }));
    expect(askedIn(replies(res))?.id).toBe('consent');
  });

  it('leaves invokes and normal delivery to CloudAdapter.process', async () => {
    const { activity } = channel('msteams', 'en-GB', 'stock-only');
    expect(replies(await both(activity({ type: 'invoke', name: 'adaptiveCard/action', value: {} })))).toEqual([]);
    const normal = await both(
      activity({ type: 'conversationUpdate', membersRemoved: [{ id: 'x' }], deliveryMode: undefined }),
    );
    expect(normal).toMatchObject({ status: 200, body: '' });
  });
});

describe('the direct path with an app id configured', () => {
  const bots: { bot: TestBot; lines: string[] }[] = [];
  beforeAll(async () => {
    for (const directExpectReplies of [false, true]) {
      const lines: string[] = [];
      const destination = new PassThrough();
      destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
      const env = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' };
      bots.push({ bot: await startTestBot({ env, directExpectReplies, log: { level: 'info', destination } }), lines });
    }
  });
  afterAll(() => Promise.all(bots.map(({ bot }) => bot.dispose())));

  it.each<Record<string, string>>([{}, { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic dXNlcjpwYXNz' }])(
    'refuses %j with the same 401 as CloudAdapter, logged the same way',
    async (headers) => {
      const activity = channel('webchat', 'en-GB', 'auth').activity({ text: 'hi' });
      const [fromStock, fromDirect] = await Promise.all(bots.map(({ bot }) => post(bot.url, activity, headers)));
      expect(fromStock!.status).toBe(401);
      expect(observed(fromDirect!)).toEqual(observed(fromStock!));
      const refusals = bots.map(({ lines }) =>
        lines
          .map((l) => JSON.parse(l) as { msg: string; status?: number })
          .filter((l) => l.msg === 'request not authenticated'),
      );
      expect(refusals[1]!.map((l) => l.status)).toEqual(refusals[0]!.map((l) => l.status));
      expect(refusals[1]!.at(-1)?.status).toBe(401);
    },
  );
});

describe('the direct path when a turn throws', () => {
  const servers: { url: string; http: BotServer }[] = [];
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    for (const directExpectReplies of [false, true]) {
      const adapter = createAdapter({ config, logger, fallbackText: () => 'Sorry.', directExpectReplies });
      const bot = {
        run: async () => {
          throw new Error('the bot failed');
        },
      };
      const http = createServer({ adapter, bot, logger, isReady: () => true, limit: createLimiter(2) });
      await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
      servers.push({ url: `http://127.0.0.1:${http.server.address().port}`, http });
    }
  });
  afterAll(() => Promise.all(servers.map(({ http }) => http.drain())));

  it('answers with the fallback of onTurnError, as CloudAdapter does', async () => {
    const activity = channel('webchat', 'en-GB', 'failing').activity({ text: 'hi' });
    const [fromStock, fromDirect] = await Promise.all(servers.map(({ url }) => post(url, activity)));
    expect(observed(fromDirect!)).toEqual(observed(fromStock!));
    expect(replies(fromDirect!).map((r) => r.text)).toEqual(['Sorry.']);
  });
});
