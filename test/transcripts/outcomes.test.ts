import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';
import { openStore } from '../../src/store/index.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

describe('each outcome over HTTP', () => {
  it.each([
    ['emergency', { 'redflag.urinary_retention': 'yes' }, ['urinary_retention']],
    ['emergency', { 'pain.left': 'foot', 'pain.right': 'thigh' }, ['bilateral_sciatica']],
    ['urgent', { 'redflags.infection': ['fever'] }, ['fever']],
    ['urgent', { 'redflag.saddle_anaesthesia': 'unsure' }, ['saddle_anaesthesia']],
    ['routine', { 'pain.weeks': 20 }, []],
    ['routine', { age: 14 }, []],
    ['self_care', {}, []],
  ] as const)('gives %s for %j', async (disposition, answers, flags) => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value', answers });
    expect(conv.triage).toEqual({ disposition, flags });
    const outcome = conv.last.find((r) => r.channelData?.triage)!;
    expect(outcome.text).toContain('999');
  });

  it('stops the screen at the first emergency flag and keeps the emergency pinned, with no exercises', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    const { asked } = await runIntake(conv, { mode: 'value', answers: { 'redflag.saddle_anaesthesia': 'yes' } });
    expect(asked.at(-1)).toBe('redflag.saddle_anaesthesia');
    const outcome = conv.last.find((r) => r.channelData?.triage)!;
    expect(outcome.attachments?.[0]?.content).toMatchObject({ buttons: [{ type: 'call', value: 'tel:999' }] });
    await conv.say('ok thanks');
    expect(conv.triage?.disposition).toBe('emergency');
    // Exercises stay off until the patient confirms a clinician has seen them (CLINICAL §6).
    await conv.say('exercises');
    expect(conv.question).toBe('clinician.cleared');
    await conv.answer('no');
    // Back where it was: the emergency advice, shown again.
    expect(conv.triage?.disposition).toBe('emergency');
    expect(conv.question).toBeUndefined();
    await conv.say('restart');
    await runIntake(conv, { mode: 'value' });
    expect(conv.triage?.disposition).toBe('self_care');
    if (conv.question === 'reminder.days') await conv.answer(0);
    // Restarting doesn't switch exercises back on after an emergency.
    await conv.say('exercises');
    expect(conv.question).toBe('clinician.cleared');
    await conv.answer('no');
    await conv.say('exercises');
    expect(conv.question).toBe('clinician.cleared');
    // Once cleared, today's self-care screen opens them.
    await conv.answer('yes');
    await conv.say('exercises');
    expect(conv.question).toBe('exercise.pick');
  });

  it('keeps exercises off after an emergency in a later conversation, until a clinician has cleared them', async () => {
    const first = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(first, { mode: 'value', answers: { 'redflag.chest_pain': 'yes' } });
    const later = new Conversation(bot.url, 'webchat', 'en-GB', undefined, first.userId);
    await runCheckin(later, { left: 'back', right: 'none', score: 2 });
    if (later.question === 'reminder.days') await later.answer(0);
    await later.say('exercises');
    expect(later.question).toBe('clinician.cleared');
    await later.answer('yes');
    await later.say('exercises');
    expect(later.question).toBe('exercise.pick');
  });

  it('appends each outcome as a record of the user', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value', answers: { 'redflags.cancer': ['weight_loss'] } });
    await conv.say('restart');
    await runIntake(conv, { mode: 'value' });
    await bot.stop();
    const store = await openStore({ dataDir: bot.dataDir });
    const records = await store.listRecords(`webchat:${conv.userId}`, 'triage');
    expect(records.map((r) => r.data.disposition)).toEqual(['urgent', 'self_care']);
    expect(records[0]!.data).toMatchObject({
      flags: ['weight_loss'],
      painLeft: 3,
      score: 4,
      weeks: 2,
      channel: 'webchat',
    });
    expect(await store.getUser(`webchat:${conv.userId}`)).toMatchObject({ consent: 'agree', age: 35 });
    await store.close();
    bot = await startTestBot({ dataDir: bot.dataDir });
  });
});
