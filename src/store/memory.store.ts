import {
  ETagConflictError,
  type ConversationDoc,
  type RecordKind,
  type Store,
  type StoredConversation,
  type UserProfile,
  type UserRecord,
  type Reminder,
} from './store.js';
import { randomUUID } from 'node:crypto';
import { activityDay, isIdleSince } from './activity.js';
import { checksOf, commitTimes, patchProfile, recordsAt, type CommitRefusal, type ForgetCommit } from './turn.js';

/**
 * Creates a {@link Store} that keeps everything in process memory (tests, `--memory` runs).
 *
 * Values are deep-copied on the way in and on the way out, so callers can never change
 * stored data by mutating an argument or a result.
 */
export function createMemoryStore(): Store {
  const conversations = new Map<string, StoredConversation>();
  const userConversations = new Map<string, Set<string>>();
  const users = new Map<string, UserProfile>();
  const records = new Map<string, UserRecord[]>();
  const reminders = new Map<string, Reminder>();
  /** userKey → day of the user's last activity. */
  const activity = new Map<string, string>();
  /** userKey → generation, while the user has data. */
  const generations = new Map<string, string>();
  /** message id → when its mark expires (ms). */
  const messageIds = new Map<string, number>();
  let eTagCounter = 0;
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw new Error('store is closed');
  };

  const unindex = (userKey: string, conversationKey: string): void => {
    const keys = userConversations.get(userKey);
    if (!keys) return;
    keys.delete(conversationKey);
    if (keys.size === 0) userConversations.delete(userKey);
  };

  const touch = (userKey: string, at: string | undefined): void => {
    const day = activityDay(at, () => new Date());
    const last = activity.get(userKey);
    if (last === undefined || last < day) activity.set(userKey, day);
    if (!generations.has(userKey)) generations.set(userKey, randomUUID());
  };

  const putConversation = (
    conversationKey: string,
    doc: ConversationDoc,
    current: StoredConversation | undefined,
  ): string => {
    eTagCounter += 1;
    const eTag = `m${eTagCounter}`;
    if (current && current.doc.userKey !== doc.userKey) unindex(current.doc.userKey, conversationKey);
    conversations.set(conversationKey, { doc: structuredClone(doc), eTag });
    let keys = userConversations.get(doc.userKey);
    if (!keys) userConversations.set(doc.userKey, (keys = new Set()));
    keys.add(conversationKey);
    touch(doc.userKey, doc.updatedAt);
    return eTag;
  };

  const append = (
    userKey: string,
    input: { kind: RecordKind; data: Record<string, unknown>; at: string },
  ): UserRecord => {
    let list = records.get(userKey);
    if (!list) records.set(userKey, (list = []));
    const record: UserRecord = {
      kind: input.kind,
      at: input.at,
      seq: (list[list.length - 1]?.seq ?? 0) + 1,
      data: structuredClone(input.data),
    };
    list.push(record);
    touch(userKey, record.at);
    return structuredClone(record);
  };

  const putReminder = (
    input: { userKey: string; conversationKey: string; dueAt: string; reference: unknown },
    createdAt: string,
  ): Reminder => {
    const reminder: Reminder = { ...structuredClone(input), id: randomUUID(), createdAt, attempts: 0 };
    reminders.set(reminder.id, reminder);
    return structuredClone(reminder);
  };

  /** The checks of a commit, in the order the other stores make them; `undefined` when it may write. */
  const refuse = (turn: ForgetCommit): CommitRefusal | undefined => {
    const at = turn.at.getTime();
    const marked = (id: string | undefined): boolean => id !== undefined && (messageIds.get(id) ?? 0) > at;
    if (turn.dedup && (marked(turn.dedup.id) || marked(turn.dedup.alsoKnownAs)))
      return { ok: false, reason: 'duplicate' };
    if (turn.userGeneration !== undefined && generations.get(turn.userKey) !== turn.userGeneration)
      return { ok: false, reason: 'deleted' };
    const current = conversations.get(turn.conversationKey);
    if (turn.expectedETag !== undefined && !current) return { ok: false, reason: 'deleted' };
    if (current?.eTag !== turn.expectedETag) return { ok: false, reason: 'conflict' };
    return undefined;
  };

  const removeUser = (userKey: string): void => {
    for (const conversationKey of userConversations.get(userKey) ?? []) conversations.delete(conversationKey);
    userConversations.delete(userKey);
    users.delete(userKey);
    records.delete(userKey);
    activity.delete(userKey);
    generations.delete(userKey);
    for (const [id, r] of reminders) if (r.userKey === userKey) reminders.delete(id);
  };

  return {
    async commitTurn(turn) {
      assertOpen();
      // Checks and writes in one synchronous run: nothing else can interleave, nothing is half-done.
      const refused = refuse(checksOf(turn));
      if (refused) return refused;
      const { userKey } = turn.doc;
      const at = turn.at.toISOString();
      const eTag = putConversation(turn.conversationKey, turn.doc, conversations.get(turn.conversationKey));
      const appended = recordsAt(turn).map((r) => append(userKey, r));
      if (turn.profile) users.set(userKey, patchProfile(users.get(userKey), structuredClone(turn.profile), at));
      for (const r of turn.reminders ?? []) putReminder({ userKey, conversationKey: turn.conversationKey, ...r }, at);
      if (turn.dedup) messageIds.set(turn.dedup.id, turn.dedup.expiresAt.getTime());
      for (const time of commitTimes(turn)) touch(userKey, time);
      return { ok: true, eTag, records: appended };
    },

    async commitForget(turn) {
      assertOpen();
      const refused = refuse(turn);
      if (refused) return refused;
      removeUser(turn.userKey);
      if (turn.dedup) messageIds.set(turn.dedup.id, turn.dedup.expiresAt.getTime());
      return { ok: true };
    },

    async ping() {
      assertOpen();
    },

    async getUserGeneration(userKey) {
      assertOpen();
      return generations.get(userKey);
    },

    async getConversation(conversationKey) {
      assertOpen();
      const stored = conversations.get(conversationKey);
      return stored ? structuredClone(stored) : undefined;
    },

    async isCurrent(conversationKey, eTag) {
      assertOpen();
      return conversations.get(conversationKey)?.eTag === eTag;
    },

    async saveConversation(conversationKey: string, doc: ConversationDoc, expectedETag: string | undefined) {
      assertOpen();
      // No await before the write: the check and the write happen in one synchronous turn,
      // so two concurrent saves with the same eTag cannot both pass the check.
      const current = conversations.get(conversationKey);
      if (current?.eTag !== expectedETag) throw new ETagConflictError(conversationKey);
      return putConversation(conversationKey, doc, current);
    },

    async listConversations(userKey) {
      assertOpen();
      return [...(userConversations.get(userKey) ?? [])];
    },

    async getUser(userKey) {
      assertOpen();
      const profile = users.get(userKey);
      return profile ? structuredClone(profile) : undefined;
    },

    async saveUser(userKey, profile) {
      assertOpen();
      users.set(userKey, structuredClone(profile));
      touch(userKey, profile.updatedAt);
    },

    async appendRecord(userKey, input) {
      assertOpen();
      return append(userKey, { kind: input.kind, data: input.data, at: input.at ?? new Date().toISOString() });
    },

    async listRecords(userKey: string, kind?: RecordKind) {
      assertOpen();
      const list = records.get(userKey) ?? [];
      return structuredClone(kind ? list.filter((r) => r.kind === kind) : list);
    },

    async deleteUser(userKey) {
      assertOpen();
      removeUser(userKey);
    },

    async listIdleUsers(idleBefore, limit) {
      assertOpen();
      return [...activity]
        .filter(([, day]) => isIdleSince(day, idleBefore))
        .slice(0, limit)
        .map(([userKey]) => userKey);
    },

    async deleteIdleUser(userKey, idleBefore) {
      assertOpen();
      const day = activity.get(userKey);
      if (day === undefined || !isIdleSince(day, idleBefore)) return false;
      removeUser(userKey);
      return true;
    },

    async claimMessageId(id, now, expiresAt) {
      assertOpen();
      const expires = messageIds.get(id);
      if (expires !== undefined && expires > now.getTime()) return false;
      messageIds.set(id, expiresAt.getTime());
      return true;
    },

    async hasMessageId(id, now) {
      assertOpen();
      const expires = messageIds.get(id);
      return expires !== undefined && expires > now.getTime();
    },

    async deleteExpiredMessageIds(now) {
      assertOpen();
      let deleted = 0;
      for (const [id, expires] of messageIds) {
        if (expires <= now.getTime()) {
          messageIds.delete(id);
          deleted++;
        }
      }
      return deleted;
    },

    async addReminder(input) {
      assertOpen();
      return putReminder(input, new Date().toISOString());
    },

    async claimDueReminders(now, limit) {
      assertOpen();
      const due = [...reminders.values()]
        .filter((r) => !r.claimedAt && Date.parse(r.dueAt) <= now.getTime())
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
        .slice(0, limit);
      for (const r of due) Object.assign(r, { claimedAt: now.toISOString(), attempts: r.attempts + 1 });
      return structuredClone(due);
    },

    async releaseReminder(reminder, retryAt) {
      assertOpen();
      const r = reminders.get(reminder.id);
      if (r) reminders.set(r.id, { ...r, claimedAt: undefined, dueAt: retryAt });
    },

    async listReminders(userKey) {
      assertOpen();
      return structuredClone([...reminders.values()].filter((r) => r.userKey === userKey));
    },

    async close() {
      closed = true;
    },
  };
}
