import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardProblems } from '../helpers/adaptive-card.js';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** Every card in the replies passes the `adaptivecards` parser without warnings, as 1.5. */
function expectValidCards(replies: Reply[]): number {
  const cards = replies.flatMap((r) => r.attachments ?? []);
  for (const a of cards) {
    expect(a.contentType).toBe(ADAPTIVE);
    expect(cardProblems(a.content)).toEqual([]);
  }
  return cards.length;
}

/** A node of a card's JSON. */
type CardNode = Record<string, unknown> & { type?: string };

/** Every object node of a card, depth first. */
function* walk(node: unknown): Generator<CardNode> {
  if (Array.isArray(node)) for (const n of node) yield* walk(n);
  else if (node && typeof node === 'object') {
    yield node as CardNode;
    for (const child of Object.values(node)) yield* walk(child);
  }
}

/** Every Action.Submit of a card: its actions and its tappable containers. */
function* submitActions(card: unknown): Generator<{ type: string; title: string; data: Record<string, unknown> }> {
  for (const n of walk(card))
    if (n.type === 'Action.Submit')
      yield n as unknown as { type: string; title: string; data: Record<string, unknown> };
}

/** The URL of the card's call button (Action.OpenUrl with tel:), if any. */
const callUrl = (r: Reply | undefined) =>
  (r?.attachments?.[0]?.content.actions as { type: string; url?: string }[] | undefined)?.find((a) =>
    a.url?.startsWith('tel:'),
  )?.url;

describe('Teams cards', () => {
  it('renders a Spanish triage ending in an emergency as valid Adaptive Cards 1.5, the outcome saying 112', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'es-ES');
    const { replies } = await runIntake(conv, {
      mode: 'value',
      lng: 'es',
      answers: { 'redflag.saddle_anaesthesia': 'yes' },
    });
    expect(expectValidCards(replies.flat())).toBeGreaterThan(2);
    const outcome = conv.last.find((r) => r.channelData?.triage);
    expect(outcome?.channelData?.triage).toEqual({ disposition: 'emergency', flags: ['saddle_anaesthesia'] });
    expect(JSON.stringify(outcome?.attachments?.[0]?.content)).toContain('112');
  });

  it('renders an English triage with urgent flags and the outcome card as valid Adaptive Cards 1.5', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-US');
    const { replies } = await runIntake(conv, { mode: 'value', answers: { 'redflags.infection': ['fever'] } });
    expect(expectValidCards(replies.flat())).toBeGreaterThan(15);
    const outcome = conv.last.find((r) => r.channelData?.triage);
    expect(outcome?.channelData?.triage?.disposition).toBe('urgent');
    expect(outcome?.attachments?.[0]?.contentType).toBe(ADAPTIVE);
  });

  it('binds every submit of a question card to its question; choices wrap, are messageBack showing the choice, and a long list is vertical', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-GB');
    const { replies } = await runIntake(conv, { mode: 'value' });
    const asks = replies.flat().filter((r) => r.channelData?.question);
    expect(asks.length).toBeGreaterThan(10);
    for (const r of asks) {
      const q = r.channelData!.question!;
      const card = r.attachments?.[0]?.content as CardNode;
      const submits = [...submitActions(card)];
      expect(submits.length, q.id).toBeGreaterThan(0);
      for (const a of submits) {
        expect(a.type).toBe('Action.Submit');
        expect(a.data.question, q.id).toBe(q.id);
        if (a.data.answer === undefined || Array.isArray(a.data.answer)) continue;
        expect(a.data.msteams, q.id).toEqual({
          type: 'messageBack',
          displayText: a.title,
          value: { answer: a.data.answer, question: q.id },
        });
      }
      // No text is ever cut: every TextBlock wraps, every choice list wraps.
      for (const node of walk(card)) {
        if (node.type === 'TextBlock') expect(node.wrap, q.id).toBe(true);
        if (node.type === 'Input.ChoiceSet') expect(node.wrap, q.id).toBe(true);
        if (node.type === 'Input.Number' || node.type === 'Input.ChoiceSet') {
          expect(node.label, q.id).toBeTypeOf('string');
          expect(node.label, q.id).not.toBe('');
        }
      }
      if (q.kind === 'choice') {
        const columns = [...walk(card)].filter((n) => n.type === 'ColumnSet');
        // Up to three side by side; beyond three, one under another (no columns).
        expect(columns.length, q.id).toBe((q.choices?.length ?? 0) <= 3 ? 1 : 0);
        expect(card.actions ?? [], q.id).toEqual([]);
      }
      if (q.kind === 'number') {
        const input = [...walk(card)].find((n) => n.type === 'Input.Number')!;
        expect(input.label, q.id).toBe(`A number from ${q.min} to ${q.max}`);
        expect([input.min, input.max]).toEqual([q.min, q.max]);
      }
      if (q.kind === 'multi') {
        const none = (card.actions as CardNode[]).find((a) => Array.isArray((a.data as { answer?: unknown }).answer));
        expect(none, q.id).toMatchObject({
          title: 'None of these',
          associatedInputs: 'none',
          data: { answer: [], question: q.id },
        });
        expect(JSON.stringify(card), q.id).not.toMatch(/like 1,3|0 for none/);
      }
    }
  });

  it('shows an emergency outcome with the number in its words and no tel: button (Teams desktop and web cannot open it)', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-US');
    await runIntake(conv, { mode: 'value', answers: { 'redflag.saddle_anaesthesia': 'yes' } });
    const outcome = conv.last.find((r) => r.channelData?.triage);
    expect(callUrl(outcome)).toBeUndefined();
    expect(JSON.stringify(outcome?.attachments?.[0]?.content)).toContain('911');
  });

  it('reads language and country from the clientInfo entity when Teams sends no activity.locale', async () => {
    const activity = (id: string, value?: unknown) => ({
      type: 'message',
      id,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      from: { id: 'teams-user-clientinfo' },
      recipient: { id: 'bot' },
      conversation: { id: 'teams-conv-clientinfo' },
      entities: [{ type: 'clientInfo', locale: 'es-ES', country: 'ES', platform: 'Web' }],
      ...(value ? { value } : { text: 'hola' }),
    });
    const first = await Conversation.post(bot.url, activity('c1'));
    expect(first.status).toBe(200);
    const replies = (first.body as { activities: Reply[] }).activities;
    const consent = replies.find((r) => r.channelData?.question?.id === 'consent');
    expect(consent?.channelData?.question?.choices?.map((c) => c.value)).toEqual(['agree', 'decline']);
    // Spanish titles come from locales/es, so compare with what an es-ES Teams user gets.
    const reference = new Conversation(bot.url, 'msteams', 'es-ES');
    await reference.say('hola');
    const spanish = reference.last.find((r) => r.channelData?.question?.id === 'consent')!;
    expect(consent!.channelData!.question!.choices).toEqual(spanish.channelData!.question!.choices);
    expect(JSON.stringify(replies)).toContain('112');
    // The country came from clientInfo too: the intake does not ask for it.
    const asked: string[] = [];
    let last = replies;
    for (const answer of ['agree', 40]) {
      const res = await Conversation.post(bot.url, activity(`c-${answer}`, { answer }));
      last = (res.body as { activities: Reply[] }).activities;
      asked.push(...last.flatMap((r) => (r.channelData?.question ? [r.channelData.question.id] : [])));
    }
    expect(asked).not.toContain('country');
    expect(asked.at(-1)).toMatch(/^redflag\./);
  });
});
