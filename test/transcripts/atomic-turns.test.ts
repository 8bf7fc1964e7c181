import type { ConversationAccount } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { ForgetCommit, Store, TurnCommit } from '../../src/store/store.js';
import { LOCALES_DIR } from '../../src/app.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { Conversation, startTestBot, type TestBot, postWithId, questionIn } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';
import { turnMarkId } from '../../src/bot/turn-mark.js';

const t = createI18n(loadLocaleResources(LOCALES_DIR)).getFixedT('en');

/** Every Store method that writes. A turn may use only the two commits. */
const WRITES = [
  'commitTurn',
  'commitForget',
  'saveConversation',
  'saveUser',
  'appendRecord',
  'addReminder',
  'deleteUser',
  'claimMessageId',
];

/** A promise with its resolver. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A memory store that records every write, and can hold the next commit of one conversation
 * (until `release()`) or fail it once, to put another writer between a turn's load and its commit.
 */
function watchedStore() {
  const store = createMemoryStore();
  const writes: { name: string; turn?: TurnCommit | ForgetCommit }[] = [];
  let gate: { conversationKey: string; held: () => void; wait: Promise<void> } | undefined;
  let failing: string | undefined;
  const watched = new Proxy<Store>(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const turn =
          name === 'commitTurn' || name === 'commitForget' ? (args[0] as TurnCommit | ForgetCommit) : undefined;
        if (WRITES.includes(String(name))) writes.push({ name: String(name), ...(turn && { turn }) });
        if (turn && failing === turn.conversationKey) {
          failing = undefined;
          throw new Error('the database went away');
        }
        if (turn && gate?.conversationKey === turn.conversationKey) {
          const { held, wait } = gate;
          gate = undefined;
          held();
          await wait;
        }
        return value.apply(target, args) as unknown;
      };
    },
  });
  return {
    store: watched,
    writes,
    /** Holds the next commit of the conversation; resolves once it is held, with the function that lets it go. */
    hold(conversationKey: string): { held: Promise<void>; release: () => void } {
      const held = deferred();
      const release = deferred();
      gate = { conversationKey, held: held.resolve, wait: release.promise };
      return { held: held.promise, release: release.resolve };
    },
    /** Fails the next commit of the conversation (as a store whose database is gone would). */
    failNext(conversationKey: string) {
      failing = conversationKey;
    },
  };
}

let bots: TestBot[] = [];
afterEach(async () => {
  for (const b of bots) await b.dispose();
  bots = [];
});

async function start(store: Store): Promise<TestBot> {
  const bot = await startTestBot({ store });
  bots.push(bot);
  return bot;
}

describe('one commit per turn (ARCHITECTURE.md step 4)', () => {
  it('writes every turn with one commit: the emergency outcome, its record and the lock together; forget me as one deletion', async () => {
    const w = watchedStore();
    const bot = await start(w.store);
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(conv, { mode: 'value', answers: { 'redflag.urinary_retention': 'yes' } });
    expect(conv.triage?.disposition).toBe('emergency');
    const self = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(self, { mode: 'value' });
    await self.answer(3);
    await self.say('forget me');
    await self.answer('delete');

    expect(w.writes.map((c) => c.name).filter((n) => n !== 'commitTurn')).toEqual(['commitForget']);
    const outcome = w.writes.find(
      (c) =>
        c.turn &&
        'records' in c.turn &&
        c.turn.records?.some((r) => r.kind === 'triage' && r.data.disposition === 'emergency'),
    );
    expect(outcome?.turn).toMatchObject({ profile: { emergency: true }, dedup: { id: expect.any(String) } });
    const reminder = w.writes.find((c) => c.turn && 'reminders' in c.turn && c.turn.reminders?.length);
    expect(reminder?.turn?.conversationKey).toBe(`webchat:${self.conversationId}`);
    expect(await w.store.getUser(`webchat:${self.userId}`)).toBeUndefined();
    expect(await w.store.getUser(`webchat:${conv.userId}`)).toMatchObject({ emergency: true, consent: 'agree' });
  });

  it('decides a turn again when another instance changed the conversation since it loaded, and keeps only what was committed', async () => {
    const w = watchedStore();
    const [a, b] = [await start(w.store), await start(w.store)];
    const conv = new Conversation(a.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    expect(conv.question).toBe('age');
    const held = w.hold(`webchat:${conv.conversationId}`);
    const onA = postWithId(a.url, conv, 'on-a', { value: { answer: 40, question: 'age' } });
    await held.held;
    expect(questionIn(await postWithId(b.url, conv, 'on-b', { value: { answer: 41, question: 'age' } }))).toBe(
      'redflag.saddle_anaesthesia',
    );
    held.release();
    const replies = await onA;
    // Decided again against what B committed: the age is answered already, so A's answer is stale.
    expect(replies.map((r) => r.text)).toContain(t('messages:stale_answer'));
    expect(questionIn(replies)).toBe('redflag.saddle_anaesthesia');
    expect(await w.store.getUser(`webchat:${conv.userId}`)).toMatchObject({ age: 41 });
    const markOfA = turnMarkId({
      id: 'on-a',
      channelId: 'webchat',
      conversation: { id: conv.conversationId } as ConversationAccount,
    });
    expect(w.writes.filter((c) => c.turn?.dedup?.id === markOfA)).toHaveLength(2);
  });

  it('writes nothing and says so politely when the user was deleted while the turn was decided', async () => {
    const w = watchedStore();
    const bot = await start(w.store);
    const first = new Conversation(bot.url, 'webchat', 'en-GB');
    await runIntake(first, { mode: 'value' });
    await first.answer(0);
    const other = new Conversation(bot.url, 'webchat', 'en-GB', undefined, first.userId);
    const held = w.hold(`webchat:${other.conversationId}`);
    const arriving = other.say('hello again');
    await held.held;
    await first.say('forget me');
    await first.answer('delete');
    held.release();
    const replies = await arriving;
    expect(replies.map((r) => r.text)).toEqual([t('messages:forgotten', { number: '999' })]);
    const user = `webchat:${first.userId}`;
    expect(await w.store.getUser(user)).toBeUndefined();
    expect(await w.store.listRecords(user)).toEqual([]);
    expect(await w.store.listConversations(user)).toEqual([]);
    expect(await w.store.getUserGeneration(user)).toBeUndefined();
  });

  it('sends the fallback when the commit fails, writes nothing, and takes the same activity when the channel retries it', async () => {
    const w = watchedStore();
    const bot = await start(w.store);
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    w.failNext(`webchat:${conv.conversationId}`);
    const failed = await postWithId(bot.url, conv, 'first', { text: 'hi' });
    expect(failed.map((r) => r.text)).toEqual([t('messages:error_fallback')]);
    expect(await w.store.getConversation(`webchat:${conv.conversationId}`)).toBeUndefined();
    expect(await w.store.getUser(`webchat:${conv.userId}`)).toBeUndefined();
    expect(questionIn(await postWithId(bot.url, conv, 'first', { text: 'hi' }))).toBe('consent');
    expect(await postWithId(bot.url, conv, 'first', { text: 'hi' })).toEqual([]);
  });
});
