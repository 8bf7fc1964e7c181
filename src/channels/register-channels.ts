import type { i18n as I18n } from 'i18next';
import type { Server } from 'restify';
import type { Config } from '../config.js';
import type { HashId, Logger } from '../logger.js';
import type { Limiter } from '../limiter.js';
import type { TurnHandler } from '../server.js';
import type { Store } from '../store/store.js';
import { registerApiSecurityHeaders } from './api-headers.middleware.js';
import { registerCors } from './cors.middleware.js';
import { DIRECTLINE_PATH } from './directline.api.js';
import { registerDirectLine } from './directline.router.js';
import type { DirectLineStorage } from './directline.storage.js';
import { attachDirectLineStream } from './directline.stream.js';
import { createTokenService } from './directline.tokens.js';
import { createRateLimiter } from './rate-limit.js';
import { registerSmsWebhook } from './sms.webhook.js';
import { createTurnRunner } from '../bot/turn-runner.js';
import { registerWebchatPage } from './webchat-page.router.js';
import { registerWebchatToken, WEBCHAT_TOKEN_PATH } from './webchat-token.router.js';

/** Messages one web chat conversation may post per minute (a patient types far fewer). */
const POSTS_PER_MINUTE = 60;
/** How often idle web chat conversations are forgotten. */
const SWEEP_MS = 60_000;

/** What the channel endpoints need from the app. */
export interface ChannelDeps {
  bot: TurnHandler;
  store: Store;
  i18n: I18n;
  config: Config;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  /** The process's turn limiter (shared with /api/messages). */
  limit: Limiter;
  /** Where Direct Line conversations live (see directline.open.ts); closed by the caller after draining. */
  directLine: DirectLineStorage;
}

/** What `registerChannels` started; `close()` ends open streams and timers (call before draining). */
export interface Channels {
  close(): void;
}

/**
 * Adds the channels that need more than /api/messages: the demo web chat page with its
 * self-hosted Direct Line (REST + WebSocket) and token endpoint, and the Twilio SMS webhook.
 * They run the same bot in process (see turn-runner.ts).
 */
export function registerChannels(server: Server, deps: ChannelDeps): Channels {
  const { config, logger, hashId } = deps;
  const address = {
    publicUrl: config.PUBLIC_URL,
    trustProxy: config.TRUST_PROXY,
    allowedOrigins: config.WEBCHAT_ALLOWED_ORIGINS,
  };
  const runTurn = createTurnRunner({ bot: deps.bot, i18n: deps.i18n, logger, hashId, limit: deps.limit });
  const tokens = createTokenService({
    secret: config.DIRECTLINE_TOKEN_SECRET,
    ttlSeconds: config.WEBCHAT_TOKEN_TTL_SECONDS,
  });
  const conversations = deps.directLine;
  // Whose a web chat conversation is, so that its visitor can take it up again after a restart.
  const resume = { conversations, store: deps.store };
  if (!config.DIRECTLINE_TOKEN_SECRET)
    logger.info('DIRECTLINE_TOKEN_SECRET not set: web chat tokens are signed with a random key of this process');

  registerApiSecurityHeaders(server, { prefixes: [DIRECTLINE_PATH, WEBCHAT_TOKEN_PATH] });
  registerCors(server, { ...address, prefixes: [DIRECTLINE_PATH, WEBCHAT_TOKEN_PATH] });
  registerWebchatPage(server, address);
  registerWebchatToken(server, {
    tokens,
    logger,
    hashId,
    address,
    ...(config.DIRECTLINE_TOKEN_SECRET && { visitorKey: config.DIRECTLINE_TOKEN_SECRET }),
    tokenLimit: createRateLimiter({ limit: config.WEBCHAT_TOKEN_RATE_LIMIT, windowMs: 60_000 }),
    resume,
  });
  registerDirectLine(server, {
    runTurn,
    tokens,
    conversations,
    logger,
    hashId,
    address,
    botId: config.MicrosoftAppId ?? 'sciatica-bot',
    postLimit: createRateLimiter({ limit: POSTS_PER_MINUTE, windowMs: 60_000 }),
    resume,
  });
  const stream = attachDirectLineStream(server.server, { tokens, conversations, logger, hashId, address });
  registerSmsWebhook(server, {
    runTurn,
    store: deps.store,
    i18n: deps.i18n,
    logger,
    hashId,
    authToken: config.TWILIO_AUTH_TOKEN,
    address,
    clinic: { name: config.CLINIC_NAME, phone: config.CLINIC_PHONE },
  });

  const sweep = setInterval(() => {
    conversations
      .sweep()
      .catch((err: unknown) =>
        logger.warn({ err: { name: err instanceof Error ? err.name : typeof err } }, 'direct line sweep failed'),
      );
  }, SWEEP_MS);
  sweep.unref();
  return {
    close() {
      clearInterval(sweep);
      stream.close();
    },
  };
}
