import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createLogger, logListening } from '../../src/logger.js';
import type { RedFlagDetector } from '../../src/understand/red-flag-detector.js';
import { lazyRedFlagDetector, onFirstLanguage, runWhenIdle } from '../../src/warm-up.js';

/** Keeps the event loop busy (short blocking bursts, back to back) for `ms`, as a burst of turns would. */
function busyFor(ms: number): Promise<number> {
  const until = performance.now() + ms;
  return new Promise((resolve) => {
    const burst = (): void => {
      const end = performance.now() + 5;
      while (performance.now() < end) {
        /* working */
      }
      if (performance.now() < until) setImmediate(burst);
      else resolve(performance.now());
    };
    burst();
  });
}

describe('runWhenIdle', () => {
  it('runs every step once, in order, one per idle interval', async () => {
    const ran: number[] = [];
    const work = runWhenIdle(
      [1, 2, 3].map((n) => () => void ran.push(n)),
      { intervalMs: 5 },
    );
    expect(ran).toEqual([]); // never in the caller's tick: the start-up path stays clear
    await work.done;
    expect(ran).toEqual([1, 2, 3]);
  });

  it('runs nothing while the loop is busy, and catches up once it is idle', async () => {
    let ranAt: number | undefined;
    const busy = busyFor(150);
    const work = runWhenIdle([() => void (ranAt = performance.now())], { intervalMs: 20 });
    const busyUntil = await busy;
    await work.done;
    expect(ranAt).toBeGreaterThanOrEqual(busyUntil);
  });

  it('runs no further step once stopped', async () => {
    const ran: number[] = [];
    const work = runWhenIdle([() => void ran.push(1), () => work.stop(), () => void ran.push(3)], { intervalMs: 5 });
    await work.done;
    expect(ran).toEqual([1]);
  });

  it('reports a step that throws and goes on with the next', async () => {
    const errors: unknown[] = [];
    const ran: number[] = [];
    const boom = new Error('table missing');
    await runWhenIdle(
      [
        () => {
          throw boom;
        },
        () => void ran.push(2),
      ],
      { intervalMs: 5, onError: (err) => errors.push(err) },
    ).done;
    expect(errors).toEqual([boom]);
    expect(ran).toEqual([2]);
  });
});

describe('lazyRedFlagDetector', () => {
  const stub: RedFlagDetector = {
    detect: () => ({}) as ReturnType<RedFlagDetector['detect']>,
    explain: () => ({}) as ReturnType<RedFlagDetector['explain']>,
  };

  it('builds the detector once, on first use or when asked ahead of it', () => {
    let builds = 0;
    const lazy = lazyRedFlagDetector(() => (builds++, stub));
    expect(builds).toBe(0);
    lazy.build();
    lazy.detect('my legs are weak', 'en');
    lazy.explain('my legs are weak', 'en');
    expect(builds).toBe(1);
  });

  it('fails every use when the detector cannot be built, rather than reading a message as free of red flags', () => {
    const lazy = lazyRedFlagDetector(() => {
      throw new Error('bad term in redflags.json');
    });
    expect(() => lazy.build()).toThrow('bad term');
    expect(() => lazy.detect('I cannot feel my saddle area', 'en')).toThrow('bad term');
  });

  it('tries a failed build once and tells onFailure once, however many messages come after', () => {
    let builds = 0;
    const failures: unknown[] = [];
    const lazy = lazyRedFlagDetector(
      () => {
        builds++;
        throw new Error('bad term in redflags.json');
      },
      (err) => failures.push(err),
    );
    expect(() => lazy.detect('my legs are weak', 'en')).toThrow('bad term');
    expect(() => lazy.build()).toThrow('bad term');
    expect(() => lazy.explain('my legs are weak', 'en')).toThrow('bad term');
    expect(builds).toBe(1);
    expect(failures).toHaveLength(1);
  });
});

describe('onFirstLanguage', () => {
  it('tells each language not seen yet once, before the message is read, and reads every message', () => {
    const events: string[] = [];
    const detector: RedFlagDetector = {
      detect: (text, lng) => (events.push(`detect ${lng} ${text}`), {}) as ReturnType<RedFlagDetector['detect']>,
      explain: (text, lng) => (events.push(`explain ${lng} ${text}`), {}) as ReturnType<RedFlagDetector['explain']>,
    };
    const watched = onFirstLanguage(detector, ['en'], (lng) => events.push(`first ${lng}`));
    watched.detect('hi', 'en');
    watched.detect('hola', 'es');
    watched.explain('me duele', 'es');
    watched.detect('hello', 'en');
    expect(events).toEqual(['detect en hi', 'first es', 'detect es hola', 'explain es me duele', 'detect en hello']);
  });
});

describe('logListening', () => {
  function capture(isTTY: boolean): { out: PassThrough & { isTTY?: boolean }; text: () => string } {
    const out: PassThrough & { isTTY?: boolean } = new PassThrough();
    if (isTTY) out.isTTY = true;
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    return { out, text: () => text };
  }

  it('writes one plain line with the URL on a terminal', () => {
    const { out, text } = capture(true);
    logListening(createLogger('info', out), { port: 3978, store: 'lmdb' });
    expect(text()).toBe('Sciatica bot listening on http://localhost:3978\n');
  });

  it('writes the JSON line "bot ready" with the URL elsewhere', () => {
    const { out, text } = capture(false);
    logListening(createLogger('info', out), { port: 3978, store: 'lmdb' });
    expect(JSON.parse(text())).toMatchObject({
      msg: 'bot ready',
      port: 3978,
      store: 'lmdb',
      address: 'http://localhost:3978',
    });
  });

  it('writes nothing when info is below the level', () => {
    const { out, text } = capture(true);
    logListening(createLogger('warn', out), { port: 3978, store: 'lmdb' });
    expect(text()).toBe('');
  });
});
