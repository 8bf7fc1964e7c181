import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { TEST_DATABASE_URL } from '../store/postgres.helpers.js';
import { createTestDatabase, dropTestDatabase } from './test-database.js';

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

/** The stores a bot can run on from its configuration: LMDB in DATA_DIR, or PostgreSQL at DATABASE_URL. */
export type StoreKind = 'lmdb' | 'postgres';

/** Every store kind, the order the transcript suites run on them. */
const STORE_KINDS: readonly StoreKind[] = ['lmdb', 'postgres'];

/**
 * Runs `suite` once per store kind. The PostgreSQL run needs TEST_DATABASE_URL
 * (scripts/test-postgres.sh): without it the run is skipped, except in CI, where it fails.
 */
export function describeOnStores(name: string, suite: (kind: StoreKind) => void): void {
  for (const kind of STORE_KINDS) {
    describe.skipIf(kind === 'postgres' && !TEST_DATABASE_URL && !process.env.CI)(`${name} [${kind}]`, () =>
      suite(kind),
    );
  }
}

/** A real bot server on a random loopback port, on LMDB in a temporary DATA_DIR or on a database of its own. */
export interface TestBot {
  url: string;
  /** The store kind the configuration picked (unused when the bot was given a store object). */
  kind: StoreKind;
  dataDir: string;
  /** The bot's DATABASE_URL when it runs on PostgreSQL. */
  databaseUrl: string | undefined;
  /** Whether `dispose()` drops the database (one this helper created). */
  ownsDatabase: boolean;
  app: App;
  /** Opens the bot's store again, for a test to look at what turns left behind (after `stop()`, or alongside on PostgreSQL). */
  openStore(): Promise<Store>;
  /** Stops the server, keeping its data (for restart tests: `startTestBot({ sameStoreAs })`). */
  stop(): Promise<void>;
  /** Stops and deletes the data (DATA_DIR, and the database this helper created). */
  dispose(): Promise<void>;
}

/** Options of {@link startTestBot}. */
export interface TestBotOptions {
  /** The store kind (default LMDB); PostgreSQL gets a new database of its own. */
  on?: StoreKind;
  /** Runs on PostgreSQL at this URL (a database the test made, e.g. reached through a proxy); not dropped. */
  databaseUrl?: string;
  /** Starts on the data of a bot stopped before (same DATA_DIR, same database). */
  sameStoreAs?: TestBot;
  dataDir?: string;
  store?: Store;
  now?: () => Date;
  env?: Record<string, string>;
  /** Where the bot's log lines go, at which level (default: none). */
  log?: { level: string; destination: NodeJS.WritableStream };
  /** False: expectReplies requests go through botbuilder's `CloudAdapter.process`, not the direct path. */
  directExpectReplies?: boolean;
  /** Red-flag backstop models to read instead of the project's (AppOptions.flagModelDir). */
  flagModelDir?: string;
  /** Told when the bot finds it cannot take turns (AppOptions.onFailure). */
  onFailure?: (err: Error) => void;
}

/** The web chat token key a bot on PostgreSQL needs (config requires it with DATABASE_URL). */
const TEST_DIRECTLINE_SECRET = 'test-directline-secret-of-32-characters!';

/** Starts a bot from a configuration, as `npm start` does (DATA_DIR, or DATABASE_URL for PostgreSQL). */
export async function startTestBot(opts: TestBotOptions = {}): Promise<TestBot> {
  const same = opts.sameStoreAs;
  const kind = same?.kind ?? (opts.databaseUrl ? 'postgres' : (opts.on ?? 'lmdb'));
  const dataDir = same?.dataDir ?? opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'sciatica-bot-'));
  const created = kind === 'postgres' && !same && !opts.databaseUrl ? await createTestDatabase() : undefined;
  const databaseUrl = same?.databaseUrl ?? opts.databaseUrl ?? created?.url;
  const ownsDatabase = same?.ownsDatabase ?? created !== undefined;
  const database = databaseUrl
    ? { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '4', DIRECTLINE_TOKEN_SECRET: TEST_DIRECTLINE_SECRET }
    : {};
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...database, ...opts.env });
  const logger = opts.log ? createLogger(opts.log.level, opts.log.destination) : createLogger('silent');
  const app = await startApp({
    config,
    logger,
    ...(opts.store && { store: opts.store }),
    ...(opts.now && { now: opts.now }),
    ...(opts.directExpectReplies !== undefined && { directExpectReplies: opts.directExpectReplies }),
    ...(opts.flagModelDir && { flagModelDir: opts.flagModelDir }),
    ...(opts.onFailure && { onFailure: opts.onFailure }),
  });
  const stop = () => app.close();
  return {
    url: `http://127.0.0.1:${app.port}`,
    kind,
    dataDir,
    databaseUrl,
    ownsDatabase,
    app,
    openStore: () =>
      openStore(databaseUrl ? { database: { url: databaseUrl, poolSize: 2, statementTimeoutMs: 5000 } } : { dataDir }),
    stop,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl && ownsDatabase) await dropTestDatabase(databaseUrl);
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
  static async post(
    url: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
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

/** Posts a message with an id the test chooses (as a channel that retries sends it again), to any instance. */
export async function postWithId(
  url: string,
  conv: Conversation,
  id: string,
  fields: Record<string, unknown>,
): Promise<Reply[]> {
  const res = await Conversation.post(url, {
    type: 'message',
    id,
    channelId: conv.channelId,
    serviceUrl: conv.serviceUrl,
    deliveryMode: 'expectReplies',
    locale: conv.locale,
    from: { id: conv.userId },
    recipient: { id: 'bot' },
    conversation: { id: conv.conversationId },
    ...fields,
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { activities: Reply[] }).activities;
}

/** The id of the question some replies ask last, if any. */
export const questionIn = (replies: Reply[]): string | undefined =>
  [...replies].reverse().find((r) => r.channelData?.question)?.channelData?.question?.id;
