import type { Store } from '../store/store.js';
import { restore, type ConversationSnapshot } from './snapshot.js';

/** A conversation as a turn starts from it. */
export interface LoadedConversation {
  /** The machine snapshot to continue from; undefined for a new conversation or a foreign version. */
  snapshot: ConversationSnapshot | undefined;
  /** eTag to save against; undefined when nothing is stored. */
  eTag: string | undefined;
  /** Something was stored (even if it could not be restored). */
  stored: boolean;
}

/** Loads conversations, reusing the snapshot this process saved last while the store still holds it. */
export interface SnapshotCache {
  load(conversationKey: string): Promise<LoadedConversation>;
  /** Keeps what a turn just saved. */
  remember(conversationKey: string, eTag: string, snapshot: ConversationSnapshot): void;
}

/** Conversations kept by default: a few minutes of a busy clinic's traffic, a few MB. */
const DEFAULT_CACHED_CONVERSATIONS = 2000;

/**
 * Most turns continue a conversation whose last turn ran in this process. Decoding its stored
 * snapshot and resolving it against the machine again is the largest part of a turn's cost, so
 * the snapshot saved last is kept (snapshots are immutable) and reused when `store.isCurrent`
 * says nobody wrote or deleted the conversation since (another process, a `forget_me`).
 */
export function createSnapshotCache(store: Store, limit = DEFAULT_CACHED_CONVERSATIONS): SnapshotCache {
  const entries = new Map<string, { eTag: string; snapshot: ConversationSnapshot }>();
  return {
    async load(conversationKey) {
      const kept = entries.get(conversationKey);
      if (kept) {
        entries.delete(conversationKey);
        if (await store.isCurrent(conversationKey, kept.eTag)) {
          entries.set(conversationKey, kept); // most recently used last
          return { snapshot: kept.snapshot, eTag: kept.eTag, stored: true };
        }
      }
      const stored = await store.getConversation(conversationKey);
      if (!stored) return { snapshot: undefined, eTag: undefined, stored: false };
      return { snapshot: restore(stored.doc.machineVersion, stored.doc.snapshot), eTag: stored.eTag, stored: true };
    },
    remember(conversationKey, eTag, snapshot) {
      entries.delete(conversationKey);
      entries.set(conversationKey, { eTag, snapshot });
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
    },
  };
}
