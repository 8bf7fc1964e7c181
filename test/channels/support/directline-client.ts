import { createRequire } from 'node:module';
import WebSocket from 'ws';

/** A Direct Line activity as the tests read it. */
export interface DLActivity {
  id?: string;
  type: string;
  text?: string;
  locale?: string;
  from?: { id: string; role?: string };
  replyToId?: string;
  channelData?: {
    clientActivityID?: string;
    question?: { id: string; kind: string; min?: number; choices?: { value: string; title: string }[] };
    triage?: { disposition: string; flags: string[] };
  };
  attachments?: { contentType: string; content: Record<string, unknown> }[];
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Fetches and parses JSON when there is any. */
export async function call<T = Record<string, unknown>>(
  url: string,
  init: RequestInit & { token?: string } = {},
): Promise<HttpResult<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** A token from the page's token endpoint. */
export async function newToken(
  base: string,
  headers: Record<string, string> = {},
): Promise<{ token: string; conversationId: string; userId: string; expires_in: number }> {
  const res = await call<{ token: string; conversationId: string; userId: string; expires_in: number }>(
    `${base}/api/webchat/token`,
    { method: 'POST', headers },
  );
  if (res.status !== 200) throw new Error(`token: HTTP ${res.status}`);
  return res.body;
}

/** A started Direct Line conversation driven over REST. */
export class RestConversation {
  watermark = '0';

  constructor(
    readonly base: string,
    readonly token: string,
    readonly id: string,
    readonly streamUrl: string,
  ) {}

  static async start(base: string): Promise<RestConversation> {
    const { token } = await newToken(base);
    const res = await call<{ conversationId: string; streamUrl: string }>(`${base}/v3/directline/conversations`, {
      method: 'POST',
      token,
    });
    if (res.status !== 201) throw new Error(`start: HTTP ${res.status}`);
    return new RestConversation(base, token, res.body.conversationId, res.body.streamUrl);
  }

  get url(): string {
    return `${this.base}/v3/directline/conversations/${this.id}`;
  }

  post(activity: Record<string, unknown>, token = this.token): Promise<HttpResult<{ id: string }>> {
    return call(`${this.url}/activities`, { method: 'POST', token, body: JSON.stringify(activity) });
  }

  async get(
    watermark = this.watermark,
    token = this.token,
  ): Promise<HttpResult<{ activities: DLActivity[]; watermark: string }>> {
    const res = await call<{ activities: DLActivity[]; watermark: string }>(
      `${this.url}/activities?watermark=${watermark}`,
      { token },
    );
    if (res.status === 200) this.watermark = res.body.watermark;
    return res;
  }

  /** Posts a message and returns the activities since the last read (its echo and the bot's replies). */
  async send(message: Record<string, unknown>): Promise<DLActivity[]> {
    const posted = await this.post({ type: 'message', locale: 'en-US', ...message });
    if (posted.status !== 200) throw new Error(`post: HTTP ${posted.status} ${JSON.stringify(posted.body)}`);
    const all: DLActivity[] = [];
    for (;;) {
      const page = await this.get();
      all.push(...page.body.activities);
      if (!page.body.activities.length) return all;
    }
  }
}

/** rxjs 5 (directline.js's own) for the fetch-based `ajax` service below. */
const { Observable } = createRequire(import.meta.url)('rxjs/Observable') as {
  Observable: {
    create(fn: (s: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => void): unknown;
  };
};

/**
 * directline.js's `ajax` service on top of fetch: Node has no XMLHttpRequest, and the library
 * lets the caller inject the service (`new DirectLine({ ..., ajax })`).
 */
export function fetchAjax(request: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}): unknown {
  return Observable.create((subscriber) => {
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
    fetch(request.url, { method: request.method ?? 'GET', headers: request.headers ?? {}, body }).then(
      async (res) => {
        const text = await res.text();
        const response: unknown = text ? JSON.parse(text) : null;
        const xhr = { getResponseHeader: (name: string) => res.headers.get(name) };
        if (res.status >= 400) subscriber.error({ status: res.status, response, xhr });
        else {
          subscriber.next({ status: res.status, response, xhr });
          subscriber.complete();
        }
      },
      (err: unknown) => subscriber.error({ status: 0, err }),
    );
  });
}

/** A Direct Line WebSocket stream as a test reads it: what arrived, how it closed, and waits on both. */
export interface StreamReader {
  ws: WebSocket;
  activities: DLActivity[];
  /** Resolves once connected; rejects with the HTTP status of a refused upgrade. */
  opened: Promise<void>;
  /** Resolves with the close code once the server (or the test) has closed the stream. */
  closed: Promise<number>;
  /** Resolves once `done()` holds, checked on every message; rejects if the stream closes first. */
  until(done: () => boolean): Promise<void>;
}

/** Connects to a stream URL and collects what it sends. */
export function readStream(url: string, headers: Record<string, string> = {}): StreamReader {
  const ws = new WebSocket(url, { headers });
  const activities: DLActivity[] = [];
  const waiters = new Set<{ done: () => boolean; resolve: () => void; reject: (e: Error) => void }>();
  // A Buffer: ws's default binaryType is 'nodebuffer'.
  ws.on('message', (data) => {
    activities.push(...(JSON.parse((data as Buffer).toString('utf8')) as { activities: DLActivity[] }).activities);
    for (const w of waiters) if (w.done() && waiters.delete(w)) w.resolve();
  });
  const closed = new Promise<number>((resolve) =>
    ws.once('close', (code) => {
      for (const w of waiters) w.reject(new Error(`stream closed (${code}) before the awaited activities arrived`));
      waiters.clear();
      resolve(code);
    }),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    ws,
    activities,
    opened,
    closed,
    until: (done) =>
      done()
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            if (ws.readyState === WebSocket.CLOSED) reject(new Error('stream closed'));
            else waiters.add({ done, resolve, reject });
          }),
  };
}
