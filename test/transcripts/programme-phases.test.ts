import { afterEach, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';
import { cardProblems } from '../helpers/adaptive-card.js';
import { WALK_ANSWERS } from '../../dialogs/exercise/walks.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store } from '../../src/store/store.js';
import { LOCALES_DIR } from '../../src/app.js';
import { RECORD_FIELDS } from '../../src/bot/records.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';

const DAY = 24 * 60 * 60 * 1000;
const i18n = createI18n(loadLocaleResources(LOCALES_DIR));

function clock(start = '2026-04-06T09:00:00.000Z') {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.dispose();
  bot = undefined;
});

/** A self-care intake with leg pain 2/10 reaching the buttock; `checkin` runs a check-in `days` later, answered as given. */
async function patient(channelId: string, locale: string) {
  const c = clock();
  const store: Store = createMemoryStore();
  bot = await startTestBot({ now: c.now, store });
  const first = new Conversation(bot.url, channelId, locale);
  await runIntake(first, { mode: 'value', answers: { 'pain.left': 'buttock', 'pain.score': 2 } });
  expect(first.triage?.disposition).toBe('self_care');
  const user = `${channelId}:${first.userId}`;
  return {
    c,
    userId: first.userId,
    async checkin(days: number, answers: { walk?: string; run?: string } = {}) {
      c.advance(days * DAY);
      const conv = new Conversation(bot!.url, channelId, locale, undefined, first.userId);
      const asked = await runCheckin(conv, { left: 'buttock', right: 'none', score: 2, ...answers });
      return { conv, asked: asked.filter((q) => q.startsWith('checkin.')), texts: conv.last.map((r) => r.text ?? '') };
    },
    /** What each check-in recorded: its phase, walking answers and the stage given. */
    async records() {
      const checkins = await store.listRecords(user, 'checkin');
      // Walks, runs, phases and stages are typed fields of a check-in record (src/store/turn.ts).
      expect(checkins.flatMap((r) => Object.keys(r.data).filter((k) => !RECORD_FIELDS.checkin.includes(k)))).toEqual(
        [],
      );
      return checkins.map((r) => ({
        phase: r.data.phase,
        walk: r.data.walk,
        run: (r.data.run as { answer?: string } | undefined)?.answer,
        nextRun: r.data.nextRun,
      }));
    },
  };
}

