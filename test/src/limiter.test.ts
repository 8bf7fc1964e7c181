import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationAccount, TurnContext } from 'botbuilder';
import { createLimiter, type Limiter } from '../../src/limiter.js';
import { createServer, type BotServer } from '../../src/server.js';
import { createHashId, createLogger } from '../../src/logger.js';
import { createTurnRunner } from '../../src/bot/turn-runner.js';
import type { i18n as I18n } from 'i18next';

/** A promise with its resolver: tasks wait on it until the test lets them go, or the test waits on an event. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createLimiter', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order', async () => {
    const limit = createLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let nextStart = deferred<number>();
    let inside = 0;
    let most = 0;
    const done = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        nextStart.resolve(i);
        most = Math.max(most, ++inside);
        await g.promise;
        inside--;
        return i;
      }),
    );
    expect(await nextStart.promise).toBe(0);
    // Both slots taken: the first two run, the other two wait.
    expect(started).toEqual([0, 1]);
    nextStart = deferred<number>();
    gates[1]!.resolve();
    // The slot task 1 frees goes to the first one waiting.
    expect(await nextStart.promise).toBe(2);
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.resolve());
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = createLimiter(1);
    await expect(
      limit(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await limit(async () => 'next')).toBe('next');
  });
});

describe('createServer limit', () => {
  let http: BotServer | undefined;
  /** Lets the turns held in the bot go; first thing after a test, or a failed one's drain waits out its grace. */
  let release = deferred();
  afterEach(async () => {
    release.resolve();
    await http?.drain();
    http = undefined;
    release = deferred();
  });

  it('lets only as many turns into the bot as the shared limiter admits when HTTP and in-process turns arrive together', async () => {
    const turns = 10;
    let arrived = 0;
    let inside = 0;
    let most = 0;
    // Every turn is at the limiter and the bot holds as many as it admits, or more got in (fail at once).
    const settled = deferred();
    const check = () => {
      if ((arrived === turns && inside === 3) || inside > 3) settled.resolve();
    };
    // A stand-in adapter: the server's limiter is what is under test, not botbuilder.
    const adapter = {
      processRequest: async (
        _req: unknown,
        res: { send: (code: number, body?: unknown) => void },
        logic: (c: TurnContext) => Promise<void>,
      ) => {
        await logic({} as unknown as TurnContext);
        res.send(200, {});
      },
    };
    const bot = {
      run: async () => {
        most = Math.max(most, ++inside);
        check();
        await release.promise;
        inside--;
      },
    };
    const shared = createLimiter(3);
    const limit: Limiter = (task) => {
      arrived++;
      const admitted = shared(task);
      check();
      return admitted;
    };
    http = createServer({ adapter, bot, logger: createLogger('silent'), isReady: () => true, limit });
    // Web chat and SMS turns run in process through the same limiter.
    const runTurn = createTurnRunner({
      bot,
      i18n: {} as I18n,
      logger: createLogger('silent'),
      hashId: createHashId({ key: 'k'.repeat(32), logger: createLogger('silent') }),
      limit,
    });
    const conversation = (id: string): ConversationAccount => ({
      id,
      name: id,
      isGroup: false,
      conversationType: 'personal',
    });
    const inProcess = [0, 1].map((n) =>
      runTurn(
        { type: 'message', channelId: 'sms', conversation: conversation(`s${n}`), from: { id: 's', name: 's' } },
        () => 'id',
      ),
    );
    await new Promise<void>((resolve) => {
      http!.server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = http.server.address();
    const activity = {
      type: 'message',
      channelId: 'test',
      serviceUrl: 'http://127.0.0.1:1',
      conversation: { id: 'c' },
      from: { id: 'u' },
      recipient: { id: 'bot' },
    };
    const overHttp = turns - inProcess.length;
    const requests = Array.from({ length: overHttp }, () =>
      fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      }),
    );
    // An answer before that (a 400, say) means a turn never reached the limiter: fail now, not at the
    // test timeout.
    const firstAnswer = Promise.race(requests).then(
      (r) => `HTTP ${r.status}`,
      (err: unknown) => String(err),
    );
    expect(await Promise.race([settled.promise.then(() => 'all held'), firstAnswer])).toBe('all held');
    expect({ arrived, inside }).toEqual({ arrived: turns, inside: 3 });
    release.resolve();
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    await Promise.all(inProcess);
    expect(statuses).toEqual(Array(overHttp).fill(200));
    expect(most).toBe(3);
  });
});
