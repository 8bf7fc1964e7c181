import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { HashId, Logger } from '../logger.js';
import { originVerdict } from './cors.middleware.js';
import { parseWatermark, type DirectLineConversations } from './directline.conversations.js';
import { DIRECTLINE_PATH } from './directline.router.js';
import type { TokenService } from './directline.tokens.js';
import type { PublicAddressOptions } from './request-info.js';

/** Open streams per conversation (a patient with a few tabs open). */
export const MAX_STREAMS_PER_CONVERSATION = 4;
/** How often dead sockets are looked for (ping; no pong by the next round → closed). */
const HEARTBEAT_MS = 30_000;

const STREAM_PATH = new RegExp(`^${DIRECTLINE_PATH}/conversations/([^/]+)/stream$`);

/** Dependencies of the Direct Line stream. */
export interface StreamDeps {
  tokens: TokenService;
  conversations: DirectLineConversations;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  address: PublicAddressOptions & { allowedOrigins: readonly string[] };
}

/** Answers an upgrade request with an HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: { code: STATUS_CODES[status] ?? 'Error', message: reason } });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * The Direct Line WebSocket stream (`streamUrl`): on connect it sends what the client has not
 * seen (from `watermark`), then every new activity as `{ activities, watermark }`. The stream
 * token in the URL is short-lived and bound to one conversation, since browsers cannot send
 * headers on a WebSocket. Returns `close()`, which ends every open stream.
 */
export function attachDirectLineStream(http: Server, deps: StreamDeps): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  let closing = false;

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://x');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'no WebSocket endpoint here');
    if (closing) return refuse(socket, 503, 'shutting down');
    if (originVerdict(req, deps.address) === 'denied') return refuse(socket, 403, 'origin not allowed');
    const check = deps.tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
    if (!check.ok) return refuse(socket, check.status, check.reason);
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      return refuse(socket, 400, 'invalid conversation id');
    }
    if (check.claims.conv !== id) return refuse(socket, 403, 'this token belongs to another conversation');
    const conv = deps.conversations.get(id);
    if (!conv) return refuse(socket, 404, 'conversation not found or expired');
    if (conv.streams >= MAX_STREAMS_PER_CONVERSATION) return refuse(socket, 429, 'too many open streams for this conversation');
    const watermark = parseWatermark(url.searchParams.get('watermark'));
    if (watermark === undefined || watermark > conv.watermark) return refuse(socket, 400, 'invalid watermark');

    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      const send = (data: object) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(data));
      };
      // Backlog and subscription happen in the same tick, so nothing can fall between them.
      for (let w = watermark; w < conv.watermark; ) {
        const page = conv.since(w)!;
        send(page);
        w = Number(page.watermark);
      }
      // Evicted or expired: the client reconnects, is told the conversation is gone, and starts anew.
      const unsubscribe = conv.subscribe(send, () => ws.close(1000, 'conversation ended'));
      ws.on('pong', () => alive.set(ws, true));
      // directline.js sends empty messages as keep-alives; they only mean "still here".
      ws.on('message', () => {
        alive.set(ws, true);
        conv.touch();
      });
      ws.on('close', unsubscribe);
      ws.on('error', () => ws.terminate());
      deps.logger.debug({ conv: deps.hashId(id) }, 'direct line stream open');
    });
  }

  http.on('upgrade', onUpgrade);
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
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
