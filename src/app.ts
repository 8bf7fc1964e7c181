import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { createHashId, type Logger } from './logger.js';
import { createAdapter } from './bot/adapter.js';
import { createBot } from './bot/bot.js';
import { createReminderScheduler, type ReminderScheduler } from './bot/reminder-scheduler.js';
import { createRetentionSweeper, type RetentionSweeper } from './bot/retention-sweeper.js';
import { createI18n, loadLocaleResources } from './i18n.js';
import { registerChannels } from './channels/register-channels.js';
import { createServer, type BotServer } from './server.js';
import { createLimiter } from './limiter.js';
import { openStore } from './store/index.js';
import type { Store } from './store/store.js';
import { warmRecognizers } from './understand/answer-reader.js';
import { LANGUAGES } from './understand/language.js';
import { createLexicon } from './understand/lexicon.js';
import { createRedFlagDetector } from './understand/red-flag-detector.js';

/** The project root (this file is src/app.ts, or dist/src/app.js once built). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** Where `locales/` lives. */
export const LOCALES_DIR = path.join(ROOT, 'locales');

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** A store to use instead of the embedded one (tests pass memory). */
  store?: Store;
  now?: () => Date;
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
  const detector = createRedFlagDetector({ en: resources.en?.redflags, es: resources.es?.redflags });
  let ready = false;
  const store = opts.store ?? (await openStore({ dataDir: path.resolve(config.DATA_DIR), encryptionKey: config.STORE_ENCRYPTION_KEY, logger }));
  const bot = createBot({ store, i18n, logger, hashId, lexicon, detector, retentionDays: config.RETENTION_DAYS, ...(opts.now && { now: opts.now }) });
  const fallback = (locale: string | undefined) => i18n.getFixedT(locale?.toLowerCase().startsWith('es') ? 'es' : 'en')('messages:error_fallback');
  const adapter = createAdapter({ config, logger, fallbackText: fallback });
  // One limiter for every way a turn comes in (/api/messages, web chat, SMS).
  const limit = createLimiter(config.TURN_CONCURRENCY);
  const http: BotServer = createServer({ adapter, bot, logger, isReady: () => ready, limit });
  const channels = registerChannels(http.server, { bot, store, i18n, config, logger, hashId, limit });
  const reminders = createReminderScheduler({ store, adapter, appId: config.MicrosoftAppId ?? '', i18n, logger, hashId, now: opts.now ?? (() => new Date()), intervalMs: config.REMINDER_INTERVAL_SECONDS * 1000 });
  const retention = createRetentionSweeper({ store, logger, retentionDays: config.RETENTION_DAYS, now: opts.now ?? (() => new Date()) });
  await new Promise<void>((resolve) => http.server.listen(config.PORT, '0.0.0.0', resolve));
  ready = true;
  reminders.start();
  retention.start();
  // The recognizers build their tables on first use (~0.5 s); do it now, off the start-up path,
  // rather than inside the first patient's turn.
  setImmediate(() => LANGUAGES.forEach(warmRecognizers));
  const address = http.server.address();
  logger.info({ port: address.port, store: opts.store ? 'injected' : 'lmdb' }, 'bot ready');
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
        await store.close();
      })()),
  };
}
