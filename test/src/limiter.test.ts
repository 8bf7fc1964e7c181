import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { createLimiter } from '../../src/limiter.js';
import { createServer, type BotServer } from '../../src/server.js';
import { createLogger } from '../../src/logger.js';
import { createTurnRunner } from '../../src/channels/turn-runner.js';
import type { i18n as I18n } from 'i18next';

/** A promise with its resolver, to hold tasks open until the test lets them go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

describe('createLimiter', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order', async () => {
    const limit = createLimiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const done = gates.map((g, i) => limit(async () => { started.push(i); await g.promise; return i; }));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await done[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.open());
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await limit(async () => 'next')).toBe('next');
  });
});

describe('createServer limit', () => {
  let http: BotServer | undefined;
  afterEach(async () => { await http?.drain(); http = undefined; });

  it('lets only as many turns into the bot as the shared limiter admits when HTTP and in-process turns arrive together', async () => {
    let inside = 0;
    let most = 0;
    const release = gate();
    // A stand-in adapter: the server's limiter is what is under test, not botbuilder.
    const adapter = {
      process: async (_req: unknown, res: { send: (code: number, body?: unknown) => void }, logic: (c: TurnContext) => Promise<void>) => {
        await logic({} as TurnContext);
        res.send(200, {});
      },
    } as unknown as CloudAdapter;
    const bot = { run: async () => { inside++; most = Math.max(most, inside); await release.promise; inside--; } };
    const limit = createLimiter(3);
    http = createServer({ adapter, bot, logger: createLogger('silent'), isReady: () => true, limit });
    // Web chat and SMS turns run in process through the same limiter.
    const runTurn = createTurnRunner({ bot, i18n: {} as I18n, logger: createLogger('silent'), limit });
    const inProcess = [0, 1].map((n) => runTurn({ type: 'message', channelId: 'sms', conversation: { id: `s${n}` } as never, from: { id: 's', name: 's' } }, () => 'id'));
    await new Promise<void>((resolve) => http!.server.listen(0, '127.0.0.1', resolve));
    const { port } = http.server.address() as AddressInfo;
    const activity = { type: 'message', channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' } };
    const requests = Array.from({ length: 8 }, () => fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
    }));
    await new Promise((r) => setTimeout(r, 200));
    expect(inside).toBe(3);
    release.open();
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    await Promise.all(inProcess);
    expect(statuses).toEqual(Array(8).fill(200));
    expect(most).toBe(3);
  });
});
