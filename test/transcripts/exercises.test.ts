import { afterEach, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';
import { cardProblems } from '../helpers/adaptive-card.js';

const HOUR = 60 * 60 * 1000;
let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.dispose();
  bot = undefined;
});

function testClock() {
  let t = Date.parse('2026-06-01T08:00:00.000Z');
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

type ExerciseData = { id: string; step: number; steps: number; side?: string; holdSeconds?: number };
const exerciseOf = (r: Reply) => (r.channelData as { exercise?: ExerciseData } | undefined)?.exercise;
const offered = (c: Conversation) =>
  c.last
    .find((r) => r.channelData?.question?.id === 'exercise.pick')
    ?.channelData?.question?.choices?.map((x) => x.value) ?? [];

/** Self-care intake, then "exercises": the conversation waits at exercise.pick. */
async function readyForExercises(url: string, channelId: string, locale: string, lng: 'en' | 'es') {
  const conv = new Conversation(url, channelId, locale);
  await runIntake(conv, { mode: 'value', lng });
  if (conv.question === 'reminder.days') await conv.answer(0);
  await conv.say(lng === 'es' ? 'ejercicios' : 'exercises');
  expect(conv.question).toBe('exercise.pick');
  return conv;
}

/** Walks one exercise: pain before, every step with Next, pain after. Returns the step messages. */
async function walk(conv: Conversation, exerciseId: string, before: string, after: string, byText = false) {
  await (byText ? conv.say(String(offered(conv).indexOf(exerciseId) + 1)) : conv.answer(exerciseId));
  expect(conv.question).toBe('pain.now');
  await conv.answer(before);
  const steps: Reply[] = [];
  for (let guard = 0; guard < 60 && conv.question === 'exercise.step'; guard++) {
    steps.push(conv.last.find((r) => exerciseOf(r))!);
    await (byText ? conv.say('1') : conv.answer('next'));
  }
  expect(conv.question).toBe('pain.now');
  await conv.answer(after);
  return steps;
}

describe('guided exercises', () => {
  it.each([
    ['webchat', 'en-GB', 'en'],
    ['msteams', 'es-ES', 'es'],
    ['sms', 'en-US', 'en'],
    ['sms', 'es-MX', 'es'],
  ] as const)('walks through an exercise step by step on %s (%s)', async (channelId, locale, lng) => {
    bot = await startTestBot();
    const conv = await readyForExercises(bot.url, channelId, locale, lng);
    const choices = offered(conv);
    expect(choices.length).toBeGreaterThanOrEqual(3);
    expect(choices.at(-1)).toBe('done');
    const id = choices[0]!;
    const steps = await walk(conv, id, 'thigh', 'thigh', channelId === 'sms');
    const data = steps.map(exerciseOf) as ExerciseData[];
    expect(data.map((d) => d.step)).toEqual(data.map((_, i) => i + 1));
    expect(data.every((d) => d.id === id && d.steps === data.length)).toBe(true);
    for (const s of steps) {
      if (channelId === 'sms') {
        expect(s.attachments ?? []).toEqual([]);
        expect(s.text!.length).toBeLessThanOrEqual(320);
      }
      if (channelId === 'msteams') for (const a of s.attachments ?? []) expect(cardProblems(a.content)).toEqual([]);
    }
    // The first step shows the drawing where images can be shown.
    const first = steps[0]!;
    if (channelId === 'webchat')
      expect(
        first.attachments?.some((a) => (a as unknown as { contentType: string }).contentType === 'image/png'),
      ).toBe(true);
    if (channelId === 'msteams') expect(JSON.stringify(first.attachments)).toContain('data:image/png;base64');
    // Same level after: the next exercises are offered again.
    expect(conv.question).toBe('exercise.pick');
    await conv.answer('done');
    expect(conv.question).toBeUndefined();
  });

  it('counts sides and sets, and gives hold times, in channelData.exercise', async () => {
    bot = await startTestBot();
    const conv = await readyForExercises(bot.url, 'webchat', 'en-GB', 'en');
    const perSide = offered(conv).find((id) =>
      [
        'knee_to_chest',
        'figure4_stretch',
        'clamshell',
        'bird_dog',
        'tennis_ball_glute_release',
        'hamstring_self_massage',
        'calf_self_massage',
      ].includes(id),
    );
    expect(perSide, `offered: ${offered(conv).join(', ')}`).toBeDefined();
    const steps = (await walk(conv, perSide!, 'thigh', 'thigh')).map(exerciseOf) as ExerciseData[];
    expect(new Set(steps.map((s) => s.side).filter(Boolean))).toEqual(new Set(['left', 'right']));
    expect(steps.some((s) => (s.holdSeconds ?? 0) > 0)).toBe(true);
  });

  it('stops an exercise that sends pain further down, and keeps it off exercise.pick for 48 hours', async () => {
    const clock = testClock();
    bot = await startTestBot({ now: clock.now });
    const conv = await readyForExercises(bot.url, 'webchat', 'en-GB', 'en');
    const id = offered(conv)[0]!;
    await conv.answer(id);
    await conv.answer('thigh');
    expect(conv.question).toBe('exercise.step');
    await conv.answer('stop');
    expect(conv.question).toBe('pain.now');
    await conv.answer('foot');
    expect(conv.question).toBe('exercise.numbness');
    await conv.answer('no');
    expect(conv.question).toBe('exercise.pick');
    expect(offered(conv)).not.toContain(id);

    // The next day (after a check-in), still resting.
    clock.advance(24 * HOUR);
    const nextDay = new Conversation(bot.url, 'webchat', 'en-GB', undefined, conv.userId);
    await runCheckin(nextDay, { left: 'thigh', right: 'none', score: 3 });
    if (nextDay.question === 'reminder.days') await nextDay.answer(0);
    await nextDay.say('exercises');
    expect(offered(nextDay)).not.toContain(id);

    // After 48 hours it comes back (in a smaller range).
    clock.advance(25 * HOUR);
    const later = new Conversation(bot.url, 'webchat', 'en-GB', undefined, conv.userId);
    await runCheckin(later, { left: 'thigh', right: 'none', score: 3 });
    if (later.question === 'reminder.days') await later.answer(0);
    await later.say('exercises');
    expect(offered(later)).toContain(id);
  });

  it('re-runs the red-flag screen when the pain spread with new numbness or weakness', async () => {
    bot = await startTestBot();
    const conv = await readyForExercises(bot.url, 'webchat', 'en-GB', 'en');
    const id = offered(conv)[0]!;
    await walk(conv, id, 'buttock', 'below_knee');
    expect(conv.question).toBe('exercise.numbness');
    await conv.answer('yes');
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
    await conv.answer('yes');
    expect(conv.triage?.disposition).toBe('emergency');
  });

  it('never reaches an exercise after an emergency or urgent outcome, whatever the user types', async () => {
    bot = await startTestBot();
    for (const answers of [{ 'redflag.chest_pain': 'yes' }, { 'redflags.infection': ['fever'] }]) {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await runIntake(conv, { mode: 'value', answers });
      for (const text of ['exercises', 'ejercicios', 'start exercises', 'next', 'checkin', 'exercises']) {
        await conv.say(text);
        expect(conv.question === 'exercise.pick' || conv.question === 'exercise.step').toBe(false);
      }
      await conv.send({ value: { command: 'exercises' } });
      expect(conv.question).not.toBe('exercise.pick');
    }
  });

  it('stops mid-exercise for emergency words typed instead of Next', async () => {
    bot = await startTestBot();
    const conv = await readyForExercises(bot.url, 'webchat', 'en-GB', 'en');
    await conv.answer(offered(conv)[0]!);
    await conv.answer('thigh');
    expect(conv.question).toBe('exercise.step');
    await conv.say("suddenly I can't feel anything when I wipe");
    expect(conv.triage?.disposition).toBe('emergency');
  });
});
