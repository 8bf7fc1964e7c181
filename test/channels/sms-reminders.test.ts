import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createTwilioSmsSender, smsSenderFromConfig } from '../../src/channels/sms-sender.js';
import { smsEncoding } from '../../src/channels/sms-segments.js';
import { countryOfNumber, localeOfCountry } from '../../src/channels/sms-keywords.js';
import { isBuiltInSms, smsConversationId, SMS_PATH } from '../../src/channels/sms.webhook.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store } from '../../src/store/store.js';
import { CLINIC_NUMBER, smsPatient, TWILIO_TEST_TOKEN } from '../helpers/sms-webhook.js';

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const FROM = '+15005550007';

/** A request the stand-in took, as Twilio would read it. */
interface Taken {
  method: string;
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
}

/**
 * A stand-in for Twilio's Messages API on loopback: it records each request and answers as
 * Twilio does (201 with the message resource), or with the error `fail` gives.
 */
async function startTwilioStandIn(): Promise<{
  url: string;
  taken: Taken[];
  fail: { status: number; body: object } | undefined;
  close(): Promise<void>;
}> {
  const taken: Taken[] = [];
  const state: { fail: { status: number; body: object } | undefined } = { fail: undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      taken.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, form });
      res.setHeader('content-type', 'application/json');
      if (state.fail) {
        res.statusCode = state.fail.status;
        res.end(JSON.stringify(state.fail.body));
        return;
      }
      res.statusCode = 201;
      res.end(
        JSON.stringify({
          sid: `SM${'0'.repeat(32)}`,
          account_sid: ACCOUNT_SID,
          to: form.To,
          from: form.From,
          body: form.Body,
          status: 'queued',
          num_segments: '1',
          direction: 'outbound-api',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    taken,
    get fail() {
      return state.fail;
    },
    set fail(value) {
      state.fail = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** The bot with SMS reminders through the stand-in, on a memory store; its log lines are kept. */
async function startBotWithStandIn(now: () => Date) {
  const standIn = await startTwilioStandIn();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sciatica-sms-'));
  const store: Store = createMemoryStore();
  const log = new PassThrough();
  let logged = '';
  log.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_FROM: FROM,
  });
  const smsSender = createTwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: TWILIO_TEST_TOKEN,
    from: FROM,
    apiBaseUrl: standIn.url,
  });
  const app: App = await startApp({ config, logger: createLogger('info', log), store, now, smsSender });
  cleanup.push(async () => {
    await app.close();
    await standIn.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { app, store, standIn, url: `http://127.0.0.1:${app.port}`, logged: () => logged };
}

/** A reminder as the bot stores it for a user of the built-in webhook (its conversation reference). */
async function remindBySms(store: Store, url: string, from: string, dueAt: Date): Promise<void> {
  const conversationId = smsConversationId(from, CLINIC_NUMBER);
  await store.addReminder({
    userKey: `sms:${from}`,
    conversationKey: `sms:${conversationId}`,
    dueAt: dueAt.toISOString(),
    reference: {
      channelId: 'sms',
      serviceUrl: `${url}${SMS_PATH}`,
      user: { id: from, role: 'user' },
      bot: { id: CLINIC_NUMBER, role: 'bot' },
      conversation: { id: conversationId },
      locale: localeOfCountry(countryOfNumber(from)),
    },
  });
}

describe('reminders by SMS through Twilio’s Messages API', () => {
  const clock = new Date('2025-03-03T09:00:00Z');
  const earlier = new Date(clock.getTime() - 60_000);

  it('sends a due reminder to the patient’s number from TWILIO_FROM, in GSM-7 and SMS words, once', async () => {
    const { app, store, standIn, url } = await startBotWithStandIn(() => clock);
    const from = '+15557650001';
    await smsPatient(url, from)('hello');
    await remindBySms(store, url, from, earlier);
    expect(await app.reminders.tick()).toBe(1);
    expect(standIn.taken).toHaveLength(1);
    const [sent] = standIn.taken;
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(sent!.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${TWILIO_TEST_TOKEN}`).toString('base64')}`);
    expect(sent!.form).toMatchObject({ To: from, From: FROM });
    expect(sent!.form.Body).toBe(
      'Hello, it\'s time for your check-in. Reply "checkin" when you\'re ready. In an emergency, call 911.',
    );
    expect(smsEncoding(sent!.form.Body!)).toBe('GSM-7');
    expect(await app.reminders.tick()).toBe(0);
    expect(standIn.taken).toHaveLength(1);
  });

  it('speaks the patient’s language with their country’s number', async () => {
    const { app, store, standIn, url } = await startBotWithStandIn(() => clock);
    const from = '+34600765002';
    await smsPatient(url, from)('hola');
    await remindBySms(store, url, from, earlier);
    expect(await app.reminders.tick()).toBe(1);
    expect(standIn.taken[0]!.form.Body).toBe(
      'Hola, es hora de tu control. Responde "control" cuando estés listo o lista. En caso de emergencia, llama al 112.',
    );
  });

  it('sends nothing to a number that opted out, and does not try again', async () => {
    const { app, store, standIn, url } = await startBotWithStandIn(() => clock);
    const from = '+15557650003';
    await smsPatient(url, from)('hello');
    await smsPatient(url, from)('STOP');
    await remindBySms(store, url, from, earlier);
    expect(await app.reminders.tick()).toBe(0);
    expect(standIn.taken).toEqual([]);
    expect((await store.listReminders(`sms:${from}`)).every((r) => r.claimedAt)).toBe(true);
  });

  it('keeps a reminder Twilio refused for a later try, and logs no phone number or message text', async () => {
    let now = clock;
    const { app, store, standIn, url, logged } = await startBotWithStandIn(() => now);
    const from = '+15557650004';
    await smsPatient(url, from)('hello');
    await remindBySms(store, url, from, earlier);
    standIn.fail = {
      status: 400,
      body: {
        code: 21211,
        message: `The 'To' number ${from} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    };
    expect(await app.reminders.tick()).toBe(0);
    expect(standIn.taken).toHaveLength(1);
    expect(logged()).toContain('reminder not delivered');
    expect(logged()).not.toContain(from);
    expect(logged()).not.toContain(from.slice(1));
    expect(logged()).not.toContain('check-in');
    standIn.fail = undefined;
    now = new Date(clock.getTime() + 11 * 60_000);
    expect(await app.reminders.tick()).toBe(1);
    expect(standIn.taken).toHaveLength(2);
  });

  it('offers a reminder at the end of an SMS triage, schedules it, and sends it through Twilio when due', async () => {
    let now = clock;
    const { app, store, standIn, url } = await startBotWithStandIn(() => now);
    const from = '+15557650005';
    const say = smsPatient(url, from);
    const userKey = `sms:${from}`;
    const answers = [
      'hello',
      'yes',
      '35',
      'US',
      ...Array<string>(10).fill('no'),
      ...Array<string>(5).fill('0'),
      '4',
      '1',
      '4',
      '2',
    ];
    for (const text of answers) {
      if ((await store.listRecords(userKey, 'triage')).length) break;
      expect((await say(text)).status).toBe(200);
    }
    expect((await store.listRecords(userKey, 'triage')).at(-1)?.data.disposition).toBe('self_care');
    await say('3');
    const [reminder] = await store.listReminders(userKey);
    expect(reminder).toBeDefined();
    expect(isBuiltInSms(reminder!.reference as { channelId?: string; serviceUrl?: string })).toBe(true);
    expect(await app.reminders.tick()).toBe(0);
    now = new Date(clock.getTime() + 3 * 24 * 3_600_000 + 60_000);
    expect(await app.reminders.tick()).toBe(1);
    expect(standIn.taken.map((t) => t.form.To)).toEqual([from]);
  });

  it('leaves other channels’ references to the Bot Connector', () => {
    expect(isBuiltInSms({ channelId: 'sms', serviceUrl: `https://bot.clinic.example${SMS_PATH}` })).toBe(true);
    expect(isBuiltInSms({ channelId: 'sms', serviceUrl: 'https://sms.botframework.com/' })).toBe(false);
    expect(isBuiltInSms({ channelId: 'webchat', serviceUrl: `https://bot.clinic.example${SMS_PATH}` })).toBe(false);
  });
});

describe('SMS reminder configuration', () => {
  it('sends by Twilio only with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM together', () => {
    expect(smsSenderFromConfig(loadConfig({ TWILIO_AUTH_TOKEN: 'x' }))).toBeUndefined();
    expect(
      smsSenderFromConfig(loadConfig({ TWILIO_AUTH_TOKEN: 'x', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_FROM: FROM })),
    ).toBeDefined();
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return err instanceof ConfigError ? err.problems : [String(err)];
      }
    };
    expect(problems({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'x' })).toEqual([
      expect.stringMatching(/^TWILIO_FROM: required/),
    ]);
    expect(problems({ TWILIO_FROM: FROM, TWILIO_AUTH_TOKEN: 'x' })).toEqual([
      expect.stringMatching(/^TWILIO_ACCOUNT_SID: required/),
    ]);
    expect(problems({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_FROM: FROM })).toEqual([
      expect.stringMatching(/^TWILIO_AUTH_TOKEN: required/),
    ]);
    expect(problems({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_FROM: '555-0100', TWILIO_AUTH_TOKEN: 'x' })).toEqual([
      expect.stringMatching(/^TWILIO_ACCOUNT_SID: /),
      expect.stringMatching(/^TWILIO_FROM: /),
    ]);
    expect(
      problems({
        TWILIO_FROM: `MG${'b2'.repeat(16)}`,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: 'x',
        CLINIC_NAME: 'Riverside Physio',
        CLINIC_PHONE: '(020) 7946 0000',
      }),
    ).toEqual([]);
    expect(problems({ CLINIC_PHONE: 'call us' })).toEqual([expect.stringMatching(/^CLINIC_PHONE: /)]);
  });
});
