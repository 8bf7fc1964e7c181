import type { Activity } from 'botbuilder';

/** What the GET activities call and the stream send: a page of activities and the watermark after it. */
export interface ActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

/** Limits that keep the in-memory transcripts bounded. */
export interface ConversationLimits {
  /** Activities kept per conversation; older ones drop off (the dialog state is in the Store anyway). */
  maxActivities: number;
  /** Conversations kept at once. */
  maxConversations: number;
  /** Activities returned by one GET. */
  pageSize: number;
  /** A conversation nobody has touched for this long (and with no open stream) is forgotten. */
  idleMs: number;
  /** When full, the least recently used conversation idle for at least this long makes room. */
  evictAfterMs: number;
}

/**
 * 200 activities hold a whole triage and more. Activities are 1–2 KB, so even 2000 full
 * transcripts stay under ~600 MB (a triage is ~50); idle ones go after 35 minutes.
 */
export const DEFAULT_LIMITS: ConversationLimits = { maxActivities: 200, maxConversations: 2000, pageSize: 100, idleMs: 35 * 60 * 1000, evictAfterMs: 5 * 60 * 1000 };

/** One Direct Line conversation: its transcript (user and bot activities) and open streams. */
export class DirectLineConversation {
  private readonly log: Partial<Activity>[] = [];
  /** Watermark of `log[0]`: how many activities have dropped off the front. */
  private offset = 0;
  private readonly listeners = new Set<(set: ActivitySet) => void>();
  lastActive: number;

  constructor(
    readonly id: string,
    readonly userId: string,
    private readonly limits: ConversationLimits,
    now: number,
  ) {
    this.lastActive = now;
  }

  /** The watermark after the newest activity. */
  get watermark(): number {
    return this.offset + this.log.length;
  }

  get streams(): number {
    return this.listeners.size;
  }

  /** Adds an activity (its id is set here) and pushes it to open streams; returns the id. */
  append(activity: Partial<Activity>): string {
    const seq = this.watermark;
    const id = `${this.id}|${String(seq).padStart(7, '0')}`;
    const stored = { ...activity, id };
    this.log.push(stored);
    if (this.log.length > this.limits.maxActivities) {
      this.log.shift();
      this.offset++;
    }
    const set = { activities: [stored], watermark: String(seq + 1) };
    for (const listener of this.listeners) listener(set);
    return id;
  }

  /**
   * Activities from `watermark` on (at most a page). A watermark older than the kept history
   * starts at the oldest kept activity; one from the future is the caller's mistake (undefined).
   */
  since(watermark: number): ActivitySet | undefined {
    if (!Number.isSafeInteger(watermark) || watermark < 0 || watermark > this.watermark) return undefined;
    const start = Math.max(watermark, this.offset) - this.offset;
    const activities = this.log.slice(start, start + this.limits.pageSize);
    return { activities, watermark: String(this.offset + start + activities.length) };
  }

  /** Calls `listener` with every activity appended from now on; returns the unsubscribe function. */
  subscribe(listener: (set: ActivitySet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Parses a `watermark` query value ("" or missing = from the start); undefined when it is not a watermark. */
export function parseWatermark(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return 0;
  return /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/** The conversations of this process, bounded in number and forgotten when idle. */
export class DirectLineConversations {
  private readonly byId = new Map<string, DirectLineConversation>();

  constructor(
    readonly limits: ConversationLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): DirectLineConversation | undefined {
    const conv = this.byId.get(id);
    if (conv) conv.lastActive = this.now();
    return conv;
  }

  /** The conversation with this id, created for `userId` if new; undefined when full of active ones. */
  open(id: string, userId: string): DirectLineConversation | undefined {
    const existing = this.get(id);
    if (existing) return existing;
    if (this.byId.size >= this.limits.maxConversations) this.sweep();
    if (this.byId.size >= this.limits.maxConversations) this.evictOldestIdle();
    if (this.byId.size >= this.limits.maxConversations) return undefined;
    const conv = new DirectLineConversation(id, userId, this.limits, this.now());
    this.byId.set(id, conv);
    return conv;
  }

  /** Forgets conversations idle for longer than `idleMs` with no open stream. */
  sweep(): number {
    const cutoff = this.now() - this.limits.idleMs;
    let removed = 0;
    for (const [id, conv] of this.byId) {
      if (conv.lastActive < cutoff && conv.streams === 0) {
        this.byId.delete(id);
        removed++;
      }
    }
    return removed;
  }

  private evictOldestIdle(): void {
    let oldest: DirectLineConversation | undefined;
    for (const conv of this.byId.values()) if (conv.streams === 0 && (!oldest || conv.lastActive < oldest.lastActive)) oldest = conv;
    if (oldest && this.now() - oldest.lastActive >= this.limits.evictAfterMs) this.byId.delete(oldest.id);
  }
}
