import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCALES_DIR } from '../../src/app.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { describeOnStores, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { call, RestConversation, type DLActivity } from './support/directline-client.js';

const SECRET = 'resume-test-token-key-of-32-characters!!';
const t = createI18n(loadLocaleResources(LOCALES_DIR)).getFixedT('en');

/** What the token endpoint answers. */
interface Issued {
  token: string;
  conversationId: string;
  userId: string;
  visitor: string;
}

/** The questions a batch of activities asks, in order. */
const questions = (activities: DLActivity[]) =>
  activities.filter((a) => a.channelData?.question).map((a) => a.channelData!.question!.id);

describeOnStores('a web chat page resumes its conversation after a restart', (kind) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ on: kind, env: { DIRECTLINE_TOKEN_SECRET: SECRET, WEBCHAT_TOKEN_RATE_LIMIT: '1000' } });
  });
  afterAll(() => bot.dispose());

  const issue = (body: Record<string, unknown>) =>
    call<Issued & { error?: string; reason?: string }>(`${bot.url}/api/webchat/token`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

  /** A visitor's new conversation, started as the page starts it (the join event), answered up to the age question. */
  async function visitorAtAge(): Promise<{ issued: Issued; conv: RestConversation }> {
    const { body: issued } = await issue({});
    const started = await call<{ conversationId: string; streamUrl: string }>(
      `${bot.url}/v3/directline/conversations`,
      { method: 'POST', token: issued.token },
    );
    const conv = new RestConversation(bot.url, issued.token, issued.conversationId, started.body.streamUrl);
    expect(questions(await conv.send({ type: 'event', name: 'webchat/join', value: {} }))).toEqual(['consent']);
    expect(questions(await conv.send({ value: { answer: 'agree', question: 'consent' } }))).toEqual(['age']);
    return { issued, conv };
  }

  /** Restarts the bot on the same store and port-independent URL (a new process forgets the embedded Direct Line). */
  async function restart(): Promise<void> {
    await bot.stop();
    bot = await startTestBot({
      sameStoreAs: bot,
      env: { DIRECTLINE_TOKEN_SECRET: SECRET, WEBCHAT_TOKEN_RATE_LIMIT: '1000' },
    });
  }

  it('GIVEN a patient asked their age WHEN the server restarts and their page resumes THEN the same conversation asks the age again, and the next answer gets the next question', async () => {
    const { issued, conv } = await visitorAtAge();
    const watermark = conv.watermark;
    await restart();

    const resumed = await issue({ visitor: issued.visitor, conversationId: issued.conversationId, watermark });
    expect(resumed.status).toBe(200);
    expect(resumed.body.conversationId).toBe(issued.conversationId);
    expect(resumed.body.userId).toBe(issued.userId);
    // Direct Line's reconnect, as directline.js does it with a conversation id and a watermark.
    const again = new RestConversation(bot.url, resumed.body.token, issued.conversationId, '');
    const reconnected = await call<{ conversationId: string; streamUrl: string }>(
      `${again.url}?watermark=${watermark}`,
      { token: again.token },
    );
    expect(reconnected.status).toBe(200);
    expect(reconnected.body.conversationId).toBe(issued.conversationId);
    expect(reconnected.body.streamUrl).toContain(`watermark=${watermark}`);
    again.watermark = watermark;

    // The page says it is back: the pending question again, and nothing else; twice changes nothing.
    const reasked = await again.send({ type: 'event', name: 'webchat/resume', value: {} });
    expect(questions(reasked)).toEqual(['age']);
    expect(reasked.filter((a) => a.from?.role === 'bot')).toHaveLength(1);
    // The ids go on from where the page was, and repeat none of before (the bot takes an id once).
    const seqOf = (a: DLActivity) => Number(/\|(\d{7})/.exec(a.id!)![1]);
    expect(reasked.every((a) => seqOf(a) >= Number(watermark))).toBe(true);
    expect(questions(await again.send({ type: 'event', name: 'webchat/resume', value: {} }))).toEqual(['age']);

    // The answer counts once, for the question it was given to (the page says which: CONTRACT §3).
    const next = questions(await again.send({ text: '35', channelData: { forQuestion: 'age' } }));
    expect(next).toHaveLength(1);
    expect(next[0]).toMatch(/^redflag\./);
    // The same text sent once more (a message's Retry after the patient had answered again) is
    // for a question no longer pending: it changes nothing, and the pending question is put again.
    const repeated = await again.send({ text: '35', channelData: { forQuestion: 'age' } });
    expect(repeated.map((a) => a.text)).toContain(t('messages:stale_answer'));
    expect(questions(repeated)).toEqual(next);
    // Without `forQuestion`, text is read for the pending question as ever.
    const plain = questions(await again.send({ text: 'no' }));
    expect(plain).toHaveLength(1);
    expect(plain[0]).not.toBe(next[0]);
  });

  it("GIVEN a page idle through a restart WHEN directline.js reconnects with the token it has THEN the conversation is taken up again for the token's user", async () => {
    const { issued, conv } = await visitorAtAge();
    const { issued: other } = await visitorAtAge();
    const watermark = conv.watermark;
    await restart();
    const again = new RestConversation(bot.url, issued.token, issued.conversationId, '');
    // Another visitor's token never opens it; its own token does, from where the page was.
    expect((await call(`${again.url}?watermark=${watermark}`, { token: other.token })).status).toBe(403);
    const reconnected = await call<{ conversationId: string; streamUrl: string }>(
      `${again.url}?watermark=${watermark}`,
      { token: issued.token },
    );
    expect(reconnected.status).toBe(200);
    expect(reconnected.body.conversationId).toBe(issued.conversationId);
    again.watermark = watermark;
    // The age question is still on the page: its answer counts for it.
    const next = questions(await again.send({ text: '35', channelData: { forQuestion: 'age' } }));
    expect(next).toHaveLength(1);
    expect(next[0]).toMatch(/^redflag\./);
    // A conversation never started is not one to take up.
    const { body: fresh } = await issue({ visitor: issued.visitor });
    const never = await call(`${bot.url}/v3/directline/conversations/${fresh.conversationId}?watermark=0`, {
      token: fresh.token,
    });
    expect(never.status).toBe(404);
  });

  it('GIVEN a page whose token was refused (expired) WHEN it resumes without a restart THEN it goes on in the transcript the server still holds', async () => {
    const { issued, conv } = await visitorAtAge();
    const watermark = conv.watermark;
    const resumed = await issue({ visitor: issued.visitor, conversationId: issued.conversationId, watermark });
    expect(resumed.status).toBe(200);
    expect(resumed.body.conversationId).toBe(issued.conversationId);
    const again = new RestConversation(bot.url, resumed.body.token, issued.conversationId, '');
    // Everything from the start is still there, under the ids it had.
    const history = await again.get('0');
    expect(history.body.watermark).toBe(watermark);
    expect(questions(history.body.activities)).toEqual(['consent', 'age']);
    const reasked = await again.send({ type: 'event', name: 'webchat/resume', value: {} });
    expect(questions(reasked)).toEqual(['age']);
    expect(reasked[0]!.id).toBe(`${issued.conversationId}|${watermark.padStart(7, '0')}`);
  });

  it('GIVEN a conversation the bot has not started WHEN the page says it is back THEN the bot starts it, as on arrival', async () => {
    const conv = await RestConversation.start(bot.url);
    expect(questions(await conv.send({ type: 'event', name: 'webchat/resume', value: {} }))).toEqual(['consent']);
    expect(questions(await conv.send({ type: 'event', name: 'webchat/resume', value: {} }))).toEqual(['consent']);
    expect(questions(await conv.send({ type: 'event', name: 'webchat/join', value: {} }))).toEqual([]);
  });

  it("refuses to resume another visitor's conversation, without a visitor, an unknown or malformed id, and an ended one", async () => {
    const { issued } = await visitorAtAge();
    const { issued: other } = await visitorAtAge();
    await restart();
    const conv = new RestConversation(bot.url, issued.token, issued.conversationId, '');

    const refused = async (body: Record<string, unknown>, status: number, reason: RegExp) => {
      const res = await issue(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.reason).toMatch(reason);
      expect(res.body.token).toBeUndefined();
    };
    const conversationId = issued.conversationId;
    await refused({ visitor: other.visitor, conversationId }, 403, /another visitor/);
    await refused({ conversationId }, 403, /only the visitor/);
    await refused({ visitor: `${issued.userId}.forged`, conversationId }, 403, /only the visitor/);
    await refused(
      { visitor: issued.visitor, conversationId: 'Zm9yZ290dGVuLWNvbnZlcnNhdGlvbg' },
      404,
      /no conversation/,
    );
    await refused({ visitor: issued.visitor, conversationId: '../../etc' }, 400, /not a conversation id/);
    await refused({ visitor: issued.visitor, conversationId: 42 }, 400, /not a conversation id/);
    await refused({ visitor: issued.visitor, conversationId, watermark: 'x' }, 400, /not a watermark/);

    // The other visitor's own conversation resumes for them, and its token opens nothing else.
    const theirs = await issue({ visitor: other.visitor, conversationId: other.conversationId });
    expect(theirs.status).toBe(200);
    expect((await call(`${conv.url}?watermark=0`, { token: theirs.body.token })).status).toBe(403);
    expect((await conv.post({ type: 'message', text: '35' }, theirs.body.token)).status).toBe(403);

    // Forgotten: the conversation ends with the patient's data, and is never resumed.
    const mine = await issue({ visitor: issued.visitor, conversationId });
    expect(mine.status).toBe(200);
    const again = new RestConversation(bot.url, mine.body.token, conversationId, '');
    await call(`${again.url}?watermark=0`, { token: again.token });
    // What it said before (still there on PostgreSQL) is not what this test reads.
    while ((await again.get()).body.activities.length);
    expect(questions(await again.send({ value: { command: 'forget_me' } }))).toEqual(['forget.confirm']);
    expect(
      (await again.post({ type: 'message', value: { answer: 'delete', question: 'forget.confirm' } })).status,
    ).toBe(200);
    await refused({ visitor: issued.visitor, conversationId }, 403, /ended/);
    await restart();
    const after = await issue({ visitor: issued.visitor, conversationId });
    expect([403, 404]).toContain(after.status);
    expect(after.body.token).toBeUndefined();
  });
});
