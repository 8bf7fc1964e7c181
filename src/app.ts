import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { createHashId, logListening, type Logger } from './logger.js';
import { createAdapter } from './bot/adapter.js';
import { createBot } from './bot/bot.js';
import { createReminderScheduler, type ReminderScheduler } from './bot/reminder-scheduler.js';
import { createRetentionSweeper, type RetentionSweeper } from './bot/retention-sweeper.js';
import { createI18n, loadLocaleResources } from './i18n.js';
import { registerChannels } from './channels/register-channels.js';
import { keptTokenKey } from './channels/token-key.js';
import { smsSenderFromConfig, type SmsSender } from './channels/sms-sender.js';
import { endingDirectLineWithUser, openDirectLineStorage } from './channels/directline.open.js';
import type { DirectLineStorage } from './channels/directline.storage.js';
import { createServer, type BotServer } from './server.js';
import { createLimiter } from './limiter.js';
import { resvg } from './render/resvg.js';
import { openStore, storeHealth, storeOptionsFromConfig } from './store/index.js';
import type { Store } from './store/store.js';
import { recognizerWarmUps } from './understand/answer-reader.js';
import { languageOf } from './understand/language.js';
import { recognizerLoads } from './understand/recognizers.js';
import { createLexicon } from './understand/lexicon.js';
import { createRedFlagDetector } from './understand/red-flag-detector.js';
import { readFlagModelFiles } from './understand/red-flags/flag-model-files.js';
import { lazyRedFlagDetector, onFirstLanguage, runWhenIdle } from './warm-up.js';

/** The language of a conversation that says none (`languageOf` of nothing): its readers are warmed up at start. */
const DEFAULT_LANGUAGE = languageOf(undefined);

/** The project root (this file is src/app.ts, or dist/src/app.js once built). */
const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

/** Where `locales/` lives. */
export const LOCALES_DIR = path.join(ROOT, 'locales');

/** Where the red-flag backstop models live. */
const FLAG_MODEL_DIR = path.join(ROOT, 'assets', 'redflag-model');

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** A store to use instead of the embedded one (tests pass memory). */
  store?: Store;
  /** Sends SMS reminders instead of the Twilio sender of TWILIO_* (tests point one at a stand-in). */
  smsSender?: SmsSender;
  /** Direct Line storage to use instead of the configured one (tests pass PostgreSQL in a schema of their own). */
  directLine?: DirectLineStorage;
  now?: () => Date;
  /** False sends expectReplies requests through `CloudAdapter.process` as shipped (tests compare the two paths). */
  directExpectReplies?: boolean;
  /**
   * Told, once, when the bot finds after it started listening that it cannot take turns (its
   * red-flag phrase lists are broken): /healthz answers 503 from then on; the caller stops it.
   */
  onFailure?: (err: Error) => void;
  /** Where the red-flag backstop models are read from (default `assets/redflag-model`; tests pass their own). */
  flagModelDir?: string;
}

export interface App {
  /** The port the server listens on (useful with PORT=0). */
  port: number;
  /** The store the bot runs on (tests inspect what a turn left behind). */
  store: Store;
  /** The check-in reminder scheduler (tests call `tick()`). */
  reminders: ReminderScheduler;
  /** The daily retention sweep (tests call `sweep()`). */
  retention: RetentionSweeper;
  /** Finishes turns in flight, stops the server and closes the store. */
  close(): Promise<void>;
}

