import type { Activity } from '../render/activity.js';
import type { EndReason } from './directline.storage.js';

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
  /** Conversations one client (address, or IPv6 /64) may hold at once. */
  maxPerClient: number;
  /** Activities returned by one GET. */
  pageSize: number;
  /** A conversation nobody has touched for this long (and with no open stream) is forgotten. */
  idleMs: number;
  /** A conversation with user messages but no open stream, idle this long, may make room for a new one. */
  evictAfterMs: number;
}

/** How a conversation tells its collection that its place in the eviction order changed. */
interface ConversationHooks {
  now(): number;
  changed(conv: DirectLineConversation): void;
}

/** Called with every activity appended while subscribed. */
type Listener = (set: ActivitySet) => void;

/** Told why the conversation ended. */
type Ended = (reason: EndReason) => void;

/** One Direct Line conversation: its transcript (user and bot activities) and open streams. */
export class DirectLineConversation {
  private readonly log: Partial<Activity>[] = [];
  /** Watermark of `log[0]`: how many activities have dropped off the front. */
  private offset: number;
  /** Open streams: what each is sent, and how it is told that the conversation has ended. */
  private readonly listeners = new Map<Listener, Ended>();
  private active: number;
  private userMessages = false;
  private tokenExpiry: number;
  /** What ids end with: nothing, or the mark of a conversation taken up again (see the constructor). */
  private readonly idTag: string;

  constructor(
    readonly id: string,
    readonly userId: string,
    /** The key of the client that opened it (see `clientKey`). */
    readonly client: string,
    tokenExpiresAt: number,
    private readonly limits: ConversationLimits,
    private readonly hooks: ConversationHooks,
    /**
     * Set when the conversation is taken up again after its transcript was lost (a restart): it goes
     * on from the watermark its client has reached, and its ids carry the time it was taken up,
     * so that none repeats an id of before (the bot takes an activity id once).
     */
    resumed?: { watermark: number },
  ) {
    this.active = hooks.now();
    this.tokenExpiry = tokenExpiresAt;
    this.offset = resumed?.watermark ?? 0;
    this.idTag = resumed ? `.${this.active.toString(36)}` : '';
  }

  /** The watermark after the newest activity. */
  get watermark(): number {
    return this.offset + this.log.length;
  }

  get streams(): number {
    return this.listeners.size;
  }

  /** When a request, user message or stream keep-alive last came (ms since the epoch). */
  get lastActive(): number {
    return this.active;
  }

  /** Whether a user has posted a message here (an opened but never used conversation has not). */
  get hasUserMessages(): boolean {
    return this.userMessages;
  }

  /** When the last token known for this conversation expires (ms since the epoch). */
  get tokenExpiresAt(): number {
    return this.tokenExpiry;
  }

  /** Marks the conversation as active now. */
  touch(): void {
    this.active = this.hooks.now();
    this.hooks.changed(this);
  }

  /** Records a token of this conversation valid until `expiresAt` (ms since the epoch). */
  extendToken(expiresAt: number): void {
    this.tokenExpiry = Math.max(this.tokenExpiry, expiresAt);
  }

  /** Adds an activity (its id is set here) and pushes it to open streams; returns the id. */
  append(activity: Partial<Activity>): string {
    const seq = this.watermark;
    const id = `${this.id}|${String(seq).padStart(7, '0')}${this.idTag}`;
    const stored = { ...activity, id };
    this.log.push(stored);
    if (this.log.length > this.limits.maxActivities) {
      this.log.shift();
      this.offset++;
    }
    if (activity.type === 'message' && activity.from?.role === 'user') {
      this.userMessages = true;
      this.touch();
    }
    const set = { activities: [stored], watermark: String(seq + 1) };
    for (const listener of this.listeners.keys()) listener(set);
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

  /**
   * Calls `listener` with every activity appended from now on, and `ended` if the conversation
   * is evicted or expires first; returns the unsubscribe function.
   */
  subscribe(listener: Listener, ended: Ended = () => {}): () => void {
    this.listeners.set(listener, ended);
    this.hooks.changed(this);
    return () => {
      if (this.listeners.delete(listener)) this.touch();
    };
  }

  /** Tells open streams that the conversation is gone (its collection has forgotten it), and why. */
  end(reason: EndReason = 'gone'): void {
    const ended = [...this.listeners.values()];
    this.listeners.clear();
    for (const end of ended) end(reason);
  }
}
