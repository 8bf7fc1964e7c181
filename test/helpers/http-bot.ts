import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';

/** An activity as the bot sends it back (the parts tests read). */
export interface Reply {
  type: string;
  text?: string;
  channelData?: {
    question?: { id: string; kind: string; choices?: { value: string; title: string }[]; min?: number; max?: number };
    triage?: { disposition: string; flags: string[] };
    noticed?: string[];
  };
  suggestedActions?: { actions: { type: string; title: string; value?: unknown; displayText?: string }[] };
  attachments?: { contentType: string; content: Record<string, unknown> }[];
}

/** A real bot server on a random loopback port with a temporary DATA_DIR (LMDB unless a store is given). */
export interface TestBot {
  url: string;
  dataDir: string;
  app: App;
  /** Stops the server, keeping DATA_DIR (for restart tests). */
  stop(): Promise<void>;
  /** Stops and deletes DATA_DIR. */
  dispose(): Promise<void>;
}

/** `log`: where the bot's log lines go, at which level (default: none). */
export async function startTestBot(opts: { dataDir?: string; store?: Store; now?: () => Date; env?: Record<string, string>; log?: { level: string; destination: NodeJS.WritableStream } } = {}): Promise<TestBot> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'sciatica-bot-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env });
  const app = await startApp({ config, logger: opts.log ? createLogger(opts.log.level, opts.log.destination) : createLogger('silent'), ...(opts.store && { store: opts.store }), ...(opts.now && { now: opts.now }) });
  const stop = () => app.close();
  return {
    url: `http://127.0.0.1:${app.port}`,
    dataDir,
    app,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One user in one conversation, talking to the bot over HTTP with expectReplies. */
export class Conversation {
  private n = 0;
  /** Activity ids are unique per object, also when two objects continue one conversation (the bot drops a repeated id). */
  private readonly tag = Math.random().toString(36).slice(2, 8);
  /** Replies to the last message. */
  last: Reply[] = [];
  /** Where the bot would send proactive messages (a stand-in connector in reminder tests). */
  serviceUrl = 'http://127.0.0.1:1';

  constructor(
    private readonly url: string,
    readonly channelId = 'webchat',
    readonly locale = 'en-US',
    readonly conversationId = `conv-${Math.random().toString(36).slice(2)}`,
    readonly userId = `user-${Math.random().toString(36).slice(2)}`,
  ) {}

  /** Posts a raw body; returns the HTTP status and parsed JSON body. */
  static async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed };
  }

  /** Sends a message (text and/or value) and returns the bot's replies. */
  async send(message: { text?: string; value?: unknown; entities?: unknown[] }): Promise<Reply[]> {
    const activity = {
      type: 'message',
      id: `m${++this.n}-${this.tag}`,
      channelId: this.channelId,
      serviceUrl: this.serviceUrl,
      deliveryMode: 'expectReplies',
      locale: this.locale,
      from: { id: this.userId },
      recipient: { id: 'bot' },
      conversation: { id: this.conversationId },
      ...message,
    };
    const res = await Conversation.post(this.url, activity);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    this.last = (res.body as { activities: Reply[] }).activities;
    return this.last;
  }

  say(text: string): Promise<Reply[]> {
    return this.send({ text });
  }

  answer(answer: unknown): Promise<Reply[]> {
    return this.send({ value: { answer } });
  }

  /** The question the last replies ask (id), if any. */
  get question(): string | undefined {
    return [...this.last].reverse().find((r) => r.channelData?.question)?.channelData?.question?.id;
  }

  /** The outcome in the last replies, if any. */
  get triage(): { disposition: string; flags: string[] } | undefined {
    return this.last.find((r) => r.channelData?.triage)?.channelData?.triage;
  }
}
