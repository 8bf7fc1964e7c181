import { performance } from 'node:perf_hooks';
import type { Language } from './understand/language.js';
import type { RedFlagDetector } from './understand/red-flag-detector.js';

/** How often the loop is checked for idleness. */
const DEFAULT_INTERVAL_MS = 50;
/** Below this share of an interval spent working, the loop counts as idle (a health check is far less). */
const DEFAULT_IDLE_BELOW = 0.1;

/** Work deferred until the process has nothing else to do; see {@link runWhenIdle}. */
interface IdleWork {
  /** Resolves once every step has run, or once stopped. */
  done: Promise<void>;
  /** Runs no further step. */
  stop(): void;
}

/**
 * Runs `steps` one at a time, each only after an interval in which the event loop was idle: what
 * start-up can defer (tables built on first use) is built while nobody is waiting, instead of in
 * front of the first health check or inside a patient's turn. A request that arrives while a step
 * runs still waits for that one step, so steps should be small. On a loop that stays busy nothing
 * runs, and whatever needs a table builds it itself on first use. A step that throws is reported
 * to `onError`; the next still runs. The timer never keeps the process alive.
 */
export function runWhenIdle(
  steps: readonly (() => void)[],
  opts: { intervalMs?: number; idleBelow?: number; onError?: (err: unknown) => void } = {},
): IdleWork {
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const idleBelow = opts.idleBelow ?? DEFAULT_IDLE_BELOW;
  const queue = [...steps];
  let timer: NodeJS.Timeout | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let since = performance.eventLoopUtilization();
  const tick = (): void => {
    const busy = performance.eventLoopUtilization(performance.eventLoopUtilization(), since).utilization;
    const step = busy < idleBelow ? queue.shift() : undefined;
    if (step) {
      try {
        step();
      } catch (err) {
        opts.onError?.(err);
      }
    }
    // Measured from here, so a step's own work does not count as the loop being busy.
    since = performance.eventLoopUtilization();
    if (queue.length) timer = setTimeout(tick, intervalMs).unref();
    else finish();
  };
  if (queue.length) timer = setTimeout(tick, intervalMs).unref();
  else finish();
  return {
    done,
    stop: () => {
      clearTimeout(timer);
      queue.length = 0;
      finish();
    },
  };
}

/** A red-flag detector built on first use, or ahead of it by `build()`. */
type LazyRedFlagDetector = RedFlagDetector & { build: () => void };

/**
 * Defers building the red-flag detector (parsing and compiling both languages' lists, about a
 * fifth of a second) out of start-up. A build that fails fails every call that needs it, so a
 * message is never read as free of red flags by a detector that does not exist; it is tried once,
 * and `onFailure` is told once.
 */
export function lazyRedFlagDetector(
  create: () => RedFlagDetector,
  onFailure?: (err: unknown) => void,
): LazyRedFlagDetector {
  let built: RedFlagDetector | undefined;
  let failure: { err: unknown } | undefined;
  const get = (): RedFlagDetector => {
    if (built) return built;
    // Not built again per message: a broken list would cost every message a whole build.
    if (failure) throw failure.err;
    try {
      return (built = create());
    } catch (err) {
      failure = { err };
      onFailure?.(err);
      throw err;
    }
  };
  return {
    detect: (text, lng) => get().detect(text, lng),
    explain: (text, lng) => get().explain(text, lng),
    build: () => void get(),
  };
}

/**
 * Passes calls through to `detector` and, the first time a message arrives in a language not in
 * `seen`, calls `onFirst(lng)` (before reading it). Every typed message is read by the detector
 * first, in its conversation's language, so this is the moment a language's text readers are
 * about to be needed.
 */
export function onFirstLanguage(
  detector: RedFlagDetector,
  seen: Iterable<Language>,
  onFirst: (lng: Language) => void,
): RedFlagDetector {
  const languages = new Set(seen);
  const note = (lng: Language): void => {
    if (languages.has(lng)) return;
    languages.add(lng);
    onFirst(lng);
  };
  return {
    detect: (text, lng) => (note(lng), detector.detect(text, lng)),
    explain: (text, lng) => (note(lng), detector.explain(text, lng)),
  };
}
