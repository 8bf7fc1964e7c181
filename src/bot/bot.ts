import type { TurnContext } from './botbuilder.js';
import type { i18n as I18n } from 'i18next';
import type { Store } from '../store/store.js';
import { activityRawValues, scopedLogger, type HashId, type Logger } from '../logger.js';
import { languageOf } from '../understand/language.js';
import type { Lexicon } from '../understand/lexicon.js';
import type { RedFlagDetector } from '../understand/red-flag-detector.js';
import { arrivingUser, resumingUser } from './arrival.js';
import { createConversationStart } from './conversation-start.js';
import { createSnapshotCache } from './snapshot-cache.js';
import { turnMessage } from './turn-message.js';
import { createTurnPipeline } from './turn-pipeline.js';
import { KeyedQueue } from './turn-queue.js';
import { createTurnReplies } from './turn-replies.js';

/** What the bot needs from the app. */
export interface BotDeps {
  store: Store;
  i18n: I18n;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  lexicon: Lexicon;
  detector: RedFlagDetector;
  /** Injected clock, for tests. */
  now?: () => Date;
  /** RETENTION_DAYS, stated in the consent question (default: the config's default). */
  retentionDays?: number;
  /** Reminders can go out by SMS (Twilio's Messages API is configured) for the built-in SMS webhook. */
  smsReminders?: boolean;
}

/**
 * The bot: runs each message through load → understand → decide → commit → render → send,
 * greets a user who arrives, and puts the pending question again to one who comes back (CONTRACT §1).
 */
export interface Bot {
  run(context: TurnContext): Promise<void>;
}

/** Creates the bot. Turns of one conversation run in order (per-conversation queue). */
export function createBot(deps: BotDeps): Bot {
  const { store, i18n } = deps;
  const now = deps.now ?? (() => new Date());
  const queue = new KeyedQueue();
  const turn = createTurnPipeline({
    store,
    logger: deps.logger,
    lexicon: deps.lexicon,
    detector: deps.detector,
    now,
    conversations: createSnapshotCache(store),
    conversationStart: createConversationStart({ store, now, smsReminders: deps.smsReminders }),
    replies: createTurnReplies(i18n, { retentionDays: deps.retentionDays }),
  });

  return {
    async run(context) {
      const activity = context.activity;
      const resuming = resumingUser(activity);
      const arriving = activity.type === 'message' ? undefined : (arrivingUser(activity) ?? resuming);
      if (activity.type !== 'message' && !arriving) return;
      // The per-turn logger (with the hashed conversation id) is made only when something is logged.
      const log = () =>
        scopedLogger(
          deps.logger,
          { conv: deps.hashId(`${activity.channelId}:${activity.conversation.id}`), channel: activity.channelId },
          activityRawValues(activity),
        );
      const convKey = `${activity.channelId}:${activity.conversation.id}`;
      await queue.run(convKey, async () => {
        try {
          await turn({
            context,
            userId: arriving ?? activity.from.id,
            message: arriving ? undefined : turnMessage(activity),
            log,
            resume: resuming !== undefined,
          });
        } catch (err) {
          // Never log the message or answers: only what failed.
          log().error({ err }, 'turn failed');
          const t = i18n.getFixedT(languageOf(activity.locale));
          await context.sendActivity({ type: 'message', text: t('messages:error_fallback') });
        }
      });
    },
  };
}
