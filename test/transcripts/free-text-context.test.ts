import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

/** `channelData.advice` of an outcome: which wording it used (CLINICAL §6). */
const advice = (c: Conversation) =>
  (
    c.last.find((r) => r.channelData?.triage)?.channelData as
      { advice?: { tell?: string; route?: string; carer?: boolean } } | undefined
  )?.advice;
const questionText = (c: Conversation) => [...c.last].reverse().find((r) => r.channelData?.question)?.text;

describe('the patient’s own words the reworked detector reads (issue 11)', () => {
  it('escalates a carer’s message for them, and speaks of the person with the pain from then on', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    const ownAge = questionText(conv);
    await conv.say("my mum can't pee since this morning");
    expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['urinary_retention'] });
    expect(advice(conv)).toEqual({ tell: 'outcomes:tell.ces', carer: true });
    expect(conv.last.find((r) => r.channelData?.triage)!.text).toContain('999');
    await conv.say('restart');
    await conv.answer('agree');
    expect(conv.question).toBe('age');
    expect(questionText(conv)).not.toBe(ownAge);
  });

  it('answers a question about a sign plainly and asks its catalog question, not the emergency outcome', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.say('what is saddle anaesthesia?');
    expect(conv.triage).toBeUndefined();
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
    // The plain answer comes first, with the emergency number, then the question.
    expect(conv.last).toHaveLength(2);
    expect(conv.last[0]!.text).toContain('999');
    await conv.answer('no');
    expect(conv.question).toBe('age');
  });

  it('understands Spanglish: "no puedo hacer pee" in a Spanish conversation', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'es-US');
    await conv.say('hola');
    await conv.say('no puedo hacer pee');
    expect(conv.triage?.disposition).toBe('emergency');
    expect(conv.triage?.flags).toContain('urinary_retention');
    expect(conv.last.find((r) => r.channelData?.triage)!.text).toContain('911');
  });

  it('gives the emergency when a second leg is newly involved in the middle of an exercise', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value' });
    expect(conv.triage?.disposition).toBe('self_care');
    if (conv.question === 'reminder.days') await conv.answer(0);
    await conv.say('exercises');
    expect(conv.question).toBe('exercise.pick');
    const first = conv.last.find((r) => r.channelData?.question)!.channelData!.question!.choices![0]!.value;
    await conv.answer(first);
    await conv.answer('thigh');
    expect(conv.question).toBe('exercise.step');
    await conv.say("now it's going down the other leg too");
    expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['bilateral_sciatica'] });
    expect(advice(conv)).toEqual({ tell: 'outcomes:tell.ces' });
  });
});
