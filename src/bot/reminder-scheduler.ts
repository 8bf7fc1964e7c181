import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Store } from '../store/store.js';
import { scopedLogger, type HashId, type Logger } from '../logger.js';
import { languageOf } from '../understand/language.js';
import { renderReminder } from '../render/reminder.render.js';
import { smsMessages } from '../render/sms.render.js';
import { smsWords } from '../render/sms-words.js';
import type { SmsSender } from '../channels/sms-sender.js';
import { isBuiltInSms } from '../channels/sms.webhook.js';
import { countryOfNumber } from '../channels/sms-keywords.js';

export interface ReminderSchedulerDeps {
  store: Store;
  adapter: CloudAdapter;
  /** The bot's app id ('' in local mode). */
  appId: string;
  i18n: I18n;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  now: () => Date;
  /** How often due reminders are looked for. */
  intervalMs?: number;
  /**
   * Sends the reminders of users on the built-in SMS webhook, which no Bot Connector service
   * reaches (Twilio's Messages API). Without it (TWILIO_ACCOUNT_SID or TWILIO_FROM unset) their
   * reminders fail and are given up after the usual attempts.
   */
  smsSender?: SmsSender;
}

export interface ReminderScheduler {
  start(): void;
  /** Stops the timer and waits for a send in progress. */
  stop(): Promise<void>;
  /** Sends what is due now; returns how many were sent. */
  tick(): Promise<number>;
}

/** Attempts before a reminder that can't be delivered is given up. */
const MAX_ATTEMPTS = 3;
const RETRY_MS = 10 * 60 * 1000;
const BATCH = 20;

/**
 * Sends due check-in reminders as proactive messages (`continueConversationAsync` with the
 * stored conversation reference), or by SMS through `smsSender` for the built-in SMS webhook. Each reminder is claimed in the store before it is sent, so
 * it goes out once even with several bot instances or after a restart; a failed send is put
 * back for a later try.
 */
export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  const { store, adapter, i18n, logger, now } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sendDue(): Promise<number> {
    let sent = 0;
    for (const reminder of await store.claimDueReminders(now(), BATCH)) {
      const reference = reminder.reference as Partial<ConversationReference>;
      try {
        const profile = await store.getUser(reminder.userKey);
        const lng = languageOf(profile?.language ?? reference.locale ?? profile?.locale);
        if (isBuiltInSms(reference)) {
          const to = reference.user?.id;
          // Twilio would refuse it too (error 21610); a reminder to an opted-out number is dropped, not retried.
          if (profile?.smsOptOut === true || !to) {
            logger.info({ user: deps.hashId(reminder.userKey) }, 'sms reminder dropped: number opted out');
            continue;
          }
          if (!deps.smsSender) throw new Error('SMS reminders need TWILIO_ACCOUNT_SID and TWILIO_FROM');
          const country = profile?.country ?? countryOfNumber(to) ?? null;
          const { text } = renderReminder(smsWords(i18n).getFixedT(lng), country, reference.channelId);
          for (const body of smsMessages([text ?? ''])) await deps.smsSender.send(to, body);
        } else {
          const activity = renderReminder(i18n.getFixedT(lng), profile?.country ?? null, reference.channelId);
          await adapter.continueConversationAsync(deps.appId, reference, async (context) => {
            await context.sendActivity(activity);
          });
        }
        sent++;
      } catch (err) {
        const raw = [
          reminder.userKey,
          reminder.conversationKey,
          reference.activityId,
          reference.conversation?.id,
          reference.user?.id,
          reference.bot?.id,
        ];
        const log = scopedLogger(
          logger,
          { user: deps.hashId(reminder.userKey) },
          raw.filter((v): v is string => typeof v === 'string'),
        );
        log.warn({ attempts: reminder.attempts, err }, 'reminder not delivered');
        if (reminder.attempts < MAX_ATTEMPTS)
          await store.releaseReminder(reminder, new Date(now().getTime() + RETRY_MS).toISOString());
      }
    }
    return sent;
  }

  const tick = () => (running ??= sendDue().finally(() => (running = undefined)));

  return {
    start() {
      timer ??= setInterval(
        () => void tick().catch((err: unknown) => logger.error({ err }, 'reminder tick failed')),
        deps.intervalMs ?? 30_000,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    tick,
  };
}
