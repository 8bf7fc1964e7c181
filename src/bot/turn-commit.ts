import { MACHINE_VERSION } from '../../dialogs/conversation.machine.js';
import type { CommitResult, ForgetResult, Store } from '../store/store.js';
import type { TurnWrites } from './effects.js';
import { persist, type ConversationSnapshot } from './snapshot.js';
import { TURN_MARK_MS } from './turn-mark.js';

/** What a turn commits, and what it was decided against (the eTag and user generation it loaded). */
export interface Decision {
  convKey: string;
  userKey: string;
  eTag: string | undefined;
  generation: string | undefined;
  snapshot: ConversationSnapshot;
  writes: TurnWrites;
  /** The activity's de-duplication mark (turn-mark.ts), when it has an id. */
  markId: { id: string; legacy: string } | undefined;
  at: Date;
}

/**
 * Commits what a turn decided in one transaction (ARCHITECTURE.md step 4): the snapshot, its
 * records, profile patch and reminders, and the activity's mark; or, when the user confirmed
 * `forget_me`, the deletion of everything of theirs with the mark.
 */
export function commitDecision(store: Store, turn: Decision): Promise<CommitResult | ForgetResult> {
  const { convKey, userKey, eTag, generation, writes, markId, at } = turn;
  const checks = {
    conversationKey: convKey,
    expectedETag: eTag,
    userGeneration: generation,
    at,
    ...(markId && {
      dedup: { id: markId.id, alsoKnownAs: markId.legacy, expiresAt: new Date(at.getTime() + TURN_MARK_MS) },
    }),
  };
  if (writes.forget) return store.commitForget({ ...checks, userKey });
  const doc = {
    userKey,
    machineVersion: MACHINE_VERSION,
    snapshot: persist(turn.snapshot),
    updatedAt: at.toISOString(),
  };
  return store.commitTurn({
    ...checks,
    doc,
    records: writes.records,
    ...(writes.profile && { profile: writes.profile }),
    reminders: writes.reminders,
  });
}
