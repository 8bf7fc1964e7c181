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

/** The Adaptive Cards of some replies, each checked by the `adaptivecards` package as valid 1.5. */
function validCards(replies: Reply[]): CardNode[] {
  const cards = replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === ADAPTIVE);
  for (const a of cards) expect(cardProblems(a.content)).toEqual([]);
  return cards.map((a) => a.content as CardNode);
}

/** Goes from a finished intake to the first step of today's first exercise. */
async function firstStep(conv: Conversation): Promise<Reply[]> {
  if (conv.question === 'reminder.days') await conv.answer(0);
  let replies = await conv.say(conv.locale.startsWith('es') ? 'ejercicios' : 'exercises');
  for (
    let i = 0;
    i < 6 && !replies.some((r) => (r.channelData as Record<string, unknown> | undefined)?.exercise);
    i++
  ) {
    const q = conv.last.filter((r) => r.channelData?.question).at(-1)?.channelData?.question;
    if (!q) throw new Error('no question on the way to an exercise');
    replies = await conv.answer(q.id === 'pain.now' ? 'thigh' : q.choices![0]!.value);
  }
  return replies;
}

describe('web chat cards', () => {
  it('shows a multi-select question as a valid 1.5 card: labelled, wrapping, with "None of these" and no SMS hint', async () => {
    for (const lng of ['en', 'es'] as const) {
      const conv = new Conversation(bot.url, 'webchat', lng === 'es' ? 'es-ES' : 'en-US');
      const { replies } = await runIntake(conv, { mode: 'value', lng });
      const multis = replies.flat().filter((r) => r.channelData?.question?.kind === 'multi');
      expect(multis.length).toBeGreaterThan(2);
      for (const r of multis) {
        const q = r.channelData!.question!;
        const [card] = validCards([r]);
        const set = [...walk(card)].find((n) => n.type === 'Input.ChoiceSet')!;
        expect(set).toMatchObject({
          isMultiSelect: true,
          wrap: true,
          label: lng === 'es' ? 'Marca los que correspondan' : 'Tick any that apply',
        });
        const none = (card!.actions as CardNode[]).find((a) => Array.isArray((a.data as { answer?: unknown }).answer));
        expect(none, q.id).toMatchObject({
          title: lng === 'es' ? 'Ninguno de estos' : 'None of these',
          associatedInputs: 'none',
          data: { answer: [], question: q.id },
        });
        // The question's words are in the message; the card adds no SMS-style hint.
        expect(JSON.stringify(card)).not.toMatch(/1,3|0 for none|0 para ninguno|Reply with|Responde con/i);
        expect([...walk(card)].filter((n) => n.type === 'TextBlock')).toEqual([]);
      }
    }
  });

  it('keeps the call button (browsers open tel:) and the number in the text of an emergency outcome', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-US');
    await runIntake(conv, { mode: 'value', answers: { 'redflag.saddle_anaesthesia': 'yes' } });
    const outcome = conv.last.find((r) => r.channelData?.triage)!;
    expect(outcome.text).toContain('911');
    expect(JSON.stringify(outcome.attachments)).toContain('tel:911');
  });

  it("shows an exercise's drawing with its SVG's own description as alt text, and the step's lines apart", async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-US');
    await runIntake(conv, { mode: 'value' });
    const step = (await firstStep(conv)).find((r) => (r.channelData as Record<string, unknown> | undefined)?.exercise)!;
    const image = step.attachments!.find((a) => a.contentType === 'image/png') as
      { name?: string; contentUrl?: string } | undefined;
    expect(image?.name?.length).toBeGreaterThan(20);
    expect(image?.name).not.toMatch(/\.png$/);
    expect(step.text!.split('\n').length).toBeGreaterThan(2);
    // Cropped to the figure: wider than the 320×200 canvas it was drawn on.
    const png = Buffer.from(image!.contentUrl!.split(',')[1]!, 'base64');
    expect(png.readUInt32BE(20) / png.readUInt32BE(16)).toBeLessThan(0.55);
  });
});

describe('Teams exercise card', () => {
  it('is valid 1.5 with the drawing described and the step in normal weight, one line per line', async () => {
    const conv = new Conversation(bot.url, 'msteams', 'en-US');
    await runIntake(conv, { mode: 'value' });
    const step = (await firstStep(conv)).find((r) => (r.channelData as Record<string, unknown> | undefined)?.exercise)!;
    const [card] = validCards([step]);
    const image = [...walk(card)].find((n) => n.type === 'Image')!;
    expect(String(image.altText).length).toBeGreaterThan(20);
    const blocks = [...walk(card)].filter((n) => n.type === 'TextBlock' && !(n.color === 'Accent'));
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks[0]!.weight).toBe('Bolder');
    for (const b of blocks.slice(1)) expect(b.weight, String(b.text)).toBeUndefined();
  });
});
