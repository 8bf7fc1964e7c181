import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Users looked up and deleted per round; a round's deletes are then rewritten out of the file together. */
const BATCH = 200;

/** Dependencies of {@link createRetentionSweeper}. */
export interface RetentionSweeperDeps {
  store: Store;
  logger: Logger;
  /** RETENTION_DAYS: users idle for longer are deleted; 0 keeps everyone (message ids still expire). */
  retentionDays: number;
  now: () => Date;
  /** How often a sweep runs (default: daily). */
  intervalMs?: number;
  /** How soon after start the first sweep runs (default: a minute, off the start-up path). */
  firstDelayMs?: number;
}

/** What one sweep deleted. */
export interface SweepResult {
  /** Users (with all their data) idle for longer than the retention period. */
  users: number;
  /** Remembered message ids whose mark expired. */
  messageIds: number;
}

/** Runs the retention sweep daily. */
export interface RetentionSweeper {
  start(): void;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
  /** Sweeps now (tests call this with their clock). */
  sweep(): Promise<SweepResult>;
}

/**
 * Deletes, once a day, every user idle for longer than `retentionDays` exactly as `forget me`
 * does (profile, records, conversations, reminders), including users who never gave a profile
 * (a lone "hello"): their idle conversations go with them. A user who writes again while the
 * sweep runs is kept (the store re-checks idleness in the deleting transaction). Expired message
 * ids are forgotten too. Logs counts only.
 */
export function createRetentionSweeper(deps: RetentionSweeperDeps): RetentionSweeper {
  const { store, logger, retentionDays, now } = deps;
  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SweepResult> | undefined;

  async function deleteIdleUsers(idleBefore: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const idle = await store.listIdleUsers(idleBefore, BATCH);
      let round = 0;
      for (const userKey of idle) if (await store.deleteIdleUser(userKey, idleBefore)) round++;
      deleted += round;
      // A short batch was the last; a round that deleted nobody (all wrote again) would repeat itself.
      if (idle.length < BATCH || round === 0) return deleted;
    }
  }

  async function sweepNow(): Promise<SweepResult> {
    const at = now();
    const messageIds = await store.deleteExpiredMessageIds(at);
    const users = retentionDays > 0 ? await deleteIdleUsers(new Date(at.getTime() - retentionDays * DAY_MS)) : 0;
    if (users || messageIds) logger.info({ users, messageIds, retentionDays }, 'retention sweep');
    return { users, messageIds };
  }

  const sweep = () => (running ??= sweepNow().finally(() => (running = undefined)));
  const sweepLogged = () =>
    void sweep().catch((err: unknown) =>
      logger.error({ err: { name: err instanceof Error ? err.name : undefined } }, 'retention sweep failed'),
    );

  return {
    start() {
      if (first || timer) return;
      first = setTimeout(() => {
        first = undefined;
        sweepLogged();
        timer = setInterval(sweepLogged, deps.intervalMs ?? DAY_MS);
        timer.unref();
      }, deps.firstDelayMs ?? 60_000);
      first.unref();
    },
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      first = timer = undefined;
      await running?.catch(() => undefined);
    },
    sweep,
  };
}
