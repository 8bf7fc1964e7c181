import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';
import { cardProblems } from '../helpers/adaptive-card.js';
import { MAX_CHOICE_BOXES } from '../../src/render/cards.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const all = (replies: Reply[][]) => replies.flat();

/** Every Action.Submit of a card, wherever it is (card actions, tappable choice boxes). */
function submitActions(node: unknown): { type: string; data?: { answer?: unknown } }[] {
  if (Array.isArray(node)) return node.flatMap(submitActions);
  if (!node || typeof node !== 'object') return [];
  const own =
    (node as { type?: unknown }).type === 'Action.Submit'
      ? [node as { type: string; data?: { answer?: unknown } }]
      : [];
  return [...own, ...Object.values(node).flatMap(submitActions)];
}

describe('the same triage on each channel', () => {
  it('renders web chat choices as messageBack suggested actions carrying value.answer and value.question', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    const { replies } = await runIntake(conv, { mode: 'value', answers: { 'redflag.chest_pain': 'yes' } });
    const questions = all(replies).filter((r) => r.channelData?.question);
    for (const q of questions) {
      const spec = q.channelData!.question!;
      if (spec.kind === 'choice') {
        expect(q.suggestedActions!.actions.map((a) => a.type)).toEqual(spec.choices!.map(() => 'messageBack'));
        expect(q.suggestedActions!.actions.map((a) => a.value)).toEqual(
          spec.choices!.map((c) => ({ answer: c.value, question: spec.id })),
        );
        expect(q.suggestedActions!.actions.map((a) => a.displayText)).toEqual(spec.choices!.map((c) => c.title));
      }
      if (spec.kind === 'multi') {
        expect(q.attachments?.[0]?.contentType).toBe(ADAPTIVE);
        expect(cardProblems(q.attachments![0]!.content)).toEqual([]);
      }
    }
    expect(questions.some((q) => q.channelData!.question!.kind === 'multi')).toBe(false);
    expect(conv.triage?.disposition).toBe('emergency');
  });

  it('renders every Teams question and outcome as a valid Adaptive Card 1.5 with Action.Submit', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-GB');
    const { replies } = await runIntake(conv, { mode: 'value', answers: { 'redflags.bones': ['upper_back_pain'] } });
    const cards = all(replies).flatMap((r) => (r.attachments ?? []).map((a) => ({ r, a })));
    expect(cards.length).toBeGreaterThan(15);
    for (const { r, a } of cards) {
      expect(a.contentType).toBe(ADAPTIVE);
      expect(cardProblems(a.content)).toEqual([]);
      const q = r.channelData?.question;
      const actions = submitActions(a.content);
      const inputs = (a.content.body as { type: string; id?: string; choices?: { value: string }[] }[]).filter((b) =>
        b.type.startsWith('Input.'),
      );
      if (q?.kind === 'choice' && q.choices!.length <= MAX_CHOICE_BOXES)
        expect(actions.map((x) => x.data?.answer)).toEqual(q.choices!.map((c) => c.value));
      else if (q && q.kind !== 'number')
        expect(inputs[0]).toMatchObject({ id: 'answer', choices: q.choices!.map((c) => ({ value: c.value })) });
      if (q) expect(actions.every((x) => x.type === 'Action.Submit')).toBe(true);
    }
    expect(conv.triage).toEqual({ disposition: 'urgent', flags: ['upper_back_pain'] });
  });

  it('accepts the values a Teams card submits: multi-select as "a,b", numbers as strings', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.send({ value: { answer: '42', question: 'age' } });
    expect(conv.question).toBe('redflag.saddle_anaesthesia');
    for (let i = 0; i < 10; i++) await conv.answer('no');
    expect(conv.question).toBe('redflags.infection');
    await conv.send({ value: { answer: 'fever,infection_risk', question: 'redflags.infection' } });
    expect(conv.question).toBe('redflags.cancer');
    await conv.send({ value: { question: 'redflags.cancer', answer: '' } });
    expect(conv.question).toBe('redflags.nerves');
  });

  it('renders SMS as plain numbered text, no attachments, each message at most 320 characters', async () => {
    const conv = new Conversation(bot.url, 'sms', 'en-US');
    const { replies } = await runIntake(conv, { mode: 'text', answers: { 'pain.left': '4', 'pain.right': '1' } });
    const messages = all(replies);
    for (const m of messages) {
      expect(m.attachments ?? []).toEqual([]);
      expect(m.suggestedActions).toBeUndefined();
      expect(m.text!.length).toBeLessThanOrEqual(320);
    }
    const consent = messages.find((m) => m.channelData?.question?.id === 'consent')!;
    expect(consent.text).toMatch(/^1 .+\n2 .+/m);
    expect(conv.triage).toEqual({ disposition: 'self_care', flags: [] });
    // The outcome piece carries the emergency number.
    expect(conv.last.find((m) => m.channelData?.triage)!.text).toContain('911');
  });

  it('answers SMS questions by number, including multi-select numbers', async () => {
    const conv = new Conversation(bot.url, 'sms', 'en-US');
    await conv.say('hi');
    await conv.say('1');
    await conv.say('50');
    for (let i = 0; i < 10; i++) await conv.say('2');
    await conv.say('1,2');
    expect(conv.question).toBe('redflags.cancer');
    await conv.say('0');
    expect(conv.question).toBe('redflags.nerves');
  });
});

describe('web chat card submits', () => {
  it('reads a multi-select card sent with nothing ticked (no answer field) as "none"', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value', answers: {}, maxTurns: 12 });
    expect(conv.question).toBe('redflags.infection');
    await conv.send({ value: { question: 'redflags.infection' } });
    expect(conv.question).toBe('redflags.cancer');
  });
});
