import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder';
import { BotAdapter, TurnContext } from './botbuilder.js';
import type { i18n as I18n } from 'i18next';
import { activityRawValues, scopedLogger, type HashId, type Logger } from '../logger.js';
import type { Limiter } from '../limiter.js';
import type { TurnHandler } from '../server.js';
import { languageOf } from '../understand/language.js';

/** Receives each reply of a turn as the bot sends it, one after the other; returns the id the reply got. */
export type ReplySink = (reply: Partial<Activity>) => string | Promise<string>;

/** Runs one incoming activity through the bot and hands each reply to `sink`, in order. */
export type TurnRunner = (activity: Partial<Activity>, sink: ReplySink) => Promise<void>;

/**
 * An adapter that delivers replies to a function instead of a Bot Connector service.
 *
 * Why not the CloudAdapter: the built-in web chat and SMS endpoints authenticate their callers
 * themselves (Direct Line tokens, Twilio signatures). Going through `CloudAdapter.process` with
 * fake requests would need a Bot Framework JWT as soon as `MicrosoftAppId` is set (production),
 * and `expectReplies` would serialise and parse every reply. `TurnContext` + this adapter runs
 * the very same `bot.run` in process, with replies in the order the bot sends them.
 */
class SinkAdapter extends BotAdapter {
  constructor(private readonly sink: ReplySink) {
    super();
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const a of activities) responses.push({ id: await this.sink(a) });
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('updating sent activities is not supported on this channel');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('deleting sent activities is not supported on this channel');
  }

  override async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error('proactive messages are not supported on this channel');
  }
}

/** Dependencies of the in-process turn runner. */
export interface TurnRunnerDeps {
  bot: TurnHandler;
  i18n: I18n;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  /** Admits turns: the same limiter as /api/messages. */
  limit: Limiter;
}

/**
 * Creates the in-process turn runner shared by the web chat and SMS endpoints. At most
 * TURN_CONCURRENCY turns of the process run at once (the limiter is shared with /api/messages); a failing turn sends the
 * localised fallback message instead of failing the request.
 */
export function createTurnRunner(deps: TurnRunnerDeps): TurnRunner {
  return (activity, sink) =>
    deps.limit(async () => {
      const context = new TurnContext(new SinkAdapter(sink), activity);
      try {
        await deps.bot.run(context);
      } catch (err) {
        const bindings = {
          channel: activity.channelId,
          conv: deps.hashId(`${activity.channelId}:${activity.conversation?.id}`),
        };
        scopedLogger(deps.logger, bindings, activityRawValues(activity)).error({ err }, 'in-process turn failed');
        const t = deps.i18n.getFixedT(languageOf(activity.locale));
        await context.sendActivity({ type: 'message', text: t('messages:error_fallback') });
      }
    });
}
