/** Answer of a rate limiter: allowed, or refused with the seconds until the next window. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Most keys tracked at once; past this, finished windows are dropped first. */
const MAX_KEYS = 50_000;

/**
 * A fixed-window counter per key (client address, conversation): at most `limit` hits per
 * `windowMs`. Memory stays bounded: old windows are dropped as new keys arrive.
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; now?: () => number }): (key: string) => RateDecision {
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  const prune = (t: number) => {
    for (const [key, w] of windows) if (t - w.start >= opts.windowMs) windows.delete(key);
  };
  return (key) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= opts.windowMs) {
      if (!w && windows.size >= MAX_KEYS) prune(t);
      // Still full of live windows: refuse rather than grow without bound.
      if (!w && windows.size >= MAX_KEYS) return { allowed: false, retryAfterSeconds: Math.ceil(opts.windowMs / 1000) };
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    if (w.count >= opts.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + opts.windowMs - t) / 1000)) };
    w.count++;
    return { allowed: true };
  };
}
