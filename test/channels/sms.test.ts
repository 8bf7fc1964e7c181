import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitsSegments, MAX_SEGMENTS_PER_MESSAGE, toGsm } from '../../src/channels/sms-segments.js';
import { smsMessages } from '../../src/render/sms.render.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store } from '../../src/store/store.js';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { SELF_CARE_TEXT } from '../helpers/intake-script.js';
import { postSmsWebhook as webhook, twilioParams, TWILIO_TEST_TOKEN as TOKEN } from '../helpers/sms-webhook.js';

const LOCALES = path.resolve(import.meta.dirname, '../../locales');
const smsWords = (lng: string) =>
  JSON.parse(readFileSync(path.join(LOCALES, lng, 'sms.json'), 'utf8')) as {
    help: Record<string, string>;
    stopped: string;
    started: string;
  };

let bot: TestBot;
let store: Store;
beforeAll(async () => {
  store = createMemoryStore();
  bot = await startTestBot({ store, env: { TWILIO_AUTH_TOKEN: TOKEN } });
});
afterAll(() => bot.dispose());

/** Messages as one line of text: where a split fell doesn't matter to what was said. */
const oneLine = (messages: readonly string[]) => messages.join(' ').replace(/\s+/g, ' ');

/** A patient texting from `from`: each message returns the TwiML messages. */
const patient = (from: string) => (body: string) => webhook(bot.url, twilioParams(from, body));