/** Wires config → i18n → store → bot → server and starts listening. */
export async function startApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const hashId = createHashId({ key: config.LOG_HASH_KEY, logger });
  const resources = loadLocaleResources(LOCALES_DIR);
  const i18n = createI18n(resources);
  const lexicon = createLexicon(i18n);
  let ready = false;
  // Built once the server listens (~0.2 s that /healthz need not wait for), by the idle warm-up or
  // the first message, whichever comes first. A broken phrase list still stops the bot: not ready
  // from then on, every message fails rather than being read without the red-flag screen, and
  // `onFailure` ends the process.
  const lazyDetector = lazyRedFlagDetector(
    () =>
      createRedFlagDetector(
        { en: resources.en?.redflags, es: resources.es?.redflags },
        readFlagModelFiles(opts.flagModelDir ?? FLAG_MODEL_DIR),
      ),
    (err) => {
      ready = false;
      opts.onFailure?.(err instanceof Error ? err : new Error(String(err)));
    },
  );
  const warmUp = (steps: readonly (() => void)[]) =>
    runWhenIdle(steps, { onError: (err) => logger.error({ err }, 'warm-up failed') });
  // The recognizers' tables of another language than English (Spanish numbers alone: ~0.5 s and
  // ~20 MB) are built once a conversation in it sends text, which the detector reads first.
  const detector = onFirstLanguage(lazyDetector, [DEFAULT_LANGUAGE], (lng) => warmUp(recognizerWarmUps(lng)));
  const opened = opts.store ?? (await openStore(storeOptionsFromConfig(config, logger)));
  const directLine = opts.directLine ?? (await openDirectLineStorage(config, logger));
  // Deleting a user (forget me, retention) ends their web chat conversations and tokens too.
  const store = endingDirectLineWithUser(opened, directLine);
  const smsSender = opts.smsSender ?? smsSenderFromConfig(config);
  const bot = createBot({
    store,
    i18n,
    logger,
    hashId,
    lexicon,
    detector,
    retentionDays: config.RETENTION_DAYS,
    smsReminders: smsSender !== undefined,
    ...(opts.now && { now: opts.now }),
  });
  const fallback = (locale: string | undefined) =>
    i18n.getFixedT(locale?.toLowerCase().startsWith('es') ? 'es' : 'en')('messages:error_fallback');
  const adapter = createAdapter({
    config,
    logger,
    fallbackText: fallback,
    ...(opts.directExpectReplies !== undefined && { directExpectReplies: opts.directExpectReplies }),
  });
  // One limiter for every way a turn comes in (/api/messages, web chat, SMS).
  const limit = createLimiter(config.TURN_CONCURRENCY);
  // Ready once listening, and only while the store answers (PostgreSQL may become unreachable).
  const storeReachable = storeHealth(store);
  const http: BotServer = createServer({
    adapter,
    bot,
    logger,
    isReady: async () => ready && (await storeReachable()),
    limit,
  });
  // On the embedded store, an unset token key is kept in DATA_DIR so open pages survive a restart.
  const channelConfig =
    config.DIRECTLINE_TOKEN_SECRET || config.DATABASE_URL || opts.store
      ? config
      : { ...config, DIRECTLINE_TOKEN_SECRET: keptTokenKey(path.resolve(config.DATA_DIR)) };
  const channels = registerChannels(http.server, {
    bot,
    store,
    i18n,
    config: channelConfig,
    logger,
    hashId,
    limit,
    directLine,
  });
  const reminders = createReminderScheduler({
    store,
    adapter,
    appId: config.MicrosoftAppId ?? '',
    i18n,
    logger,
    hashId,
    now: opts.now ?? (() => new Date()),
    intervalMs: config.REMINDER_INTERVAL_SECONDS * 1000,
    smsSender,
  });
  const retention = createRetentionSweeper({
    store,
    logger,
    retentionDays: config.RETENTION_DAYS,
    now: opts.now ?? (() => new Date()),
  });
  await new Promise<void>((resolve) => {
    http.server.listen(config.PORT, '0.0.0.0', resolve);
  });
  ready = true;
  // A drawing library that does not load would fail the turns that show an exercise or a chart after
  // their state is saved: like a broken phrase list, it stops the bot (503, `onFailure`).
  const loadDrawing = (): void => {
    try {
      resvg();
    } catch (err) {
      ready = false;
      opts.onFailure?.(err instanceof Error ? err : new Error(String(err)));
    }
  };
  reminders.start();
  retention.start();
  // The recognizers load on first use (~0.1 s) and build their tables then: loaded and built one
  // step at a time while the loop is idle, they hold up neither the first /healthz nor a patient's
  // turn. English now, other languages when first used (above). The detector first: every typed
  // message needs it; the drawing library last (render/resvg.ts).
  warmUp([lazyDetector.build, ...recognizerLoads, ...recognizerWarmUps(DEFAULT_LANGUAGE), loadDrawing]);
  const address = http.server.address();
  logListening(logger, {
    port: address.port,
    store: opts.store ? 'injected' : config.DATABASE_URL ? 'postgres' : 'lmdb',
  });
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    store,
    reminders,
    retention,
    close: () =>
      (closing ??= (async () => {
        ready = false;
        await reminders.stop();
        await retention.stop();
        channels.close();
        await http.drain(config.SHUTDOWN_GRACE_SECONDS * 1000);
        await directLine.close();
        await store.close();
      })()),
  };
}
