/**
 * What one turn writes, in one transaction ({@link Store.commitTurn}), and what the commit answers.
 * Ids (flags, exercises, dispositions) are the dialog's stable ids; the store keeps them as given.
 */
import type { ConversationDoc, UserProfile, UserRecord } from './store.js';

/**
 * A screening's outcome (intake, or a check-in whose trend gave a routine outcome). The answers
 * are `null` when the screening ended before they were asked (an emergency found first).
 */
export type TriageRecordData = {
  disposition: string;
  /** Findings that drove the disposition. */
  flags: readonly string[];
  unsure?: readonly string[];
  age?: number | null | undefined;
  country?: string | null | undefined;
  /** Pain reach 0–5 per leg, the score 0–10 and the weeks since the episode began (only an intake asks them). */
  painLeft?: number | null | undefined;
  painRight?: number | null | undefined;
  score?: number | null | undefined;
  weeks?: number | null | undefined;
  /** Why a routine outcome was given without a screen (e.g. `sustained_peripheralization`). */
  reason?: string;
  /** The exercise programme goes a phase back. */
  stepBack?: boolean;
  channel?: string;
};

/**
 * A check-in: its pain map (reach 0–5 per leg, `level` the furthest), its score and the flags it
 * screened, the walk and the walk-run session it reports (CLINICAL §5), the programme phase after
 * it and the walk-run stage it gave for the next session.
 */
export type CheckinRecordData = {
  left?: number | undefined;
  right?: number | undefined;
  level?: number | undefined;
  score?: number | undefined;
  flags?: readonly string[];
  /** `checkin.walk` (`yes`, `no`, `not_tried`), when it was asked. */
  walk?: string;
  /** `checkin.run`, with the stage that session was run at. */
  run?: { answer: string; stage: number };
  /** The programme phase (1–3) after this check-in. */
  phase?: number;
  /** The walk-run stage (1–6) of the next session. */
  nextRun?: number;
  channel?: string;
};

/** One response of symptoms to one guided exercise (`at` is the record's own time). */
export type ExerciseRecordData = {
  exerciseId: string;
  /** Pain reach 0–5 before and after. */
  before: number;
  after: number;
  outcome: string;
  newNumbnessOrWeakness?: boolean;
  smallerRange?: boolean;
  channel?: string;
};

/** A reminder the user asked for. */
export type ReminderRecordData = { days?: number; channel?: string };

/** The data of each kind of record. */
export interface RecordDataByKind {
  triage: TriageRecordData;
  checkin: CheckinRecordData;
  exercise: ExerciseRecordData;
  reminder: ReminderRecordData;
}

/** Kinds of append-only records. */
export type RecordKind = keyof RecordDataByKind;

/** A record to append, its data typed by its kind; `at` defaults to the commit's time. */
export type NewRecord = { [K in RecordKind]: { kind: K; data: RecordDataByKind[K]; at?: string } }[RecordKind];

/** Profile fields a turn may set; a field left out (or `undefined`) keeps its stored value. */
export interface ProfilePatch {
  locale?: string | undefined;
  language?: string | undefined;
  consent?: 'agree' | 'decline' | undefined;
  consentAt?: string | undefined;
  emergency?: boolean | undefined;
  country?: string | undefined;
  age?: number | undefined;
}

/** Everything a turn writes, decided before the commit (ARCHITECTURE.md: load → understand → decide → commit). */
export interface TurnCommit {
  conversationKey: string;
  /** The snapshot; its `userKey` owns the records, profile and reminders below. */
  doc: ConversationDoc;
  /** The eTag the turn loaded (`undefined`: the conversation did not exist). */
  expectedETag: string | undefined;
  /**
   * The user's generation the turn loaded ({@link Store.getUserGeneration}), when it loaded one:
   * a user deleted since then has another generation or none, and the commit writes nothing.
   * Needed when the conversation is new; an existing one is deleted with its user, which the
   * eTag check already sees.
   */
  userGeneration?: string | undefined;
  /** The turn's time: records' default `at`, the profile's `updatedAt`, reminders' `createdAt`, the de-duplication's now. */
  at: Date;
  records?: readonly NewRecord[];
  profile?: ProfilePatch;
  reminders?: readonly { dueAt: string; reference: unknown }[];
  /**
   * The activity's de-duplication mark (the id the turn checked with `hasMessageId`), kept until
   * `expiresAt`. A mark still unexpired at `at` means the activity was committed already, under `id`
   * or under `alsoKnownAs`, the id an earlier version gave the same activity (checked, and written where
   * instances of both versions share the store, while an upgrade rolls out).
   */
  dedup?: { id: string; expiresAt: Date; alsoKnownAs?: string };
}

/**
 * What a commit answers, as the Agents SDK's storage answers a conditional write: nothing of
 * the turn is written unless `ok`.
 * - `conflict`: another writer changed (or created) the conversation since the turn loaded it:
 *   reload and decide again.
 * - `deleted`: the conversation or its user was deleted since the turn loaded it.
 * - `duplicate`: the activity's de-duplication mark is already there (a retry of a committed turn).
 */
export type CommitResult = { ok: true; eTag: string; records: UserRecord[] } | CommitRefusal;

/** Why a commit wrote nothing (see {@link CommitResult}). */
export type CommitRefusal = { ok: false; reason: 'conflict' | 'deleted' | 'duplicate' };

/**
 * A turn that deletes its user (`forget_me`, confirmed; {@link Store.commitForget}): the same
 * checks as a {@link TurnCommit} (its de-duplication mark, the user's generation, the
 * conversation's eTag), then everything of the user is deleted as {@link Store.deleteUser} does,
 * and only the de-duplication mark is written (it holds a hash, nothing of the user).
 */
export interface ForgetCommit {
  conversationKey: string;
  /** The user to delete, the owner of the conversation. */
  userKey: string;
  expectedETag: string | undefined;
  userGeneration?: string | undefined;
  at: Date;
  dedup?: { id: string; expiresAt: Date; alsoKnownAs?: string };
}

/** What {@link Store.commitForget} answers: nothing is deleted or written unless `ok`. */
export type ForgetResult = { ok: true } | CommitRefusal;

/** The checks of a commit, the same for a turn and for a forget. */
export function checksOf(turn: TurnCommit | ForgetCommit): ForgetCommit {
  const { conversationKey, expectedETag, userGeneration, at, dedup } = turn;
  return {
    conversationKey,
    userKey: 'doc' in turn ? turn.doc.userKey : turn.userKey,
    expectedETag,
    userGeneration,
    at,
    ...(dedup && { dedup }),
  };
}

/** The profile after a patch at `at` (a new profile when there is none), as every store merges it. */
export function patchProfile(current: UserProfile | undefined, patch: ProfilePatch, at: string): UserProfile {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...(current ?? { createdAt: at }), ...set, updatedAt: at };
}

/** The records with their `at` filled in from the commit's time. */
export function recordsAt(turn: TurnCommit): { kind: RecordKind; data: Record<string, unknown>; at: string }[] {
  const at = turn.at.toISOString();
  return (turn.records ?? []).map((r) => ({ kind: r.kind, data: r.data, at: r.at ?? at }));
}

/** Every time the commit writes, for the user's activity day. */
export function commitTimes(turn: TurnCommit): string[] {
  return [
    turn.doc.updatedAt,
    turn.at.toISOString(),
    ...(turn.records ?? []).flatMap((r) => (r.at === undefined ? [] : [r.at])),
  ];
}
