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

  return {
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
      eTagCounter += 1;
      const eTag = `m${eTagCounter}`;
      if (current && current.doc.userKey !== doc.userKey) unindex(current.doc.userKey, conversationKey);
      conversations.set(conversationKey, { doc: structuredClone(doc), eTag });
      let keys = userConversations.get(doc.userKey);
      if (!keys) userConversations.set(doc.userKey, (keys = new Set()));
      keys.add(conversationKey);
      return eTag;
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
    },

    async appendRecord(userKey, input) {
      assertOpen();
      let list = records.get(userKey);
      if (!list) records.set(userKey, (list = []));
      const last = list[list.length - 1];
      const record: UserRecord = {
        kind: input.kind,
        at: input.at ?? new Date().toISOString(),
        seq: (last?.seq ?? 0) + 1,
        data: structuredClone(input.data),
      };
      list.push(record);
      return structuredClone(record);
    },

    async listRecords(userKey: string, kind?: RecordKind) {
      assertOpen();
      const list = records.get(userKey) ?? [];
      return structuredClone(kind ? list.filter((r) => r.kind === kind) : list);
    },

    async deleteUser(userKey) {
      assertOpen();
      for (const conversationKey of userConversations.get(userKey) ?? []) conversations.delete(conversationKey);
      userConversations.delete(userKey);
      users.delete(userKey);
      records.delete(userKey);
      for (const [id, r] of reminders) if (r.userKey === userKey) reminders.delete(id);
    },

    async addReminder(input) {
      assertOpen();
      const reminder: Reminder = { ...structuredClone(input), id: randomUUID(), createdAt: new Date().toISOString(), attempts: 0 };
      reminders.set(reminder.id, reminder);
      return structuredClone(reminder);
    },

    async claimDueReminders(now, limit) {
      assertOpen();
      const due = [...reminders.values()].filter((r) => !r.claimedAt && Date.parse(r.dueAt) <= now.getTime()).sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, limit);
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
