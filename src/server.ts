import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from './logger.js';
import type { Limiter } from './limiter.js';

/** Largest accepted activity; Bot Framework activities are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The minimal shape an activity must have before the adapter sees it (CONTRACT §1). */
const ActivityShape = z.object({
  type: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }).passthrough(),
  from: z.object({ id: z.string().min(1) }).passthrough(),
});

/** Anything that can take a turn. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: TurnHandler;
  logger: Logger;
  /** True once the bot can take turns (store open). */
  isReady: () => boolean;
  /**
   * Admits turns (config TURN_CONCURRENCY), shared with the in-process channels so the limit
   * holds for the whole process, not per entry point.
   */
  limit: Limiter;
}

/** A restify server with `/api/messages` and `/healthz`; call `drain()` before closing the store. */
export interface BotServer {
  server: Server;
  /** Stops accepting connections and resolves when turns in flight have finished. */
  drain(): Promise<void>;
}

/** Builds the HTTP server. Malformed input gets a 4xx with a reason, never a 5xx. */
export function createServer(deps: ServerDeps): BotServer {
  const server = restify.createServer({ name: 'sciatica-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let idle: (() => void) | undefined;
  let draining = false;

  // maxBodySize is read by restify's body reader but missing from its type definitions.
  // Counted from the moment a request arrives (before its body is read), so a drain waits for
  // every request already accepted, not only those already inside the bot.
  server.pre((_req: Request, res: Response, next: restify.Next) => {
    if (draining) {
      res.header('connection', 'close');
      res.send(503, { error: 'shutting down' });
      return next(false);
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
  server.use(restify.plugins.jsonBodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false } as restify.plugins.BodyParserOptions));

  server.get('/healthz', async (_req: Request, res: Response) => {
    if (deps.isReady()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'starting' });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const parsed = ActivityShape.safeParse(req.body);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.send(400, { error: 'invalid activity', reason });
      return;
    }
    try {
      await deps.limit(() => deps.adapter.process(req, res, (context) => deps.bot.run(context)));
    } catch (err) {
      deps.logger.error({ err: { message: (err as Error).message } }, 'adapter failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  });

  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
    if ((err.statusCode ?? 500) >= 500) deps.logger.error({ err: { message: err.message }, path: req.path() }, 'request failed');
    cb();
  });

  return {
    server,
    drain: () =>
      new Promise<void>((resolve) => {
        draining = true;
        server.close();
        if (inFlight === 0) resolve();
        else idle = resolve;
      }),
  };
}
