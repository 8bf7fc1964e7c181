import { ActivityHandler, MessageFactory } from 'botbuilder';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createAdapter } from '../src/bot/adapter.js';
import { createServer } from '../src/server.js';
import { createLimiter } from '../src/limiter.js';

/**
 * Baseline for the benchmark: the same config, adapter and HTTP server as the real bot,
 * with a bot that only repeats the text it receives. Whatever the real bot costs on top
 * of this is the cost of dialogs, understanding, rendering and the store.
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- botbuilder types `text` as string; a client may leave it out
      await context.sendActivity(MessageFactory.text(context.activity.text ?? ''));
      await next();
    });
  }
}

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
// Stock botbuilder clients (built per request) and `CloudAdapter.process` for every request: the
// baseline is the framework as it ships.
const adapter = createAdapter({
  config,
  logger,
  fallbackText: () => 'Sorry, something went wrong.',
  cacheClients: false,
  directExpectReplies: false,
});
const { server, drain } = createServer({
  adapter,
  bot: new EchoBot(),
  logger,
  isReady: () => true,
  limit: createLimiter(config.TURN_CONCURRENCY),
});

// Loopback only: this is a benchmark fixture, never something to expose.
server.listen(config.PORT, '127.0.0.1', () => logger.info({ port: config.PORT }, 'echo bot listening'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void drain().then(() => process.exit(0)));
}
