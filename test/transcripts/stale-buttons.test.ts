import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';
import { EMERGENCY_FLAGS } from '../../dialogs/triage/red-flags.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

type Data = Record<string, unknown>;

/** What each button of a question's reply sends, as the channel would send it back. */
function buttons(replies: Reply[]): Data[] {
  const asking = [...replies].reverse().find((r) => r.channelData?.question)!;
  const suggested = asking.suggestedActions?.actions.map((a) => a.value as Data) ?? [];
  // Every submit of a card: its actions and its tappable choice boxes.
  const submits = (node: unknown): Data[] =>
    Array.isArray(node)
      ? node.flatMap(submits)
      : node && typeof node === 'object'
        ? [
            ...((node as Data).type === 'Action.Submit' ? [((node as Data).data as Data | undefined) ?? {}] : []),
            ...Object.values(node).flatMap(submits),
          ]
        : [];
  const cards = (asking.attachments ?? []).flatMap((a) => submits(a.content));
  return [...suggested, ...cards];
}

const button = (replies: Reply[], answer: string) => buttons(replies).find((b) => b.answer === answer)!;
/** The submit button of a card (multi-select), which carries no answer of its own. */
const submit = (replies: Reply[]) => buttons(replies).find((b) => b.answer === undefined)!;

/** Answers the emergency questions "no" by their buttons until the first multi-select group. */
async function toFirstGroup(conv: Conversation): Promise<void> {
  await conv.say('hi');
  await conv.send({ value: button(conv.last, 'agree') });
  await conv.say('40');
  for (const flag of EMERGENCY_FLAGS) {
    expect(conv.question).toBe(`redflag.${flag}`);
    await conv.send({ value: button(conv.last, 'no') });
  }
}

describe('answers bound to their question (CONTRACT §3)', () => {
  it.each(['webchat', 'directline', 'emulator', 'msteams'])(
    'binds every button to its question on %s',
    async (channelId) => {
      const conv = new Conversation(bot.url, channelId, 'en-GB');
      await conv.say('hi');
      expect(buttons(conv.last).map((b) => [b.answer, b.question])).toEqual([
        ['agree', 'consent'],
        ['decline', 'consent'],
      ]);
      if (channelId === 'msteams') {
        // messageBack: the chat shows the choice's title as the user's message.
        const titles = conv.last.at(-1)!.channelData!.question!.choices!.map((c) => c.title);
        expect(buttons(conv.last).map((b) => (b.msteams as Data).displayText)).toEqual(titles);
        expect(buttons(conv.last).map((b) => (b.msteams as Data).type)).toEqual(['messageBack', 'messageBack']);
      }
    },
  );

  it.each(['webchat', 'directline', 'emulator', 'msteams'])(
    'a button of an earlier question changes nothing on %s, says so and asks again',
    async (channelId) => {
      const conv = new Conversation(bot.url, channelId, 'en-GB');
      await conv.say('hi');
      await conv.send({ value: button(conv.last, 'agree') });
      await conv.say('40');
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
      const saddle = conv.last;
      await conv.send({ value: button(saddle, 'no') });
      expect(conv.question).toBe('redflag.urinary_retention');
      const retention = conv.last;

      // "No" on the earlier card again, and "Yes" too: neither answers the pending question.
      for (const old of [button(saddle, 'no'), button(saddle, 'yes')]) {
        await conv.send({ value: old });
        expect(conv.triage).toBeUndefined();
        expect(conv.last).toHaveLength(2);
        expect(conv.last[0]!.channelData?.question).toBeUndefined();
        expect(conv.last[0]!.text).toBeTruthy();
        expect(conv.question).toBe('redflag.urinary_retention');
        expect(buttons(conv.last)).toEqual(buttons(retention));
      }
      // The pending question is still unanswered: its own "No" moves on.
      await conv.send({ value: button(retention, 'no') });
      expect(conv.question).toBe('redflag.urinary_incontinence');
    },
  );

  it.each([
    ['webchat', undefined],
    ['directline', ''],
    ['emulator', undefined],
    ['msteams', ''],
  ] as const)(
    'an empty submit of an earlier multi-select card on %s records nothing for the pending group',
    async (channelId, empty) => {
      const conv = new Conversation(bot.url, channelId, 'en-GB');
      await toFirstGroup(conv);
      expect(conv.question).toBe('redflags.infection');
      const infection = submit(conv.last);
      expect(infection).toEqual({ question: 'redflags.infection' });
      // Nothing ticked on the infection card: "none" for that group.
      await conv.send({ value: { ...infection, ...(empty !== undefined && { answer: empty }) } });
      expect(conv.question).toBe('redflags.cancer');
      const cancer = submit(conv.last);

      // The infection card's Send again, as Web Chat (no input) and Teams ("") send it.
      for (const value of [infection, { ...infection, answer: '' }]) {
        await conv.send({ value });
        expect(conv.question).toBe('redflags.cancer');
        expect(conv.last).toHaveLength(2);
      }
      // The cancer group was never answered: ticking a history of cancer now counts.
      await conv.send({ value: { ...cancer, answer: 'cancer_history' } });
      expect(conv.question).toBe('redflags.nerves');
      await runIntake(conv, { mode: 'value' });
      expect(conv.triage).toEqual({ disposition: 'urgent', flags: ['cancer_history'] });
    },
  );

  it('takes an answer without a question for the pending one (API clients)', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.send({ value: { answer: 'agree' } });
    expect(conv.question).toBe('age');
    await conv.send({ value: { answer: 40 } });
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
  });

  it('an empty answer without a question never counts as "none" for a group', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await toFirstGroup(conv);
    await conv.send({ value: { answer: '' } });
    expect(conv.question).toBe('redflags.infection');
    await conv.send({ value: { answer: ['fever'] } });
    expect(conv.question).toBe('redflags.cancer');
  });
});
