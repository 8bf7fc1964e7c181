import type { Intent } from '../../dialogs/intents.js';
import { consequence, trend, type CheckinPoint } from '../../dialogs/checkin/trend.js';
import type { Store, UserRecord } from '../store/store.js';
import type { RenderIntent } from '../render/message.js';

/** What an effect needs to know about the turn. */
export interface EffectContext {
  store: Store;
  userKey: string;
  conversationKey: string;
  channelId: string;
  /** The conversation reference, for proactive messages (worked out only when needed). */
  reference: () => unknown;
  now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored check-in record as a point of the trend. */
export function checkinPoint(r: UserRecord): CheckinPoint {
  const d = r.data as { left?: number; right?: number; score?: number };
  return { at: r.at, left: d.left ?? 0, right: d.right ?? 0, score: d.score ?? 0 };
}

/** The user's check-ins, oldest first. */
export async function checkinHistory(store: Store, userKey: string): Promise<CheckinPoint[]> {
  return (await store.listRecords(userKey, 'checkin')).map(checkinPoint);
}

/**
 * Carries out the intents that act on stored data, in order (the record step of a turn), and
 * returns what to show: the intents to render, with a check-in's trend and the progress view
 * worked out from history. `forgotten` when the user's data was deleted.
 */
export async function applyEffects(intents: readonly Intent[], ctx: EffectContext): Promise<{ render: RenderIntent[]; forgotten: boolean }> {
  const { store, userKey, now } = ctx;
  const render: RenderIntent[] = [];
  let forgotten = false;
  let checkinSeq = Infinity;
  for (const intent of intents) {
    switch (intent.type) {
      case 'record': {
        const r = await store.appendRecord(userKey, { kind: intent.kind, data: { ...intent.data, channel: ctx.channelId }, at: now.toISOString() });
        if (r.kind === 'checkin') checkinSeq = r.seq;
        break;
      }
      case 'checkin': {
        // The trend of this check-in, against those recorded before it (another conversation of
        // the same user may append one at the same moment).
        const history = (await store.listRecords(userKey, 'checkin')).filter((r) => r.seq <= checkinSeq).map(checkinPoint);
        const c = trend(history);
        if (!c) break;
        render.push({ type: 'centralization', centralization: c });
        // One-sided weakness is screened by the check-in's questions (an urgent outcome); here only the trend counts.
        const effect = consequence(c, { newWeakness: false });
        if (effect.disposition === 'routine') {
          const outcome = { disposition: 'routine' as const, flags: [], unsure: [], underAge: false };
          render.push({ type: 'outcome', ...outcome });
          await store.appendRecord(userKey, { kind: 'triage', data: { disposition: 'routine', flags: [], reason: 'sustained_peripheralization', stepBack: effect.stepBack, channel: ctx.channelId }, at: now.toISOString() });
        }
        break;
      }
      case 'reminder':
        await store.addReminder({ userKey, conversationKey: ctx.conversationKey, dueAt: new Date(now.getTime() + intent.days * DAY_MS).toISOString(), reference: ctx.reference() });
        break;
      case 'progress':
        render.push({ type: 'progressView', history: await checkinHistory(store, userKey) });
        break;
      case 'forget':
        await store.deleteUser(userKey);
        forgotten = true;
        break;
      default:
        render.push(intent);
    }
  }
  return { render, forgotten };
}
