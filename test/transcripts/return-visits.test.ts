import { afterEach, expect, it } from 'vitest';
import { Conversation, describeOnStores, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';

const DAY = 24 * 60 * 60 * 1000;

/** A clock the test moves by hand. */
function clock(start = '2026-03-01T09:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** A check-in in a new conversation of the same user: answers the CES questions "no", then the pain map. */
async function checkin(url: string, userId: string, left: string, right: string, score: number, channelId = 'webchat') {
  const conv = new Conversation(url, channelId, 'en-GB', undefined, userId);
  const asked = await runCheckin(conv, { left, right, score });
  const report = conv.last.find((r) => (r.channelData as { centralization?: unknown } | undefined)?.centralization);
  return {
    conv,
    asked,
    centralization: (report?.channelData as { centralization: Record<string, unknown> } | undefined)?.centralization,
  };
}

describeOnStores('return visits', (kind) => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.dispose();
    bot = undefined;
  });

  it('re-asks the seven CES questions and reports the trend across visits days apart', async () => {
    const c = clock();
    bot = await startTestBot({ on: kind, now: c.now });
    const first = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(first, { mode: 'value', answers: { 'pain.left': 'foot' } });
    expect(first.triage?.disposition).toBe('self_care');

    c.advance(DAY);
    const v1 = await checkin(bot.url, first.userId, 'below_knee', 'none', 5);
    expect(v1.asked).toEqual(
      [
        'saddle_anaesthesia',
        'urinary_retention',
        'urinary_incontinence',
        'bowel_incontinence',
        'sexual_dysfunction',
        'bilateral_sciatica',
        'bilateral_leg_weakness',
      ].map((f) => `redflag.${f}`),
    );
    // The intake's pain map (foot) is the baseline: the first check-in is compared with it.
    expect(v1.centralization).toEqual({ level: 4, previous: 5, trend: 'centralizing', sustained: false });

    c.advance(DAY);
    const v2 = await checkin(bot.url, first.userId, 'thigh', 'none', 4);
    // Foot → below knee → thigh: centralizing twice in a row, counting from the intake.
    expect(v2.centralization).toEqual({ level: 3, previous: 4, trend: 'centralizing', sustained: true });

    c.advance(DAY);
    const v3 = await checkin(bot.url, first.userId, 'below_knee', 'none', 5);
    expect(v3.centralization).toMatchObject({ level: 4, previous: 3, trend: 'peripheralizing', sustained: false });

    c.advance(DAY);
    const v4 = await checkin(bot.url, first.userId, 'foot', 'none', 6);
    expect(v4.centralization).toMatchObject({ level: 5, previous: 4, trend: 'peripheralizing', sustained: true });
    // Sustained peripheralization: a routine review is advised, with the emergency number.
    expect(v4.conv.triage).toEqual({ disposition: 'routine', flags: [] });

    await bot.stop();
    const store = await bot.openStore();
    const records = await store.listRecords(`webchat:${first.userId}`, 'checkin');
    expect(records.map((r) => [r.at.slice(0, 10), r.data.level])).toEqual([
      ['2026-03-02', 4],
      ['2026-03-03', 3],
      ['2026-03-04', 4],
      ['2026-03-05', 5],
    ]);
    await store.close();
    bot = await startTestBot({ sameStoreAs: bot });
  });

  it('catches a new CES flag at a check-in and gives the emergency outcome', async () => {
    bot = await startTestBot({ on: kind });
    const first = new Conversation(bot.url, 'webchat', 'en-US');
    await runIntake(first, { mode: 'value' });
    const conv = new Conversation(bot.url, 'webchat', 'en-US', undefined, first.userId);
    await conv.say('hi');
    await conv.answer('yes');
    await conv.answer('no');
    await conv.answer('yes');
    expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['urinary_retention'] });
    expect(conv.last.find((r) => r.channelData?.triage)!.text).toContain('911');
  });

  it('starts a check-in on the checkin command and survives a restart between visits', async () => {
    bot = await startTestBot({ on: kind });
    const first = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(first, { mode: 'value' });
    await first.answer(0);
    await bot.stop();
    bot = await startTestBot({ sameStoreAs: bot });
    const again = new Conversation(bot.url, 'webchat', 'en-GB', first.conversationId, first.userId);
    await again.say('checkin');
    expect(again.question).toBe('redflag.saddle_anaesthesia');
    const next = await checkin(bot.url, first.userId, 'back', 'none', 2);
    // Compared with the intake's pain map (thigh).
    expect(next.centralization).toMatchObject({ level: 1, previous: 3, trend: 'centralizing' });
  });

  it('keeps both check-ins when the same user checks in from two conversations at once', async () => {
    bot = await startTestBot({ on: kind });
    const first = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(first, { mode: 'value' });
    const [a, b] = await Promise.all([
      checkin(bot.url, first.userId, 'thigh', 'none', 4),
      checkin(bot.url, first.userId, 'buttock', 'none', 3),
    ]);
    // Each is decided against the history loaded before it: the intake's pain map (thigh), or the
    // other check-in when that one was recorded first. Neither is a first point.
    expect(a.centralization?.previous === 3 || a.centralization?.previous === 2).toBe(true);
    expect(b.centralization?.previous).toBe(3);
    expect([a.centralization?.trend, b.centralization?.trend]).not.toContain('first');
    await bot.stop();
    const store = await bot.openStore();
    const levels = (await store.listRecords(`webchat:${first.userId}`, 'checkin')).map((r) => r.data.level).sort();
    expect(levels).toEqual([2, 3]);
    expect(await store.listRecords(`webchat:${first.userId}`, 'triage')).toHaveLength(1);
    await store.close();
    bot = await startTestBot({ sameStoreAs: bot });
  });
});
