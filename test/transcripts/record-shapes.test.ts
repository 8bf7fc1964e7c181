import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_FIELDS, recordOf, RecordShapeError } from '../../src/bot/records.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store, UserRecord } from '../../src/store/store.js';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runCheckin, runIntake } from '../helpers/intake-script.js';

/** Looked up by a stored record's kind, which may be one RECORD_FIELDS does not know. */
const FIELDS_BY_KIND: Partial<Record<string, readonly string[]>> = RECORD_FIELDS;

/** Fields a stored record carries that its kind's type does not know. */
const unknownFields = (records: readonly UserRecord[]) =>
  records.flatMap((r) =>
    Object.keys(r.data)
      .filter((k) => !(FIELDS_BY_KIND[r.kind] ?? []).includes(k))
      .map((k) => `${r.kind}.${k}`),
  );

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.dispose();
  bot = undefined;
});

describe('record intents as typed records', () => {
  it('keeps every field the machine decided, adds the channel, and takes the answers an early outcome never asked', () => {
    const triage = {
      disposition: 'emergency',
      flags: ['saddle_anaesthesia'],
      unsure: [],
      age: null,
      country: 'GB',
      painLeft: null,
      painRight: null,
      score: null,
      weeks: null,
    };
    expect(recordOf({ type: 'record', kind: 'triage', data: triage }, 'sms')).toEqual({
      kind: 'triage',
      data: { ...triage, channel: 'sms' },
    });
    const checkin = {
      left: 2,
      right: 0,
      level: 2,
      score: 3,
      flags: [],
      walk: 'yes',
      run: { answer: 'fine', stage: 2 },
      phase: 3,
      nextRun: 3,
    };
    expect(recordOf({ type: 'record', kind: 'checkin', data: checkin }, 'webchat')).toEqual({
      kind: 'checkin',
      data: { ...checkin, channel: 'webchat' },
    });
    const exercise = { exerciseId: 'prone_lying', before: 3, after: 2, outcome: 'centralized', smallerRange: true };
    expect(recordOf({ type: 'record', kind: 'exercise', data: exercise }, 'msteams')).toEqual({
      kind: 'exercise',
      data: { ...exercise, channel: 'msteams' },
    });
  });

  it('refuses data that does not fit its kind, naming the field and never its value', () => {
    const bad = () =>
      recordOf(
        { type: 'record', kind: 'triage', data: { disposition: 'self_care', flags: 'saddle-secret' } },
        'webchat',
      );
    expect(bad).toThrow(RecordShapeError);
    expect(bad).toThrow(/flags/);
    expect(bad).not.toThrow(/saddle-secret/);
  });

  it('stores only typed fields from real turns: intakes, check-ins and exercises', async () => {
    const store: Store = createMemoryStore();
    bot = await startTestBot({ store });
    const early = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(early, { mode: 'value', answers: { 'redflag.saddle_anaesthesia': 'yes' } });
    expect(early.triage?.disposition).toBe('emergency');
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value' });
    await conv.answer(0);
    await runCheckin(new Conversation(bot.url, 'webchat', 'en-GB', undefined, conv.userId), {
      left: 'thigh',
      right: 'none',
      score: 3,
    });
    await conv.say('exercises');
    expect(conv.question).toBe('exercise.pick');
    await conv.answer(conv.last.find((r) => r.channelData?.question)!.channelData!.question!.choices![0]!.value);
    await conv.answer('thigh');
    for (let guard = 0; guard < 60 && conv.question === 'exercise.step'; guard++) await conv.answer('next');
    await conv.answer('buttock');

    const records = [
      ...(await store.listRecords(`webchat:${early.userId}`)),
      ...(await store.listRecords(`webchat:${conv.userId}`)),
    ];
    expect(records.map((r) => r.kind).sort()).toEqual(['checkin', 'exercise', 'triage', 'triage']);
    expect(unknownFields(records)).toEqual([]);
  });
});
