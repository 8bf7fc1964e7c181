import { afterEach, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';
import { LOCALES_DIR } from '../../src/app.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { toGsm } from '../../src/channels/sms-segments.js';

const DAY = 24 * 60 * 60 * 1000;
const t = createI18n(loadLocaleResources(LOCALES_DIR)).getFixedT('en');

function clock(start = '2026-05-04T09:00:00.000Z') {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

const centralizationOf = (replies: Reply[]) =>
  replies.map((r) => (r.channelData as { centralization?: unknown } | undefined)?.centralization).find(Boolean);

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.dispose();
  bot = undefined;
});

describe("the intake's pain map is the baseline (CLINICAL §3)", () => {
  it.each(['webchat', 'sms'])(
    'compares the first check-in with the intake, and shows progress from the intake on (%s)',
    async (channelId) => {
      const c = clock();
      bot = await startTestBot({ now: c.now });
      const first = new Conversation(bot.url, channelId, 'en-GB');
      await runIntake(first, { mode: 'value', answers: { 'pain.left': 'foot', 'pain.score': 6 } });
      expect(first.triage?.disposition).toBe('self_care');

      c.advance(DAY);
      const visit = new Conversation(bot.url, channelId, 'en-GB', undefined, first.userId);
      await runCheckin(visit, { left: 'thigh', right: 'none', score: 4 });
      expect(centralizationOf(visit.last)).toEqual({ level: 3, previous: 5, trend: 'centralizing', sustained: false });
      expect(visit.last.map((r) => r.text).join('\n')).toContain(t('progress:trend.centralizing'));

      await visit.say('progress');
      const text = visit.last.map((r) => r.text).join('\n');
      const path = [t('progress:path.foot'), t('progress:path.thigh')].join(t('progress:sms.separator'));
      // SMS sends GSM-7 only: the arrow goes as "->".
      expect(text).toContain((channelId === 'sms' ? toGsm : String)(t('progress:sms.path', { path, count: 1 })));
      if (channelId === 'webchat')
        expect(visit.last.flatMap((r) => r.attachments ?? []).some((a) => a.contentType === 'image/png')).toBe(true);
    },
  );

  it('shows the intake as progress before any check-in', async () => {
    bot = await startTestBot();
    const conv = new Conversation(bot.url, 'sms', 'en-GB');
    await runIntake(conv, { mode: 'value', answers: { 'pain.left': 'below_knee' } });
    await conv.say('progress');
    expect(conv.last.map((r) => r.text).join('\n')).toContain(
      t('progress:sms.single', { level: t('progress:path.below_knee') }),
    );
  });
});
