import type { ConversationLimits, DirectLineConversation } from './directline.conversation.js';
import { DirectLineConversations } from './directline.conversations.js';
import {
  WEBCHAT_CHANNEL_ID,
  type ConversationInfo,
  type DirectLineStorage,
  type FinalListener,
} from './directline.storage.js';

/** Options of {@link createMemoryDirectLineStorage}. */
export interface MemoryDirectLineOptions {
  limits?: Partial<ConversationLimits>;
  now?: () => number;
  /** The table to keep conversations in, made with `limits` and `now` when not given (tests look into it). */
  conversations?: DirectLineConversations;
  /**
   * How long an ended conversation's id is remembered at least, so its tokens are refused
   * (ms; the longest token life, WEBCHAT_TOKEN_TTL_SECONDS, is enough).
   */
  endedForMs: number;
}

const info = (conv: DirectLineConversation): ConversationInfo => ({
  id: conv.id,
  userId: conv.userId,
  watermark: conv.watermark,
  streams: conv.streams,
});

/**
 * Direct Line conversations in this process's memory (one instance: LMDB or a test store),
 * bounded as {@link DirectLineConversations} describes. Everything is synchronous underneath,
 * so a stream's backlog and its subscription happen in one tick.
 */
export function createMemoryDirectLineStorage(opts: MemoryDirectLineOptions): DirectLineStorage {
  const now = opts.now ?? Date.now;
  const conversations = opts.conversations ?? new DirectLineConversations(opts.limits, now);
  /** Conversations ended with their user, until their last token has expired. */
  const ended = new Map<string, number>();
  const finals = new Set<FinalListener>();
  const isEnded = (id: string) => (ended.get(id) ?? 0) > now();

  return {
    async open(id, userId, o) {
      if (isEnded(id)) return { ok: false, reason: 'ended' };
      const opened = conversations.open(id, userId, o);
      return opened.ok ? { ok: true, conversation: info(opened.conversation) } : opened;
    },
    async get(id, tokenExpiresAt) {
      const conv = conversations.get(id, tokenExpiresAt);
      return conv && info(conv);
    },
    ownerOf: async (id) => conversations.peek(id)?.userId,
    isEnded: async (id) => isEnded(id),
    async append(id, activity) {
      const conv = conversations.peek(id);
      if (!conv) return { ok: false, reason: 'gone' };
      const appended = conv.append(activity);
      return { ok: true, id: appended, watermark: conv.watermark };
    },
    async since(id, watermark) {
      return conversations.peek(id)?.since(watermark);
    },
    subscribe(id, watermark, listener) {
      const conv = conversations.peek(id);
      if (!conv) {
        queueMicrotask(() => listener.ended('gone'));
        return () => {};
      }
      for (let w = watermark; w < conv.watermark;) {
        const page = conv.since(w);
        if (!page) break;
        listener.activities(page);
        w = Number(page.watermark);
      }
      return conv.subscribe(
        (set) => listener.activities(set),
        (reason) => listener.ended(reason),
      );
    },
    async touch(id) {
      conversations.peek(id)?.touch();
    },
    async endUser(userKey) {
      const prefix = `${WEBCHAT_CHANNEL_ID}:`;
      if (!userKey.startsWith(prefix)) return;
      const at = now();
      for (const conv of conversations.endUser(userKey.slice(prefix.length))) {
        ended.set(conv.id, Math.max(conv.tokenExpiresAt, at + opts.endedForMs));
      }
    },
    async deliverFinal(id, activities) {
      for (const listener of finals) listener(id, activities);
    },
    onFinal(listener) {
      finals.add(listener);
    },
    async sweep() {
      const at = now();
      for (const [id, until] of ended) if (until <= at) ended.delete(id);
      return conversations.sweep();
    },
    async close() {
      finals.clear();
    },
  };
}
