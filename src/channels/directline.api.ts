import type { Request, Response } from 'restify';
import { parseWatermark } from './directline.conversations.js';

/** Where the self-hosted Direct Line 3.0 API lives (directline.js `domain` = origin + this). */
export const DIRECTLINE_PATH = '/v3/directline';

/** A Direct Line style error body. (Handlers return nothing: restify would log a returned value, request body included.) */
export function fail(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/** Answers a request whose token belongs to a conversation that ended with its user's data. */
export function failEnded(res: Response): void {
  fail(res, 403, 'ConversationEnded', 'this conversation has ended; start a new one with a new token');
}

/** The `:conversationId` of a request's path ('' when there is none). */
export function conversationIdOf(req: Request): string {
  const params = req.params as Record<string, string | undefined> | undefined;
  return params?.conversationId ?? '';
}

/** The `watermark` of a request's query (see `parseWatermark`): 0 when absent, undefined when invalid. */
export function watermarkOf(req: Request): number | undefined {
  return parseWatermark(new URL(req.url ?? '/', 'http://x').searchParams.get('watermark'));
}
