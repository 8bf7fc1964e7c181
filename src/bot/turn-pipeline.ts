import { TurnContext } from './botbuilder.js';
import { historyFromRecords, needsHistory } from '../../dialogs/checkin/history.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { languageOf } from '../understand/language.js';
import type { Lexicon } from '../understand/lexicon.js';
import type { RedFlagDetector } from '../understand/red-flag-detector.js';
import { readCommand } from '../understand/understand.js';
import type { ConversationStart } from './conversation-start.js';
import { turnWrites } from './effects.js';
import { noticedEvent } from './noticed.js';
import type { SnapshotCache } from './snapshot-cache.js';
import { step } from './snapshot.js';
import { commitDecision } from './turn-commit.js';
import { decideTurn } from './turn-decision.js';
import { turnLocale, type TurnMessage } from './turn-message.js';
import { turnMarkIds } from './turn-mark.js';
import type { TurnReplies } from './turn-replies.js';

/** What a turn works with: the store, the readers of words, and the bot's caches and renderer. */
export interface TurnPipelineDeps {
  store: Store;
  logger: Logger;
  lexicon: Lexicon;
  detector: RedFlagDetector;
  /** The turn's clock. */
  now: () => Date;
  /** Where conversations are loaded from (step 1). */
  conversations: SnapshotCache;
  /** What a new conversation starts from. */
  conversationStart: ConversationStart;
  /** Renders the replies (step 5). */
  replies: TurnReplies;
}

/** One turn of a conversation, as the bot hands it over. */
export interface TurnRequest {
  context: TurnContext;
  /** The sender of a message, or the user an arrival brings in. */
  userId: string;
  /** The message; undefined for an arrival. */
  message: TurnMessage | undefined;
  /** The turn's logger, made when first asked for. */
  log: () => Logger;
  /** The user comes back to the conversation (see `resumingUser`). */
  resume: boolean;
}

/** Runs one turn (see {@link createTurnPipeline}). */
export type TurnPipeline = (request: TurnRequest) => Promise<void>;

/** A turn whose conversation another writer changed is decided again at most this many times in all. */
const MAX_ATTEMPTS = 3;

/** Thrown when a turn's conversation kept changing under it: the patient gets the fallback message. */
class TurnConflictError extends Error {
  constructor() {
    super(`the conversation changed under the turn ${MAX_ATTEMPTS} times`);
    this.name = 'TurnConflictError';
  }
}

/**
 * Creates the turn: load → understand → decide → commit → render → send (ARCHITECTURE.md). Nothing
 * is sent before the turn is committed. A repeat of an activity already committed (same channel,
 * conversation and id) changes nothing and gets no replies (CONTRACT §1); a turn whose user was
 * deleted meanwhile writes nothing and says so. A user who comes back (`resume`) to a conversation
 * that exists gets its pending question again, and nothing is decided or written: the re-asked
 * question is still the one pending, so an answer to it counts once, for it. Coming back to a
 * conversation that doesn't exist is arriving. A conflict with another writer decides the turn again.
 */
export function createTurnPipeline(deps: TurnPipelineDeps): TurnPipeline {
  const { store, lexicon, now, conversations, replies } = deps;
  return async ({ context, userId, message, log, resume }) => {
    const activity = context.activity;
    const convKey = `${activity.channelId}:${activity.conversation.id}`;
    const userKey = `${activity.channelId}:${userId}`;
    const markId = turnMarkIds(activity);
    // Needed only when a reminder is set.
    const reference = () => TurnContext.getConversationReference(activity);
    const locale = turnLocale(activity);
    const debug = (obj: object, msg: string) => deps.logger.isLevelEnabled('debug') && log().debug(obj, msg);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { snapshot: restored, eTag, stored } = await conversations.load(convKey);
      if (resume && restored) {
        const pending = replies.pending(restored, activity.channelId, locale);
        if (pending.length) await context.sendActivities(pending);
        debug({ replies: pending.length }, 'pending question put again');
        return;
      }
      // The profile is read when a conversation starts (the machine keeps what it needs of it);
      // later turns change it with a patch, without reading it.
      const profile = restored ? undefined : await store.getUser(userKey);
      // A new conversation's commit is tied to the user as loaded: deleted since, it writes nothing.
      // An existing conversation is deleted with its user, which the eTag check sees.
      const generation = restored ? undefined : await store.getUserGeneration(userKey);
      const lng = languageOf(restored?.context.language ?? profile?.language ?? locale ?? profile?.locale);
      const noticed = noticedEvent(message?.text ? deps.detector.detect(message.text, lng) : undefined);
      const input = restored ? {} : await deps.conversationStart(activity, userKey, profile);
      const today = now().toISOString().slice(0, 10);
      const dated = restored && restored.context.today !== today ? step(restored, { type: 'DAY', today }) : undefined;
      // What the dialog needs of the user's history is loaded before it decides (ARCHITECTURE.md, step 1).
      const wanted =
        message && needsHistory((dated?.snapshot ?? restored)?.context.place, readCommand(message, lng, lexicon));
      const history = wanted ? historyFromRecords(await store.listRecords(userKey), now()) : undefined;
      const decided = decideTurn(
        { message, lng, stored: dated?.snapshot ?? restored, hadStored: stored, input, noticed, today, history },
        lexicon,
      );
      if (!decided) return;
      const { snapshot, intents } = decided;
      const at = now();
      const writes = turnWrites(intents, {
        channelId: activity.channelId,
        reference,
        now: at,
        locale,
        newUser: !restored && !profile,
      });
      const result = await commitDecision(store, { convKey, userKey, eTag, generation, snapshot, writes, markId, at });
      const to = { snapshot, channelId: activity.channelId };
      if (!result.ok) {
        debug({ attempt, reason: result.reason }, 'turn not committed');
        if (result.reason === 'conflict') continue;
        // The user was deleted (forget_me in another conversation) while this turn was decided.
        if (result.reason === 'deleted')
          await context.sendActivities(replies.shown([{ type: 'say', id: 'forgotten' }], { ...to, lng }));
        return;
      }
      if ('eTag' in result) conversations.remember(convKey, result.eTag, snapshot);
      const chosen = writes.profile?.language;
      const sent = replies.shown(writes.render, { ...to, lng: chosen ? languageOf(chosen) : lng, noticed });
      await context.sendActivities(sent);
      debug({ replies: sent.length, attempt }, 'turn done');
      return;
    }
    throw new TurnConflictError();
  };
}
