import type { Activity } from '../render/activity.js';
import type { ActivitySet, ConversationLimits } from './directline.conversation.js';

/** The channel id web chat turns carry; a Direct Line user's key in the Store is `webchat:<user id>`. */
export const WEBCHAT_CHANNEL_ID = 'webchat';

/**
 * 200 activities hold a whole triage and more. Activities are 1–2 KB, so even 2000 full
 * transcripts stay under ~600 MB (a triage is ~50); idle ones go after 35 minutes. 50 open
 * conversations per address leave room for a clinic's waiting-room Wi-Fi behind one address,
 * while 40 addresses (IPv6: /64 prefixes) are needed to hold every slot with live conversations.
 */
export const DEFAULT_LIMITS: ConversationLimits = {
  maxActivities: 200,
  maxConversations: 2000,
  maxPerClient: 50,
  pageSize: 100,
  idleMs: 35 * 60 * 1000,
  evictAfterMs: 5 * 60 * 1000,
};

/** What a request needs to know about a conversation. */
export interface ConversationInfo {
  id: string;
  userId: string;
  /** The watermark after the newest activity. */
  watermark: number;
  /** Open streams of this conversation on this instance. */
  streams: number;
}

/** Who opens a conversation, and until when a token of it can be used. */
export interface OpenOptions {
  /** The client's key (see `clientKey` in request-info.ts): what the per-client bound counts. */
  client: string;
  /** Expiry of the token the conversation is opened with, in ms since the epoch. */
  tokenExpiresAt: number;
  /**
   * Set when a client takes a conversation up again (see webchat-resume.ts): where the
   * conversation starts if this storage does not hold it (its transcript was lost, as the
   * embedded Direct Line's is on a restart), so that what follows goes on from the watermark the
   * client has reached. Its ids then never repeat one of before.
   */
  watermark?: number;
}

/**
 * Answer of `open`: the conversation; or why there is no room and when to try again; or `ended`
 * when the conversation was ended with its user's data (its tokens are void).
 */
export type StorageOpenResult =
  | { ok: true; conversation: ConversationInfo }
  | { ok: false; reason: 'full' | 'client-limit'; retryAfterSeconds: number }
  | { ok: false; reason: 'ended' };

/**
 * Answer of `append`: the id the activity got (`<conversation id>|<seq, 7 digits>`, as Direct
 * Line's) and the watermark after it; or `gone` when the conversation no longer exists.
 */
export type AppendResult = { ok: true; id: string; watermark: number } | { ok: false; reason: 'gone' };

/**
 * Why a stream's conversation ended: `deleted` with its user's data (a `forget me` turn may
 * still send its last replies with {@link DirectLineStorage.deliverFinal}), or `gone` (evicted,
 * expired): nothing follows.
 */
export type EndReason = 'deleted' | 'gone';

/** What a stream is told. */
export interface StreamListener {
  /** Activities in order, from the watermark subscribed with, each page with the watermark after it. */
  activities(set: ActivitySet): void;
  /** The conversation ended; no activity follows. */
  ended(reason: EndReason): void;
}

/** Receives the last replies of a conversation ended by its user's deletion (see `deliverFinal`). */
export type FinalListener = (conversationId: string, activities: Partial<Activity>[]) => void;

/**
 * Where the self-hosted Direct Line keeps its conversations: transcripts, watermarks, the
 * expiry of their tokens and what the capacity bounds count. In memory for one instance
 * (directline.memory.ts), in PostgreSQL for several (store/postgres.directline.ts), where an
 * activity appended on one instance reaches the streams open on another.
 */
export interface DirectLineStorage {
  /**
   * The conversation with this id, created for `userId` if new. When the client already holds
   * `maxPerClient`, one of its own abandoned conversations makes room; when all are full, the
   * least recently active abandoned one does; otherwise the answer says why there is no room.
   */
  open(id: string, userId: string, opts: OpenOptions): Promise<StorageOpenResult>;
  /**
   * The conversation with this id, marked as active now; `tokenExpiresAt` (ms) is the expiry of
   * the token the request came with. Undefined when unknown, ended or dead (no valid token, no stream).
   */
  get(id: string, tokenExpiresAt?: number): Promise<ConversationInfo | undefined>;
  /** The user id of a conversation this storage holds, without marking it as active; undefined when unknown. */
  ownerOf(id: string): Promise<string | undefined>;
  /** True when the conversation was ended with its user's data and its tokens may still be presented. */
  isEnded(id: string): Promise<boolean>;
  /** Appends an activity (its id is set here) and pushes it to the conversation's streams, on every instance. */
  append(id: string, activity: Partial<Activity>): Promise<AppendResult>;
  /**
   * Activities from `watermark` on (at most a page). A watermark older than the kept history
   * starts at the oldest kept activity; undefined for an unknown conversation or a watermark
   * from the future.
   */
  since(id: string, watermark: number): Promise<ActivitySet | undefined>;
  /**
   * Sends `listener` every activity from `watermark` on, then every new one as it is appended
   * (on any instance), in order and once each, until the returned function is called or the
   * conversation ends.
   */
  subscribe(id: string, watermark: number, listener: StreamListener): () => void;
  /** Marks the conversation as active now (a stream's keep-alive). */
  touch(id: string): Promise<void>;
  /**
   * Ends every Direct Line conversation of the Store user `userKey` (`webchat:<user id>`): their
   * transcripts are deleted, their tokens refused from now on, their streams told (`deleted`).
   */
  endUser(userKey: string): Promise<void>;
  /**
   * Hands the last replies of a turn whose conversation ended while it ran (a `forget me`) to
   * that conversation's streams, on every instance; they are never stored.
   */
  deliverFinal(id: string, activities: Partial<Activity>[]): Promise<void>;
  /** Registers the receiver of `deliverFinal` on this instance (the stream endpoint). */
  onFinal(listener: FinalListener): void;
  /** Forgets dead and idle conversations and expired ends; returns how many conversations went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/** The Store user key of a Direct Line user. */
export function webchatUserKey(userId: string): string {
  return `${WEBCHAT_CHANNEL_ID}:${userId}`;
}
