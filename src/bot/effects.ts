import type { Intent } from '../../dialogs/intents.js';
import type { Store } from '../store/store.js';
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

/**
 * What one intent shows, as the renderer takes it: a check-in's report as its trend message, the
 * progress points as the progress view; effects that show nothing (records, reminders, deletion,
 * profile) give nothing.
 */
function shown(intent: Intent): RenderIntent[] {
  switch (intent.type) {
    case 'checkin':
      return [{ type: 'centralization', centralization: intent.centralization }];
    case 'progress':
      return [{ type: 'progressView', history: intent.points }];
    case 'record':
    case 'reminder':
    case 'forget':
      return [];
    default:
      return [intent];
  }
}

/**
 * Carries out the intents that write, in order (the record step of a turn), and returns what to
 * show. Everything was decided by the dialog (ARCHITECTURE.md step 3): nothing here reads the
 * store or changes a decision. `forgotten` when the user's data was deleted.
 */
export async function applyEffects(intents: readonly Intent[], ctx: EffectContext): Promise<{ render: RenderIntent[]; forgotten: boolean }> {
  const { store, userKey, now } = ctx;
  let forgotten = false;
  for (const intent of intents) {
    if (intent.type === 'record') {
      await store.appendRecord(userKey, { kind: intent.kind, data: { ...intent.data, channel: ctx.channelId }, at: now.toISOString() });
    } else if (intent.type === 'reminder') {
      await store.addReminder({ userKey, conversationKey: ctx.conversationKey, dueAt: new Date(now.getTime() + intent.days * DAY_MS).toISOString(), reference: ctx.reference() });
    } else if (intent.type === 'forget') {
      await store.deleteUser(userKey);
      forgotten = true;
    }
  }
  return { render: intents.flatMap(shown), forgotten };
}
