import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { HashId, Logger } from '../logger.js';
import { originVerdict } from './cors.middleware.js';
import { parseWatermark } from './directline.conversations.js';
import { DIRECTLINE_PATH } from './directline.api.js';
import type { DirectLineStorage, EndReason } from './directline.storage.js';
import type { TokenService } from './directline.tokens.js';
import type { PublicAddressOptions } from './request-info.js';

/** Open streams per conversation (a patient with a few tabs open). */
const MAX_STREAMS_PER_CONVERSATION = 4;
/** How often dead sockets are looked for (ping; no pong by the next round → closed). */
const HEARTBEAT_MS = 30_000;
/**
 * How long a stream whose conversation was deleted with its user stays open for the deleting
 * turn's last replies (`deliverFinal`), which normally follow within milliseconds.
 */
const FINAL_GRACE_MS = 5_000;

const STREAM_PATH = new RegExp(`^${DIRECTLINE_PATH}/conversations/([^/]+)/stream$`);

/** Dependencies of the Direct Line stream. */
export interface StreamDeps {
  tokens: TokenService;
  conversations: DirectLineStorage;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  address: PublicAddressOptions & { allowedOrigins: readonly string[] };
}

/** Answers an upgrade request with an HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: { code: STATUS_CODES[status] ?? 'Error', message: reason } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The Direct Line WebSocket stream (`streamUrl`): on connect it sends what the client has not
 * seen (from `watermark`), then every new activity as `{ activities, watermark }`. The stream
 * token in the URL is short-lived and bound to one conversation, since browsers cannot send
 * headers on a WebSocket. Activities posted through another instance arrive too (the storage
 * pushes them). A stream whose conversation ended with its user's data gets the deleting turn's
 * last replies, then closes. Returns `close()`, which ends every open stream.
 */
export function attachDirectLineStream(http: Server, deps: StreamDeps): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  /** Streams of conversations deleted with their user, waiting for the deleting turn's last replies. */
  const ending = new Map<string, Set<{ ws: WebSocket; watermark: string }>>();
  let closing = false;

  deps.conversations.onFinal((id, activities) => {
    const streams = ending.get(id);
    ending.delete(id);
    for (const { ws, watermark } of streams ?? []) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ activities, watermark }));
      ws.close(1000, 'conversation ended');
    }
  });

  /** Closes the stream now, or once the last replies of the deleting turn have been sent to it. */
  function end(id: string, ws: WebSocket, watermark: string, reason: EndReason): void {
    if (reason === 'gone' || ws.readyState !== WebSocket.OPEN) {
      ws.close(1000, 'conversation ended');
      return;
    }
    const entry = { ws, watermark };
    const streams = ending.get(id) ?? new Set();
    ending.set(id, streams.add(entry));
    const forget = () => {
      clearTimeout(timer);
      streams.delete(entry);
      if (!streams.size && ending.get(id) === streams) ending.delete(id);
    };
    const timer = setTimeout(() => {
      forget();
      ws.close(1000, 'conversation ended');
    }, FINAL_GRACE_MS);
    timer.unref();
    ws.once('close', forget);
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://x');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) {
      refuse(socket, 404, 'no WebSocket endpoint here');
      return;
    }
    if (closing) {
      refuse(socket, 503, 'shutting down');
      return;
    }
    if (originVerdict(req, deps.address) === 'denied') {
      refuse(socket, 403, 'origin not allowed');
      return;
    }
    const check = deps.tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
    if (!check.ok) {
      refuse(socket, check.status, check.reason);
      return;
    }
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      refuse(socket, 400, 'invalid conversation id');
      return;
    }
    if (check.claims.conv !== id) {
      refuse(socket, 403, 'this token belongs to another conversation');
      return;
    }
    const conv = await deps.conversations.get(id);
    if (!conv) {
      refuse(socket, 404, 'conversation not found or expired');
      return;
    }
    if (conv.streams >= MAX_STREAMS_PER_CONVERSATION) {
      refuse(socket, 429, 'too many open streams for this conversation');
      return;
    }
    const watermark = parseWatermark(url.searchParams.get('watermark'));
    if (watermark === undefined || watermark > conv.watermark) {
      refuse(socket, 400, 'invalid watermark');
      return;
    }
    // The storage was asked asynchronously: the client or a shutdown may have gone meanwhile.
    if (socket.destroyed) return;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a shutdown may have begun during the awaits above
    if (closing) {
      refuse(socket, 503, 'shutting down');
      return;
    }

    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      let seen = String(watermark);
      // Evicted or expired: the client reconnects, is told the conversation is gone, and starts anew.
      const unsubscribe = deps.conversations.subscribe(id, watermark, {
        activities(set) {
          seen = set.watermark;
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(set));
        },
        ended: (reason) => end(id, ws, seen, reason),
      });
      ws.on('pong', () => alive.set(ws, true));
      // directline.js sends empty messages as keep-alives; they only mean "still here".
      ws.on('message', () => {
        alive.set(ws, true);
        deps.conversations.touch(id).catch(() => undefined);
      });
      ws.on('close', unsubscribe);
      ws.on('error', () => ws.terminate());
      deps.logger.debug({ conv: deps.hashId(id) }, 'direct line stream open');
    });
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      deps.logger.warn(
        { err: { name: err instanceof Error ? err.name : typeof err } },
        'direct line stream refused: storage failed',
      );
      if (!socket.destroyed) refuse(socket, 503, 'try again in a moment');
    });
  }

  http.on('upgrade', upgrade);
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    close() {
      closing = true;
      clearInterval(heartbeat);
      ending.clear();
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
