import { afterEach, describe, expect, it } from 'vitest';
import { Conversation, describeOnStores, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';
import { startStandInConnector } from '../helpers/stand-in-connector.js';

const DAY = 24 * 60 * 60 * 1000;
let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.dispose();
  bot = undefined;
});

function pngSize(dataUrl: string): { width: number; height: number } {
  const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A user with an intake and two check-ins, on one channel. */
async function userWithHistory(url: string, channelId: string, clock: { advance: (ms: number) => void }) {
  const first = new Conversation(url, channelId, 'en-GB');
  await runIntake(first, { mode: 'value' });
  for (const [left, score] of [
    ['foot', 6],
    ['thigh', 4],
  ] as const) {
    clock.advance(DAY);
    await runCheckin(new Conversation(url, channelId, 'en-GB', undefined, first.userId), {
      left,
      right: 'none',
      score,
    });
  }
  return new Conversation(url, channelId, 'en-GB', first.conversationId, first.userId);
}

function testClock() {
  let t = Date.parse('2026-05-01T08:00:00.000Z');
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

describe('progress', () => {
  it.each(['webchat', 'msteams'])('shows a PNG chart of the check-ins on %s', async (channelId) => {
    const clock = testClock();
    bot = await startTestBot({ now: clock.now });
    const conv = await userWithHistory(bot.url, channelId, clock);
    await conv.say('progress');
    const image = conv.last
      .flatMap((r) => (r.attachments ?? []) as unknown as { contentType: string; contentUrl: string }[])
      .find((a) => a.contentType === 'image/png');
    expect(image).toBeDefined();
    expect(pngSize(image!.contentUrl)).toEqual({ width: 720, height: 840 });
  });

  it('shows a short text trend on SMS, without attachments', async () => {
    const clock = testClock();
    bot = await startTestBot({ now: clock.now });
    const conv = await userWithHistory(bot.url, 'sms', clock);
    await conv.say('progress');
    expect(conv.last.every((r) => !r.attachments?.length)).toBe(true);
    const text = conv.last.map((r) => r.text).join('\n');
    // The trend's arrows, in GSM-7 ("→" would make the whole message UCS-2).
    expect(text).toContain(' -> ');
    expect(text.length).toBeLessThanOrEqual(320 * conv.last.length);
  });
});

describeOnStores('forget me', (kind) => {
  it('deletes everything about the user after confirmation, and nothing of other users', async () => {
    bot = await startTestBot({ on: kind });
    const other = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(other, { mode: 'value' });
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value' });
    await conv.answer(3);
    await conv.say('forget me');
    expect(conv.question).toBe('forget.confirm');
    await conv.answer('keep');
    await conv.say('forget me');
    await conv.answer('delete');
    expect(conv.question).toBeUndefined();
    await bot.stop();
    const store = await bot.openStore();
    const user = `webchat:${conv.userId}`;
    expect(await store.getUser(user)).toBeUndefined();
    expect(await store.listRecords(user)).toEqual([]);
    expect(await store.listConversations(user)).toEqual([]);
    expect(await store.listReminders(user)).toEqual([]);
    expect(await store.getConversation(`webchat:${conv.conversationId}`)).toBeUndefined();
    expect(await store.listRecords(`webchat:${other.userId}`)).toHaveLength(1);
    await store.close();
    bot = await startTestBot({ sameStoreAs: bot });
    // Writing again starts from the very beginning.
    const again = new Conversation(bot.url, 'webchat', 'en-GB', conv.conversationId, conv.userId);
    await again.say('hello');
    expect(again.question).toBe('consent');
  });
});

describeOnStores('check-in reminders', (kind) => {
  it('sends a due reminder once as a proactive message, also after a restart, and retries a failed send', async () => {
    const connector = await startStandInConnector();
    const clock = testClock();
    bot = await startTestBot({ on: kind, now: clock.now });
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    conv.serviceUrl = connector.url;
    await runIntake(conv, { mode: 'value' });
    expect(conv.question).toBe('reminder.days');
    await conv.say('3');
    expect(await bot.app.reminders.tick()).toBe(0);

    await bot.stop();
    bot = await startTestBot({ sameStoreAs: bot, now: clock.now });
    clock.advance(3 * DAY);
    connector.failNext(20);
    expect(await bot.app.reminders.tick()).toBe(0);
    expect(connector.delivered).toHaveLength(0);
    connector.failNext(0);
    clock.advance(11 * 60 * 1000);
    expect(await bot.app.reminders.tick()).toBe(1);
    expect(await bot.app.reminders.tick()).toBe(0);
    expect(connector.delivered).toHaveLength(1);
    const sent = connector.delivered[0]!;
    expect(sent.conversationId).toBe(conv.conversationId);
    expect(sent.activity.suggestedActions?.actions[0]?.value).toEqual({ command: 'checkin' });
    // The button starts the check-in.
    const resumed = new Conversation(bot.url, 'webchat', 'en-GB', conv.conversationId, conv.userId);
    await resumed.send({ value: { command: 'checkin' } });
    expect(resumed.question).toBe('redflag.saddle_anaesthesia');
    await connector.close();
  });

  it('offers no reminder on SMS', async () => {
    bot = await startTestBot({ on: kind });
    const conv = new Conversation(bot.url, 'sms', 'en-US');
    await runIntake(conv, { mode: 'value' });
    expect(conv.triage?.disposition).toBe('self_care');
    expect(conv.question).toBeUndefined();
  });
});
