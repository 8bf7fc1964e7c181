import type { SessionEvent } from '../../dialogs/conversation.setup.js';
import type { FlagAnswer } from '../../dialogs/triage/decide.js';
import { isFlagId, type Disposition, type FlagId } from '../../dialogs/triage/red-flags.js';
import { currentPhase, todaysSession, type CheckinPoint } from '../../dialogs/exercise/programme.js';
import { exerciseResponseFromRecord, type ExerciseResponse } from '../../dialogs/exercise/response-record.js';
import type { Store, UserRecord } from '../store/store.js';

const flagList = (v: unknown): FlagId[] => (Array.isArray(v) ? v.filter(isFlagId) : []);

/** The answers of the latest screen (intake or check-in): flags yes, "not sure" kept as such. */
function latestScreen(records: readonly UserRecord[]): { answers: Partial<Record<FlagId, FlagAnswer>>; disposition?: Disposition } {
  const last = [...records].reverse().find((r) => r.kind === 'triage' || r.kind === 'checkin');
  if (!last) return { answers: {} };
  const unsure = flagList(last.data.unsure);
  const answers: Partial<Record<FlagId, FlagAnswer>> = Object.fromEntries(flagList(last.data.flags).map((f) => [f, unsure.includes(f) ? 'unsure' : 'yes']));
  const disposition = last.kind === 'triage' ? (last.data.disposition as Disposition | undefined) : undefined;
  return { answers, ...(disposition && { disposition }) };
}

/**
 * Today's exercise session from the user's history (CLINICAL §5): the phase from check-ins and
 * exercise responses, then 2–4 exercises by phase and directional preference, leaving out those
 * resting after a spread, dropped, or excluded by the latest screen's flags.
 */
export async function planSession(store: Store, userKey: string, now: Date): Promise<SessionEvent> {
  const records = await store.listRecords(userKey);
  const history: CheckinPoint[] = records
    .filter((r) => r.kind === 'checkin')
    .map((r) => ({ at: r.at, left: Number(r.data.left ?? 0), right: Number(r.data.right ?? 0), score: Number(r.data.score ?? 0), flags: flagList(r.data.flags) }));
  const responses = records
    .filter((r) => r.kind === 'exercise')
    .map(exerciseResponseFromRecord)
    .filter((r): r is ExerciseResponse => r !== null);
  const { answers, disposition } = latestScreen(records);
  const phase = currentPhase(history, responses, now).phase;
  const plan = todaysSession({ phase, responses, now, flags: answers, ...(disposition && { disposition }) });
  return { type: 'SESSION', ids: plan.blocked ? [] : plan.ids, smallerRange: plan.smallerRange, physioReview: plan.physioReview };
}
