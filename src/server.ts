import restify, { type Request, type Response, type Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import type { MessagesAdapter } from './bot/adapter.js';
import { restifyLogger, type Logger } from './logger.js';
import type { Limiter } from './limiter.js';
import { checkIncomingActivity } from './http/activity.schema.js';
import { createBodyReader } from './http/body-reader.js';
import { applyTimeouts, DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http/timeouts.js';

/** How long a drain waits for requests in flight unless told otherwise (SHUTDOWN_GRACE_SECONDS). */
const DEFAULT_GRACE_MS = 10_000;

/** Largest accepted body once decompressed; Bot Framework activities are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Anything that can take a turn. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface ServerDeps {
  adapter: Pick<MessagesAdapter, 'processRequest'>;
  bot: TurnHandler;
  logger: Logger;
  /** True while the bot can take turns (started, and its store reachable). */
  isReady: () => boolean | Promise<boolean>;
  /**
   * Admits turns (config TURN_CONCURRENCY), shared with the in-process channels so the limit
   * holds for the whole process, not per entry point.
   */
  limit: Limiter;
  /** Socket timeouts; defaults in http/timeouts.ts. */
  timeouts?: Partial<HttpTimeouts>;
}

/** A restify server with `/api/messages` and `/healthz`; call `drain()` before closing the store. */
export interface BotServer {
  server: Server;
  /**
   * Stops accepting connections and resolves when the requests in flight have finished, or
   * after `graceMs`, when every socket still open is closed (a slow client can't hold a shutdown).
   */
  drain: (graceMs?: number) => Promise<void>;
}

/** Builds the HTTP server. Malformed input gets a 4xx with a reason, never a 5xx. */
export function createServer(deps: ServerDeps): BotServer {
  const server = restify.createServer({
    name: 'sciatica-bot',
    handleUncaughtExceptions: false,
    log: restifyLogger(deps.logger),
  });
  let inFlight = 0;
  let idle: (() => void) | undefined;
  let draining = false;

  // maxBodySize is read by restify's body reader but missing from its type definitions.
  // Counted from the moment a request arrives (before its body is read), so a drain waits for
  // every request already accepted, not only those already inside the bot.
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...deps.timeouts };
  applyTimeouts(server.server, timeouts);
  server.pre((_req: Request, res: Response, next: restify.Next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    if (draining) {
      res.header('connection', 'close');
      res.send(503, { error: 'shutting down' });
      next(false);
      return;
    }
    inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      if (inFlight === 0) idle?.();
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  });
  server.pre(createBodyReader({ maxBytes: MAX_BODY_BYTES, timeoutMs: timeouts.requestMs }));

  server.get('/healthz', async (_req: Request, res: Response) => {
    if (await deps.isReady()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'not ready' });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      res.send(415, { error: 'unsupported media type', reason: 'expected application/json' });
      return;
    }
    const checked = checkIncomingActivity(req.body);
    if (!checked.ok) {
      res.send(400, { error: 'invalid activity', reason: checked.reason });
      return;
    }
    try {
      await deps.limit(() => deps.adapter.processRequest(req, res, (context) => deps.bot.run(context)));
    } catch (err) {
      deps.logger.error({ err: { message: (err as Error).message } }, 'adapter failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  });

  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
    if ((err.statusCode ?? 500) >= 500)
      deps.logger.error({ err: { message: err.message }, path: req.path() }, 'request failed');
    cb();
  });

  return {
    server,
    drain: (graceMs = DEFAULT_GRACE_MS) =>
      new Promise<void>((resolve) => {
        draining = true;
        server.close();
        // Idle keep-alive sockets would hold close() open until their timeout.
        server.server.closeIdleConnections();
        if (inFlight === 0) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          server.server.closeAllConnections();
          resolve();
        }, graceMs);
        timer.unref();
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
  };
}
