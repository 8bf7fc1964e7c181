/**
 * Storage behind one small async interface, served by a key-value store (LMDB), memory and
 * SQL (PostgreSQL).
 *
 * - A conversation snapshot belongs to a conversation (`channelId:conversationId`) and is
 *   written with optimistic concurrency: `saveConversation` succeeds only when the caller's
 *   eTag matches the stored one (`undefined` = must not exist yet).
 * - A profile and append-only records belong to a user (`channelId:userId`).
 * - A turn writes what it decided with one `commitTurn` (one transaction, conditional on the
 *   snapshot's eTag and on the user's generation).
 * - `deleteUser` removes the profile, every record and every conversation of that user, in one
 *   transaction: a turn of that user that loaded before it and commits after it writes nothing.
 * - A user's last activity (the day of the latest profile, conversation or record write) is kept,
 *   so a retention sweep can find users idle since a date, whether or not they ever gave a profile.
 * - Message ids (an SMS MessageSid) are remembered until they expire, to drop a channel's retries.
 */

import type { CommitResult, ForgetCommit, ForgetResult, RecordKind, TurnCommit } from './turn.js';

export type {
  CommitRefusal,
  CommitResult,
  ForgetCommit,
  ForgetResult,
  NewRecord,
  ProfilePatch,
  RecordDataByKind,
  RecordKind,
  TurnCommit,
} from './turn.js';

/** Thrown by `saveConversation` when the stored eTag is not the one the caller read. */
export class ETagConflictError extends Error {
  constructor(public readonly conversationKey: string) {
    super('conversation snapshot was changed by another writer');
    this.name = 'ETagConflictError';
  }
}

/** What is stored for one conversation. */
export interface ConversationDoc {
  /** Owner of the conversation, so `deleteUser` can find it. */
  userKey: string;
  /** Version of the dialog machine that wrote `snapshot`. */
  machineVersion: number;
  /** Persisted machine state (JSON-safe). */
  snapshot: unknown;
  /** Bot Framework conversation reference, if a caller keeps one here (reminders keep their own copy). */
  reference?: unknown;
  updatedAt: string;
}

export interface StoredConversation {
  doc: ConversationDoc;
  eTag: string;
}

