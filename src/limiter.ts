/**
 * At most `limit` tasks run at once; the rest wait in arrival order. The bot is CPU-bound, so
 * running more turns at once adds no throughput, only live objects (and memory) per turn.
 */
/** Runs a task when a slot is free; see {@link createLimiter}. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
