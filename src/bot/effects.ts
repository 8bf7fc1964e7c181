import type { Intent, ProfileIntent } from '../../dialogs/intents.js';
import type { NewRecord, ProfilePatch } from '../store/store.js';
import type { RenderIntent } from '../render/message.js';
import { recordOf } from './records.js';

/** What the turn's writes depend on besides its intents. */
export interface EffectContext {
  channelId: string;
  /** The conversation reference, for proactive messages (worked out only when a reminder is set). */
  reference: () => unknown;
  /** The turn's time. */
  now: Date;
  /** The activity's locale, kept in the profile whenever the profile is written. */
  locale: string | undefined;
  /** The user has no profile yet and this turn starts their first conversation: one is created. */
  newUser: boolean;
}

/** Everything one turn writes (one commit) and shows, worked out from what the dialog decided. */
export interface TurnWrites {
  records: NewRecord[];
  /** The dialog's profile patches merged in order, or undefined when the profile stays as it is. */
  profile: ProfilePatch | undefined;
  reminders: { dueAt: string; reference: unknown }[];
  /** The user asked for everything of theirs to be deleted (confirmed): the turn deletes instead of writing. */
  forget: boolean;
  render: RenderIntent[];
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

/** The profile patch of the turn: the dialog's patches in order, the consent's time, the locale. */
function profilePatch(patches: readonly ProfileIntent[], ctx: EffectContext): ProfilePatch | undefined {
  if (!patches.length && !ctx.newUser) return undefined;
  const patch: ProfilePatch = ctx.locale ? { locale: ctx.locale } : {};
  for (const p of patches) {
    Object.assign(patch, p.patch);
    if (p.patch.consent === 'agree') patch.consentAt = ctx.now.toISOString();
  }
  return patch;
}

/**
 * The writes and the replies of a turn, from its intents. Everything was decided by the dialog
 * (ARCHITECTURE.md step 3): nothing here reads the store or changes a decision; the bot commits
 * the writes in one transaction (step 4) and renders only once they are committed.
 */
export function turnWrites(intents: readonly Intent[], ctx: EffectContext): TurnWrites {
  const records: NewRecord[] = [];
  const reminders: TurnWrites['reminders'] = [];
  let forget = false;
  for (const intent of intents) {
    if (intent.type === 'record') records.push(recordOf(intent, ctx.channelId));
    else if (intent.type === 'reminder')
      reminders.push({
        dueAt: new Date(ctx.now.getTime() + intent.days * DAY_MS).toISOString(),
        reference: ctx.reference(),
      });
    else if (intent.type === 'forget') forget = true;
  }
  const patches = intents.filter((i): i is ProfileIntent => i.type === 'profile');
  return { records, profile: profilePatch(patches, ctx), reminders, forget, render: intents.flatMap(shown) };
}
