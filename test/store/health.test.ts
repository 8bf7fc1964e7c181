import { afterEach, describe, expect, it, vi } from 'vitest';
import { storeHealth } from '../../src/store/health.js';
import { createMemoryStore } from '../../src/store/memory.store.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('storeHealth (/healthz)', () => {
  it('is healthy while the store answers its ping, and not once it is closed', async () => {
    const store = createMemoryStore();
    const healthy = storeHealth(store);
    expect(await healthy()).toBe(true);
    await store.close();
    expect(await healthy()).toBe(false);
  });

  it('answers not healthy after the timeout when the ping hangs, and sends one ping at a time however many checks come', async () => {
    vi.useFakeTimers();
    let pings = 0;
    let answer: () => void = () => {};
    const healthy = storeHealth(
      { ping: () => ((pings += 1), new Promise<void>((resolve) => (answer = resolve))) },
      1000,
    );
    const checks = [healthy(), healthy(), healthy()];
    await vi.advanceTimersByTimeAsync(1000);
    expect(await Promise.all(checks)).toEqual([false, false, false]);
    const later = healthy();
    expect(pings).toBe(1);
    answer();
    expect(await later).toBe(true);
    // That ping is over: the next check sends the next one.
    const next = healthy();
    expect(pings).toBe(2);
    answer();
    expect(await next).toBe(true);
  });
});