/** What the bot remembers about a user between conversations (no free text). */
export interface UserProfile {
  locale?: string;
  /** Language the user chose with the `language` command; wins over the channel's locale. */
  language?: string;
  consent?: 'agree' | 'decline';
  /** An emergency outcome was given: exercises stay off until a clinician has seen them (CLINICAL §6). */
  emergency?: boolean;
  country?: string;
  age?: number;
  consentAt?: string;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** An append-only record of a user. `seq` and `at` are set by the store on append. */
export interface UserRecord {
  kind: RecordKind;
  at: string;
  seq: number;
  data: Record<string, unknown>;
}

/** A check-in reminder to send as a proactive message when due. */
export interface Reminder {
  id: string;
  userKey: string;
  conversationKey: string;
  /** ISO time when it is due. */
  dueAt: string;
  /** Bot Framework conversation reference to continue the conversation with. */
  reference: unknown;
  createdAt: string;
  /** Set when a scheduler claimed it for sending: each reminder is sent once. */
  claimedAt?: string;
  attempts: number;
}

export interface Store {
  /**
   * Writes everything a turn decided in one transaction: the snapshot (conditional on
   * `expectedETag`), the records, the profile patch, the reminders and the activity's
   * de-duplication mark. Nothing is written unless the result is `ok`; a conflict, a deletion
   * since the turn loaded, or a duplicate is a result, not an exception (a failed store is).
   */
  commitTurn(turn: TurnCommit): Promise<CommitResult>;
  /**
   * A turn that deletes its user: under the checks of {@link Store.commitTurn}, deletes everything
   * of the user (as {@link Store.deleteUser}) and writes the activity's de-duplication mark, in
   * one transaction. Nothing is deleted or written unless the result is `ok`.
   */
  commitForget(turn: ForgetCommit): Promise<ForgetResult>;
  /**
   * Resolves when the store can take a turn now, rejects when it can't (closed, the database
   * unreachable). Cheap enough for every health check.
   */
  ping(): Promise<void>;
  /**
   * The user's generation: set when the user's first data is written, gone when the user is
   * deleted, never the same twice. `undefined` for a user with no data. A turn reads it with
   * what it loads and hands it to {@link Store.commitTurn}.
   */
  getUserGeneration(userKey: string): Promise<string | undefined>;
  getConversation(conversationKey: string): Promise<StoredConversation | undefined>;
  /**
   * True when the stored conversation still has this eTag: nobody wrote or deleted it since.
   * Lets a process reuse what it saved last instead of reading the snapshot back.
   */
  isCurrent(conversationKey: string, eTag: string): Promise<boolean>;
  /** Writes the snapshot if `expectedETag` matches; returns the new eTag or throws ETagConflictError. */
  saveConversation(conversationKey: string, doc: ConversationDoc, expectedETag: string | undefined): Promise<string>;
  /** Keys of the conversations of a user. */
  listConversations(userKey: string): Promise<string[]>;
  getUser(userKey: string): Promise<UserProfile | undefined>;
  saveUser(userKey: string, profile: UserProfile): Promise<void>;
  /** Appends a record; never overwrites an earlier one. `at` defaults to now. */
  appendRecord(
    userKey: string,
    record: { kind: RecordKind; data: Record<string, unknown>; at?: string },
  ): Promise<UserRecord>;
  /** Records of a user in append order, optionally of one kind. */
  listRecords(userKey: string, kind?: RecordKind): Promise<UserRecord[]>;
  /** Stores a reminder to send at `dueAt`. */
  addReminder(input: {
    userKey: string;
    conversationKey: string;
    dueAt: string;
    reference: unknown;
  }): Promise<Reminder>;
  /** Atomically claims up to `limit` unclaimed reminders due at `now`, so no two schedulers send one twice. */
  claimDueReminders(now: Date, limit: number): Promise<Reminder[]>;
  /** Gives a claimed reminder back after a failed send, due again at `retryAt`. */
  releaseReminder(reminder: Reminder, retryAt: string): Promise<void>;
  /** The reminders of a user, claimed or not. */
  listReminders(userKey: string): Promise<Reminder[]>;
  /** Deletes everything stored about the user: profile, records, conversations, reminders. */
  deleteUser(userKey: string): Promise<void>;
  /**
   * Up to `limit` users (user keys) with no activity since `idleBefore`: no profile, conversation
   * or record written on or after that day. Includes users who never gave a profile (their
   * conversations alone make them known). Activity is kept per day, so a user is found a day late
   * rather than early.
   */
  listIdleUsers(idleBefore: Date, limit: number): Promise<string[]>;
  /**
   * Deletes the user as {@link Store.deleteUser} does, but only when they are still idle since
   * `idleBefore`, checked in the same transaction (a user who just wrote again is kept).
   * True when the user was deleted.
   */
  deleteIdleUser(userKey: string, idleBefore: Date): Promise<boolean>;
  /**
   * Remembers a message id (e.g. `sms:<MessageSid>`) until `expiresAt`. True when it was not
   * remembered yet (or its earlier mark had expired by `now`): the caller handles the message;
   * false for a retry of a message already handled.
   */
  claimMessageId(id: string, now: Date, expiresAt: Date): Promise<boolean>;
  /**
   * True when the message id is remembered and its mark has not expired by `now`, without marking
   * it. A turn's own mark is checked and written by its commit ({@link TurnCommit.dedup}), so a
   * turn that failed is taken again when the channel retries it.
   */
  hasMessageId(id: string, now: Date): Promise<boolean>;
  /**
   * Forgets message ids whose mark expired by `now`; returns how many entries went (a store may keep
   * the marks of one conversation as one entry, and only its latest few hundred).
   */
  deleteExpiredMessageIds(now: Date): Promise<number>;
  close(): Promise<void>;
}
