import type { Store } from './store.js';

/** How long a health check waits for the store before it answers "not ready". */
const HEALTH_TIMEOUT_MS = 2000;

/**
 * Whether the store can take a turn now (`/healthz`): a {@link Store.ping} answered within
 * `timeoutMs`. One ping at a time: checks that come while one is out share it, so a database that
 * stops answering never gathers pings (or pool connections) behind a load balancer's checks.
 */
export function storeHealth(store: Pick<Store, 'ping'>, timeoutMs = HEALTH_TIMEOUT_MS): () => Promise<boolean> {
  let ping: Promise<boolean> | undefined;
  return async () => {
    const current = (ping ??= store
      .ping()
      .then(
        () => true,
        () => false,
      )
      .finally(() => (ping = undefined)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([current, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
