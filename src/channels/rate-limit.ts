/** Answer of a rate limiter: allowed, or refused with the seconds until the next window. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** Hits allowed per key and window. */
  limit: number;
  windowMs: number;
  /** Most keys tracked at once (default 50,000, a few MB). */
  maxKeys?: number;
  now?: () => number;
}

const DEFAULT_MAX_KEYS = 50_000;

/** A rate limiter: call it once per hit of `key`. */
export interface RateLimiter {
  (key: string): RateDecision;
  /** Keys tracked now (at most `maxKeys`). */
  readonly size: number;
}

/**
 * A fixed-window counter per key (client key, conversation): at most `limit` hits per
 * `windowMs`. Windows are kept in the order they started, so finished ones are dropped from
 * the front as time goes on, in O(1) per call. When `maxKeys` live windows are tracked, the
 * oldest is forgotten to make room: a flood of new keys costs bounded memory and never locks
 * out a newcomer, and forgetting a count gives a flooder nothing its own addresses do not.
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
  const windows = new Map<string, { start: number; count: number }>();
  const limiter = (key: string): RateDecision => {
    const t = now();
    for (const [oldest, w] of windows) {
      if (t - w.start < opts.windowMs) break;
      windows.delete(oldest);
    }
    let w = windows.get(key);
    if (!w || t - w.start >= opts.windowMs) {
      windows.delete(key);
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value ?? key);
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    if (w.count >= opts.limit)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + opts.windowMs - t) / 1000)) };
    w.count++;
    return { allowed: true };
  };
  return Object.defineProperty(limiter, 'size', { get: () => windows.size }) as RateLimiter;
}
