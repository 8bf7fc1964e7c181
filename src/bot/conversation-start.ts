import type { Activity } from 'botbuilder';
import type { ConversationInput } from '../../dialogs/conversation.setup.js';
import { DIRECTLINE_PATH } from '../channels/directline.api.js';
import { isBuiltInSms } from '../channels/sms.webhook.js';
import type { Store, UserProfile } from '../store/store.js';
import { inferCountry } from '../understand/language.js';

/** What {@link createConversationStart} reads from. */
export interface ConversationStartDeps {
  store: Store;
  /** The turn's clock. */
  now: () => Date;
  /** Reminders can go out by SMS (Twilio's Messages API is configured) for the built-in SMS webhook. */
  smsReminders?: boolean;
}

/** What a new conversation of `userKey` starts from, given the activity that starts it and the user's profile. */
export type ConversationStart = (
  activity: Activity,
  userKey: string,
  profile: UserProfile | undefined,
) => Promise<ConversationInput>;

/** Creates the reader of what a new conversation starts from: a check-in for a user screened before. */
export function createConversationStart(deps: ConversationStartDeps): ConversationStart {
  const { store, now } = deps;
  return async (activity, userKey, profile) => {
    const triage = profile?.consent === 'agree' ? await store.listRecords(userKey, 'triage') : [];
    const today = now().toISOString().slice(0, 10);
    const urgentToday = triage.some((r) => r.at.slice(0, 10) === today && r.data.disposition === 'urgent');
    return {
      urgentDay: urgentToday ? today : null,
      language: profile?.language ?? null,
      country: inferCountry(activity.locale, activity.entities) ?? profile?.country ?? null,
      returning: triage.length > 0,
      emergencyLock: profile?.emergency === true,
      // A history of cancer never lapses: with new leg weakness later it is an emergency (CLINICAL §2d rule 2).
      earlier: triage.some((r) => Array.isArray(r.data.flags) && r.data.flags.includes('cancer_history'))
        ? ['cancer_history']
        : [],
      // SMS reminders go out through Twilio's Messages API, so only for the built-in webhook and
      // only when it is configured; none on the self-hosted web chat (its Direct Line holds
      // transcripts only while a page is open).
      canRemind:
        (activity.channelId !== 'sms' || (deps.smsReminders === true && isBuiltInSms(activity))) &&
        !activity.serviceUrl.endsWith(DIRECTLINE_PATH),
    };
  };
}
