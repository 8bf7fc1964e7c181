import 'dotenv/config';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApp } from './app.js';

/** Seconds after the grace period at which a shutdown that is still closing gives up. */
const FORCE_EXIT_AFTER_GRACE_SECONDS = 5;

/** Entry point: wiring only. A bad configuration stops the start with every problem listed. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let exitCode = 0;
  const started: { app?: Awaited<ReturnType<typeof startApp>> } = {};
  let stopping = false;
  // Declared before the app starts: a failure it reports while starting must find it.
  const shutdown = (signal: string) => {
    // Ctrl-C under `npm start` arrives twice (from the terminal, and forwarded by npm): one shutdown.
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS }, 'shutting down');
    // A last resort: closing the store must not outlive the grace period by much either.
    setTimeout(
      () => {
        logger.error('shutdown did not finish in time');
        process.exit(1);
      },
      (config.SHUTDOWN_GRACE_SECONDS + FORCE_EXIT_AFTER_GRACE_SECONDS) * 1000,
    ).unref();
    (started.app ? started.app.close() : Promise.resolve()).then(
      () => process.exit(exitCode),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  started.app = await startApp({
    config,
    logger,
    // What used to stop the start (a broken red-flag list or model, a drawing library that does not
    // load) surfaces just after it now: the same message, exit 1.
    onFailure: (err) => {
      exitCode = 1;
      process.stderr.write(`failed to start: ${err.message}\n`);
      shutdown('failure');
    },
  });
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
