import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { Conversation, startTestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

/** A promise with its resolver. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * The LMDB store in `dataDir`, watched: a turn's first read (its conversation) waits until
 * `letTurnsOn()`, `held` resolves once `turns` turns wait there, and `afterClose` names every call
 * that reached the store after it was closed.
 */
async function watchedStore(dataDir: string, turns: number) {
  const store = await openStore({ dataDir });
  const gate = deferred();
  const held = deferred();
  let waiting = 0;
  let closed = false;
  const afterClose: string[] = [];
  const watched = new Proxy<Store>(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (name === 'getConversation') {
          if (++waiting === turns) held.resolve();
          await gate.promise;
        }
        if (closed) afterClose.push(String(name));
        if (name === 'close') closed = true;
        return value.apply(target, args) as unknown;
      };
    },
  });
  return { store: watched, held: held.promise, letTurnsOn: gate.resolve, afterClose };
}

describe('memory across a server restart', () => {
  it('continues the same conversation where it stood after a restart on the same DATA_DIR', async () => {
    let bot = await startTestBot();
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('hi');
    await conv.answer('agree');
    await conv.answer(52);
    await conv.answer('no');
    await conv.answer('unsure');
    expect(conv.question).toBe('redflag.urinary_incontinence');
    await bot.stop();

    bot = await startTestBot({ dataDir: bot.dataDir });
    const resumed = new Conversation(bot.url, 'webchat', 'en-GB', conv.conversationId, conv.userId);
    await resumed.say('what was the question?');
    // Unreadable answer: the same pending question again, nothing lost.
    expect(resumed.question).toBe('redflag.urinary_incontinence');
    await runIntake(resumed, { mode: 'value' });
    // The "not sure" given before the restart still counts.
    expect(resumed.triage).toEqual({ disposition: 'urgent', flags: ['urinary_retention'] });
    await bot.dispose();
  });

  it('finishes every turn in flight before closing the store on shutdown', async () => {
    const turns = 8;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sciatica-bot-'));
    const watched = await watchedStore(dataDir, turns);
    const bot = await startTestBot({ dataDir, store: watched.store });
    const convs = Array.from({ length: turns }, () => new Conversation(bot.url, 'webchat', 'en-GB'));
    const inFlight = convs.map((c) => c.say('hi'));
    // The shutdown begins with every turn inside the bot, at its first read. An answer before that
    // means a turn never got there: fail now, not at the test timeout.
    const firstAnswer = Promise.race(inFlight).then(
      () => 'answered',
      (err: unknown) => String(err),
    );
    expect(await Promise.race([watched.held.then(() => 'all held'), firstAnswer])).toBe('all held');
    const closing = bot.stop();
    watched.letTurnsOn();
    const results = await Promise.allSettled(inFlight);
    await closing;
    expect(watched.afterClose).toEqual([]);
    expect(results.map((r) => r.status)).toEqual(Array(turns).fill('fulfilled'));
    for (const c of convs) expect(c.question).toBe('consent');
    // What the turns wrote is there after a restart.
    const again = await startTestBot({ dataDir });
    for (const conv of convs) {
      const c = new Conversation(again.url, 'webchat', 'en-GB', conv.conversationId, conv.userId);
      await c.answer('agree');
      expect(c.question).toBe('age');
    }
    await again.dispose();
  });
});