describe('SMS webhook security', () => {
  it('answers 503 when TWILIO_AUTH_TOKEN is not configured', async () => {
    const unconfigured = await startTestBot();
    try {
      const res = await webhook(unconfigured.url, twilioParams('+15550000001', 'hi'));
      expect(res.status).toBe(503);
    } finally {
      await unconfigured.dispose();
    }
  });

  it('refuses missing, wrong and tampered signatures with 403 and processes nothing', async () => {
    const from = '+15550000002';
    const params = twilioParams(from, 'hello');
    expect((await webhook(bot.url, params, { signature: null })).status).toBe(403);
    expect((await webhook(bot.url, params, { signature: '' })).status).toBe(403);
    expect((await webhook(bot.url, params, { token: 'another-token' })).status).toBe(403);
    expect((await webhook(bot.url, params, { signedUrl: `${bot.url}/api/other` })).status).toBe(403);
    const tampered = new URLSearchParams({ ...params, Body: 'STOP' }).toString();
    expect((await webhook(bot.url, params, { body: tampered })).status).toBe(403);
    expect(await store.getUser(`sms:${from}`)).toBeUndefined();
    expect(await store.listConversations(`sms:${from}`)).toEqual([]);
  });

  it('checks the signature against PUBLIC_URL when it is set (the URL Twilio called)', async () => {
    const behindProxy = await startTestBot({
      env: { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.clinic.example' },
    });
    try {
      const params = twilioParams('+15550000003', 'HELP');
      expect((await webhook(behindProxy.url, params, { signedUrl: 'https://bot.clinic.example/api/sms' })).status).toBe(
        200,
      );
      expect((await webhook(behindProxy.url, twilioParams('+15550000003', 'HELP'))).status).toBe(403);
    } finally {
      await behindProxy.dispose();
    }
  });

  it('answers 415 to other content types and 400 to a signed request without a sender', async () => {
    const params = twilioParams('+15550000004', 'hi');
    expect(
      (await webhook(bot.url, params, { contentType: 'application/json', body: JSON.stringify(params) })).status,
    ).toBe(415);
    const { From: _from, ...noSender } = params;
    expect((await webhook(bot.url, noSender)).status).toBe(400);
  });
});

describe('SMS keywords', () => {
  it('STOP opts out (one confirmation, then silence), HELP always answers, START opts back in', async () => {
    const from = '+15550000010';
    const say = patient(from);
    expect((await say('hello')).messages.length).toBeGreaterThan(0);
    const stop = await say('Stop');
    expect(stop.type).toMatch(/^text\/xml/);
    expect(stop.messages).toHaveLength(1);
    expect(stop.messages[0]).toContain('911');
    expect((await store.getUser(`sms:${from}`))?.smsOptOut).toBe(true);
    const silent = await say('1');
    expect(silent.status).toBe(200);
    expect(silent.messages).toEqual([]);
    expect(silent.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const help = await say('HELP');
    expect(oneLine(help.messages)).toContain(smsWords('en').help.signs!.replace('{{number}}', '911'));
    // No CLINIC_NAME or CLINIC_PHONE here: the service is "your clinic's", and no number is made up.
    expect(oneLine(help.messages)).toContain(smsWords('en').help.intro!);
    expect(oneLine(help.messages)).not.toContain('To talk to');
    expect((await say('UNSTOP')).messages.join(' ')).toBe(smsWords('en').started.replace('{{number}}', '911'));
    expect((await store.getUser(`sms:${from}`))?.smsOptOut).toBe(false);
    expect((await say('1')).messages.length).toBeGreaterThan(0);
  });

  it('answers HELP in Spanish with 112 for a Spanish number', async () => {
    const help = await patient('+34600111222')('ayuda');
    // "ayuda" is the bot's own help command; the carrier keyword is HELP.
    expect(help.messages.join(' ')).toContain('112');
    const keyword = await patient('+34600111222')('HELP');
    expect(oneLine(keyword.messages)).toContain(toGsm(smsWords('es').help.signs!.replace('{{number}}', '112')));
  });

  it('drops a retried webhook (same MessageSid) instead of answering twice', async () => {
    const params = twilioParams('+15550000011', 'hello');
    expect((await webhook(bot.url, params)).messages.length).toBeGreaterThan(0);
    expect((await webhook(bot.url, params)).messages).toEqual([]);
  });
});

describe('SMS retries across a restart', () => {
  it('does not apply a replayed STOP again when the bot restarted on the same DATA_DIR', async () => {
    const env = { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.clinic.example' };
    const signedUrl = 'https://bot.clinic.example/api/sms';
    const from = '+15550000020';
    const stop = twilioParams(from, 'STOP');
    const first = await startTestBot({ env });
    let second: TestBot | undefined;
    try {
      expect((await webhook(first.url, stop, { signedUrl })).messages).toHaveLength(1);
      expect((await webhook(first.url, twilioParams(from, 'START'), { signedUrl })).messages).toHaveLength(1);
      await first.stop();
      second = await startTestBot({ dataDir: first.dataDir, env });
      const replay = await webhook(second.url, stop, { signedUrl });
      expect(replay.status).toBe(200);
      expect(replay.messages).toEqual([]);
      // Still opted in: had the STOP been applied again, this would go unanswered.
      expect((await webhook(second.url, twilioParams(from, 'hello'), { signedUrl })).messages.length).toBeGreaterThan(
        0,
      );
    } finally {
      await (second ?? first).dispose();
    }
  });
});

describe('a triage by SMS through the webhook', () => {
  /**
   * Texts the intake through the webhook and, in step, the same words through /api/messages on
   * channel sms (which reports the question ids): both must say the same, the webhook's replies
   * split once over the whole turn.
   */
  async function triageBySms(from: string, locale: string) {
    const say = patient(from);
    const mirror = new Conversation(bot.url, 'sms', locale);
    const answers: Record<string, string> = { ...SELF_CARE_TEXT.en, 'pain.left': '4', 'pain.right': '1' };
    const transcript: string[][] = [];
    let text = 'hello';
    for (let turn = 0; turn < 40; turn++) {
      const [sms] = await Promise.all([say(text), mirror.say(text)]);
      expect(sms.status).toBe(200);
      expect(sms.messages).toEqual(smsMessages(mirror.last.map((r) => r.text ?? '')));
      transcript.push(sms.messages);
      if (mirror.triage) break;
      const id = mirror.question!;
      text = answers[id] ?? answers[id.split('.')[0]!]!;
      expect(text, id).toBeDefined();
    }
    return { transcript, triage: mirror.triage, outcome: mirror.last.find((r) => r.channelData?.triage) };
  }

  for (const [from, locale, number] of [
    ['+15557654321', 'en-US', '911'],
    ['+447700900123', 'en-GB', '999'],
  ] as const) {
    it(`reaches an outcome with ${number} for ${from.slice(0, 3)} numbers, every message within ${MAX_SEGMENTS_PER_MESSAGE} segments`, async () => {
      const { transcript, triage, outcome } = await triageBySms(from, locale);
      expect(triage).toEqual({ disposition: 'self_care', flags: [] });
      expect(outcome?.text).toContain(number);
      expect(transcript.at(-1)!.join(' ')).toContain(number);
      for (const m of transcript.flat()) expect(fitsSegments(m, MAX_SEGMENTS_PER_MESSAGE)).toBe(true);
      expect(await store.getUser(`sms:${from}`)).toMatchObject({ locale, consent: 'agree' });
    });
  }
});
