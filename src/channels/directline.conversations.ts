import { DirectLineConversation, type ConversationLimits } from './directline.conversation.js';
import { DEFAULT_LIMITS, type EndReason, type OpenOptions } from './directline.storage.js';

/** Answer of `open`: the conversation, or why there is no room and when to try again. */
export type OpenResult =
  | { ok: true; conversation: DirectLineConversation }
  | { ok: false; reason: 'full' | 'client-limit'; retryAfterSeconds: number };

/** Eviction order: 0 dead (no valid token), 1 abandoned, 2 listening only, 3 in use (never evicted). */
type Rank = 0 | 1 | 2 | 3;

/** Parses a `watermark` query value ("" or missing = from the start); undefined when it is not a watermark. */
export function parseWatermark(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return 0;
  return /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/**
 * The conversations of this process, bounded in number and per client, and forgotten when idle
 * or dead. When full, a new conversation takes the place of, in this order and least recently
 * active first: a dead one (its last token has expired, so nobody can use it again); an
 * abandoned one (no open stream, and no user message ever or none for `evictAfterMs`); one that
 * only listens (an open stream, never a user message). A conversation in use (an open stream
 * and user messages, or a recent user message) is never evicted: a new one is refused instead.
 *
 * Choosing the victim is O(1): conversations are kept in three maps whose insertion order is
 * their activity order (a conversation moves to the end when it is used), so only their heads
 * are looked at. A dead conversation behind a head is left to `sweep`, which runs every minute.
 * Per client, the victim is found by a scan of that client's conversations, which
 * `maxPerClient` bounds.
 */
export class DirectLineConversations {
  private readonly limits: ConversationLimits;
  private readonly byId = new Map<string, DirectLineConversation>();
  private readonly byClient = new Map<string, Set<DirectLineConversation>>();
  /** No open stream, no user message yet. */
  private readonly unused = new Map<string, DirectLineConversation>();
  /** No open stream, user messages. */
  private readonly quiet = new Map<string, DirectLineConversation>();
  /** An open stream, no user message yet. */
  private readonly listening = new Map<string, DirectLineConversation>();

  constructor(
    limits: Partial<ConversationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  get size(): number {
    return this.byId.size;
  }

  /** Open conversations of a client. */
  countOf(client: string): number {
    return this.byClient.get(client)?.size ?? 0;
  }

  /**
   * The conversation with this id, marked as active now; `tokenExpiresAt` (ms) is the expiry of
   * the token the request came with. Undefined when unknown, or dead (no valid token, no stream).
   */
  get(id: string, tokenExpiresAt = 0): DirectLineConversation | undefined {
    const conv = this.byId.get(id);
    if (!conv) return undefined;
    conv.extendToken(tokenExpiresAt);
    conv.touch();
    return this.byId.get(id) === conv ? conv : undefined;
  }

  /** The conversation with this id, without marking it as active (undefined when unknown). */
  peek(id: string): DirectLineConversation | undefined {
    return this.byId.get(id);
  }

  /**
   * Forgets every conversation of `userId`, telling their streams they were `deleted`; returns
   * what was forgotten.
   */
  endUser(userId: string): DirectLineConversation[] {
    const ended = [...this.byId.values()].filter((c) => c.userId === userId);
    for (const conv of ended) this.remove(conv, 'deleted');
    return ended;
  }

  /**
   * The conversation with this id, created for `userId` if new. When the client already holds
   * `maxPerClient`, one of its own abandoned conversations makes room; when all are full, the
   * least recently active abandoned one does; otherwise the answer says why there is no room.
   */
  open(id: string, userId: string, opts: OpenOptions): OpenResult {
    const existing = this.get(id, opts.tokenExpiresAt);
    if (existing) return { ok: true, conversation: existing };
    const mine = this.byClient.get(opts.client);
    if (mine && mine.size >= this.limits.maxPerClient) {
      const victim = this.pick(mine);
      if (!victim) return { ok: false, reason: 'client-limit', retryAfterSeconds: this.retryAfter(mine) };
      this.remove(victim);
    }
    if (this.byId.size >= this.limits.maxConversations) {
      const victim = this.pick([this.first(this.unused), this.first(this.quiet), this.first(this.listening)]);
      if (!victim) return { ok: false, reason: 'full', retryAfterSeconds: this.retryAfter([this.first(this.quiet)]) };
      this.remove(victim);
    }
    const hooks = { now: this.now, changed: (c: DirectLineConversation) => this.reindex(c) };
    const conv = new DirectLineConversation(
      id,
      userId,
      opts.client,
      opts.tokenExpiresAt,
      this.limits,
      hooks,
      opts.watermark === undefined ? undefined : { watermark: opts.watermark },
    );
    this.byId.set(id, conv);
    this.byClient.set(opts.client, (mine ?? new Set()).add(conv));
    this.reindex(conv);
    return { ok: true, conversation: conv };
  }

  /**
   * Forgets dead conversations: those whose last token has expired (their streams are closed)
   * and those idle for longer than `idleMs` with no open stream. A full scan, run once a minute
   * by a timer, never per request.
   */
  sweep(): number {
    const t = this.now();
    let removed = 0;
    for (const conv of this.byId.values()) {
      if (conv.tokenExpiresAt <= t || (conv.streams === 0 && t - conv.lastActive > this.limits.idleMs)) {
        this.remove(conv);
        removed++;
      }
    }
    return removed;
  }

  private rank(conv: DirectLineConversation, t: number): Rank {
    if (conv.tokenExpiresAt <= t) return 0;
    if (!conv.hasUserMessages) return conv.streams === 0 ? 1 : 2;
    return conv.streams === 0 && t - conv.lastActive >= this.limits.evictAfterMs ? 1 : 3;
  }

  /** The conversation to evict among `candidates`: lowest rank, then least recently active. */
  private pick(candidates: Iterable<DirectLineConversation | undefined>): DirectLineConversation | undefined {
    const t = this.now();
    let best: { conv: DirectLineConversation; rank: Rank } | undefined;
    for (const conv of candidates) {
      if (!conv) continue;
      const rank = this.rank(conv, t);
      if (rank === 3) continue;
      if (!best || rank < best.rank || (rank === best.rank && conv.lastActive < best.conv.lastActive))
        best = { conv, rank };
    }
    return best?.conv;
  }

  /** Seconds until the first of `candidates` without a stream has been idle for `evictAfterMs` (a minute if none). */
  private retryAfter(candidates: Iterable<DirectLineConversation | undefined>): number {
    let soonest = Infinity;
    for (const conv of candidates)
      if (conv && conv.streams === 0) soonest = Math.min(soonest, conv.lastActive + this.limits.evictAfterMs);
    if (soonest === Infinity) return 60;
    return Math.max(1, Math.ceil((soonest - this.now()) / 1000));
  }

  private first(index: Map<string, DirectLineConversation>): DirectLineConversation | undefined {
    return index.values().next().value;
  }

  /** Moves a conversation to the end of the index of its state (it was just active or changed state). */
  private reindex(conv: DirectLineConversation): void {
    if (this.byId.get(conv.id) !== conv) return;
    this.unused.delete(conv.id);
    this.quiet.delete(conv.id);
    this.listening.delete(conv.id);
    if (conv.streams === 0 && conv.tokenExpiresAt <= this.now()) {
      this.remove(conv);
      return;
    }
    if (conv.streams === 0) (conv.hasUserMessages ? this.quiet : this.unused).set(conv.id, conv);
    else if (!conv.hasUserMessages) this.listening.set(conv.id, conv);
  }

  private remove(conv: DirectLineConversation, reason: EndReason = 'gone'): void {
    if (this.byId.get(conv.id) !== conv) return;
    this.byId.delete(conv.id);
    this.unused.delete(conv.id);
    this.quiet.delete(conv.id);
    this.listening.delete(conv.id);
    const mine = this.byClient.get(conv.client);
    mine?.delete(conv);
    if (mine?.size === 0) this.byClient.delete(conv.client);
    conv.end(reason);
  }
}