describe('the programme over weeks, with an injected clock (CLINICAL §5)', () => {
  it('goes from phase 1 to 2 to 3 on the walking test, then through the walk-run stages', async () => {
    const t = i18n.getFixedT('en');
    const p = await patient('webchat', 'en-GB');

    const day1 = await p.checkin(1);
    expect(day1.asked).toEqual([]);

    // Intake, day 1 and day 2: three days with leg pain ≤ 5 → phase 2.
    const day2 = await p.checkin(1);
    expect(day2.asked).toEqual([]);
    expect(day2.texts).toContain(t('exercises:phase.up_2'));

    // From phase 2, checkin.walk after the pain score; a passed walking test → phase 3, and running starts.
    const day3 = await p.checkin(1, { walk: 'yes' });
    expect(day3.asked).toEqual(['checkin.walk']);
    for (const key of ['exercises:phase.up_3', 'exercises:running.start', 'exercises:running.stage_1'])
      expect(day3.texts).toContain(t(key));
    // Phase 3's session holds strength work.
    await day3.conv.say('exercises');
    const offered = day3.conv.last
      .find((r) => r.channelData?.question?.id === 'exercise.pick')
      ?.channelData?.question?.choices?.map((x) => x.value);
    expect(offered?.some((id) => ['glute_bridge', 'clamshell', 'bird_dog'].includes(id))).toBe(true);

    // Three good walk-run sessions, reported two days apart, move up to stage 2.
    for (const n of [1, 2]) {
      const visit = await p.checkin(2, { walk: 'yes', run: 'fine' });
      expect(visit.asked, `session ${n}`).toEqual(['checkin.walk', 'checkin.run']);
      expect(visit.texts).toContain(t('exercises:running.stage_1'));
    }
    const day9 = await p.checkin(2, { walk: 'yes', run: 'fine' });
    expect(day9.texts).toContain(t('exercises:running.advance'));
    expect(day9.texts).toContain(t('exercises:running.stage_2'));

    // A worse morning after a stage-2 session: back to stage 1.
    const day11 = await p.checkin(2, { walk: 'yes', run: 'worse' });
    expect(day11.texts).toContain(t('exercises:running.back'));
    expect(day11.texts).toContain(t('exercises:running.stage_1'));

    expect(await p.records()).toEqual([
      { phase: 1, walk: undefined, run: undefined, nextRun: undefined },
      { phase: 2, walk: undefined, run: undefined, nextRun: undefined },
      { phase: 3, walk: 'yes', run: undefined, nextRun: 1 },
      { phase: 3, walk: 'yes', run: 'fine', nextRun: 1 },
      { phase: 3, walk: 'yes', run: 'fine', nextRun: 1 },
      { phase: 3, walk: 'yes', run: 'fine', nextRun: 2 },
      { phase: 3, walk: 'yes', run: 'worse', nextRun: 1 },
    ]);
  });

  it('stays in phase 2 while the walking test is not passed', async () => {
    const p = await patient('webchat', 'en-GB');
    await p.checkin(1);
    await p.checkin(1);
    const tried = await p.checkin(1, { walk: 'no' });
    expect(tried.asked).toEqual(['checkin.walk']);
    const later = await p.checkin(1, { walk: 'not_tried' });
    expect(later.asked).toEqual(['checkin.walk']);
    expect((await p.records()).map((r) => r.phase)).toEqual([1, 2, 2, 2]);
  });

  it.each([
    ['msteams', 'es-ES', 'es'],
    ['sms', 'en-US', 'en'],
    ['webchat', 'es-MX', 'es'],
  ] as const)(
    'puts checkin.walk on %s (%s) as it puts every question, and reads its answer',
    async (channelId, locale, lng) => {
      const t = i18n.getFixedT(lng);
      const p = await patient(channelId, locale);
      await p.checkin(1);
      await p.checkin(1);
      p.c.advance(DAY);
      const conv = new Conversation(bot!.url, channelId, locale, undefined, p.userId);
      await conv.say(lng === 'es' ? 'hola' : 'hello');
      await conv.answer('yes');
      while (conv.question?.startsWith('redflag.')) await conv.answer('no');
      for (const answer of [[], 'buttock', 'none', 2]) await conv.answer(answer);
      expect(conv.question).toBe('checkin.walk');
      const ask = conv.last.filter((r) => r.channelData?.question?.id === 'checkin.walk').at(-1)!;
      const choices = WALK_ANSWERS.map((value) => ({ value, title: t(`choices:walk.${value}.title`) }));
      expect(ask.channelData!.question).toMatchObject({ id: 'checkin.walk', kind: 'choice', choices });
      // Teams shows the question inside its card; the other channels in the message's text.
      const shown = channelId === 'msteams' ? JSON.stringify(ask.attachments) : conv.last.map((r) => r.text).join('\n');
      expect(shown).toContain(t('questions:checkin.walk'));
      if (channelId === 'msteams') {
        const card = ask.attachments![0]!.content;
        expect(cardProblems(card)).toEqual([]);
        // Every submit of the card (its choices are tappable boxes), in order.
        const submits: unknown[] = [];
        JSON.stringify(
          card,
          (_key, v: unknown) => (
            v &&
              typeof v === 'object' &&
              (v as { type?: unknown }).type === 'Action.Submit' &&
              submits.push((v as { data?: unknown }).data),
            v
          ),
        );
        expect(submits).toEqual(WALK_ANSWERS.map((answer) => expect.objectContaining({ answer })));
      } else if (channelId === 'sms') {
        expect(ask.attachments ?? []).toEqual([]);
        for (const [i, c] of choices.entries()) expect(ask.text).toContain(`${i + 1} ${c.title}`);
      } else {
        expect(ask.suggestedActions!.actions.map((a) => a.value)).toEqual(
          WALK_ANSWERS.map((answer) => expect.objectContaining({ answer })),
        );
      }
      // Typed as a patient would: the option's number on SMS, its title elsewhere.
      await conv.say(channelId === 'sms' ? '1' : t('choices:walk.yes.title'));
      expect(conv.question).not.toBe('checkin.walk');
      expect((await p.records()).map((r) => [r.phase, r.walk])).toEqual([
        [1, undefined],
        [2, undefined],
        [3, 'yes'],
      ]);
    },
  );
});
