import type { Activity } from 'botbuilder';
import { TurnContext } from './botbuilder.js';
import type { i18n as I18n } from 'i18next';
import type { Intent } from '../../dialogs/intents.js';
import type { ConversationInput } from '../../dialogs/conversation.setup.js';
import { turnWrites, type TurnWrites } from './effects.js';
import type { CommitResult, ForgetResult, Store, UserProfile } from '../store/store.js';
import { activityRawValues, scopedLogger, type HashId, type Logger } from '../logger.js';
import { inferCountry, languageOf, type Language } from '../understand/language.js';
import type { Lexicon } from '../understand/lexicon.js';
import { isBuiltInSms } from '../channels/sms.webhook.js';
import type { Detection, RedFlagDetector } from '../understand/red-flag-detector.js';
import { offeredChoices, type ConversationEvent, type NoticedEvent } from '../../dialogs/conversation.setup.js';
import { historyFromRecords, needsHistory, withHistory, type History } from '../../dialogs/checkin/history.js';
import { DIRECTLINE_PATH } from '../channels/directline.router.js';
import { understand, readCommand, type IncomingMessage } from '../understand/understand.js';
import { createCachedRenderer } from '../render/cached-renderer.js';
import { persist, start, step, type ConversationSnapshot } from './snapshot.js';
import { createSnapshotCache } from './snapshot-cache.js';
import { KeyedQueue } from './turn-queue.js';
import { MACHINE_VERSION } from '../../dialogs/conversation.machine.js';
import { arrivingUser, resumingUser } from './arrival.js';
import { pendingQuestion } from '../../dialogs/outcome.actions.js';
import { TURN_MARK_MS, turnMarkIds } from './turn-mark.js';

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

/** A message as a turn reads it. */
interface TurnMessage extends IncomingMessage {
  /**
   * The question typed text was written for, when the client says so (web chat's
   * `channelData.forQuestion`, CONTRACT §3): text written for another question than the one pending
   * now (a message sent again after a lost connection) changes nothing, like an older card's button.
   */
  writtenFor?: string;
}

/** The question id typed text says it answers (`channelData.forQuestion`); undefined for a button (its value says). */
function writtenFor(activity: Activity): string | undefined {
  const question: unknown = (activity.channelData as { forQuestion?: unknown } | undefined)?.forQuestion;
  return activity.value === undefined && typeof question === 'string' && question.length <= 100 ? question : undefined;
}

/** A turn whose conversation another writer changed is decided again at most this many times in all. */
const MAX_ATTEMPTS = 3;

/** Thrown when a turn's conversation kept changing under it: the patient gets the fallback message. */
class TurnConflictError extends Error {
  constructor() {
    super(`the conversation changed under the turn ${MAX_ATTEMPTS} times`);
    this.name = 'TurnConflictError';
  }
}

interface Decided {
  snapshot: ConversationSnapshot;
  intents: Intent[];
}

/** What a turn commits, and what it was decided against (the eTag and user generation it loaded). */
interface Decision {
  convKey: string;
  userKey: string;
  eTag: string | undefined;
  generation: string | undefined;
  snapshot: ConversationSnapshot;
  writes: TurnWrites;
  /** The activity's de-duplication mark (turn-mark.ts), when it has an id. */
  markId: { id: string; legacy: string } | undefined;
  at: Date;
}

/** The red flags of a detection as one event for the machine, or undefined when there are none. */
function noticedEvent(d: Detection | undefined): NoticedEvent | undefined {
  const asked = d?.asked ?? [];
  if (
    !d ||
    !(
      d.emergency.length ||
      d.possible.length ||
      d.urgent.length ||
      d.routine.length ||
      d.crisis ||
      asked.length ||
      d.breathless
    )
  )
    return undefined;
  return {
    type: 'NOTICED',
    emergency: d.emergency,
    possible: d.possible,
    others: [...d.urgent, ...d.routine],
    crisis: d.crisis,
    ...(asked.length && { asked }),
    ...(d.carer && { carer: true }),
    ...(d.breathless && { breathless: true }),
  };
}

/** The locale of Teams' `clientInfo` entity, for activities that carry no `locale`. */
function clientInfoLocale(entities: Activity['entities']): string | undefined {
  const locale: unknown = entities?.find((e) => e.type === 'clientInfo')?.locale;
  return typeof locale === 'string' ? locale : undefined;
}

/** Every flag of a detection, to tell whether the message speaks only of the pending question's own flags. */
function noticedFlags(e: NoticedEvent | undefined): string[] {
  return e
    ? [...e.emergency, ...e.possible, ...e.others, ...(e.asked ?? []), ...(e.breathless ? ['breathless'] : [])]
    : [];
}

/** Ids for `channelData.noticed` (CONTRACT §4). */
function noticedIds(e: NoticedEvent | undefined): string[] {
  return e ? [...e.emergency, ...e.possible, ...e.others, ...(e.breathless ? ['breathless'] : [])] : [];
}

/**
 * Red flags in the patient's words go first (safety rule 2). When handling them already put a
 * question or an outcome, that is the turn; otherwise the message is also read as usual (an answer
 * or a command), and a message that was only about the flags gets the pending question again.
 */
function withNoticed(
  decided: Decided,
  noticed: NoticedEvent | undefined,
  rest: (s: ConversationSnapshot) => Decided,
): Decided {
  if (!noticed) {
    const next = rest(decided.snapshot);
    return { snapshot: next.snapshot, intents: [...decided.intents, ...next.intents] };
  }
  const first = step(decided.snapshot, noticed);
  const intents = [...decided.intents, ...first.intents];
  if (first.intents.some((i) => i.type === 'ask' || i.type === 'outcome')) return { snapshot: first.snapshot, intents };
  const next = rest(first.snapshot);
  return { snapshot: next.snapshot, intents: [...intents, ...next.intents] };
}

/** Creates the bot. Turns of one conversation run in order (per-conversation queue). */
export function createBot(deps: BotDeps): Bot {
  const { store, i18n, lexicon } = deps;
  const now = deps.now ?? (() => new Date());
  const queue = new KeyedQueue();
  const renderer = createCachedRenderer(i18n, { retentionDays: deps.retentionDays });
  const conversations = createSnapshotCache(store);

  /** What a new conversation starts from: a check-in for a user screened before. */
  async function startInput(
    activity: Activity,
    userKey: string,
    profile: UserProfile | undefined,
  ): Promise<ConversationInput> {
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
  }

  /**
   * What the turn decides. `message` is undefined when a user arrives: that only starts a
   * conversation, and only one that does not exist yet (undefined: nothing to do).
   */
  function decideTurn(
    message: TurnMessage | undefined,
    lng: Language,
    stored: ConversationSnapshot | undefined,
    hadStored: boolean,
    input: ConversationInput,
    noticed: NoticedEvent | undefined,
    today: string,
    history: History | undefined,
  ): Decided | undefined {
    if (hadStored && !message) return undefined;
    if (stored && message) {
      return withNoticed({ snapshot: stored, intents: [] }, noticed, (s) => {
        const stale =
          message.writtenFor !== undefined &&
          message.writtenFor !== s.context.asking &&
          !readCommand(message, lng, lexicon);
        const event: ConversationEvent = stale
          ? { type: 'STALE' }
          : understand(message, s.context.asking, lng, lexicon, {
              offered: offeredChoices(s.context),
              flags: noticedFlags(noticed),
            });
        return step(s, noticed && event.type === 'UNREADABLE' ? { type: 'REASK' } : withHistory(event, history));
      });
    }
    const begun = start(input);
    const dated = step(begun.snapshot, { type: 'DAY', today });
    const first = { snapshot: dated.snapshot, intents: [...begun.intents, ...dated.intents] };
    const intents: Intent[] = hadStored ? [{ type: 'say', id: 'version_restart' }, ...first.intents] : first.intents;
    // The first message only starts the conversation, unless it is a command ("help", "stop").
    return withNoticed({ snapshot: first.snapshot, intents }, noticed, (s) => {
      const command = message && readCommand(message, lng, lexicon);
      return command ? step(s, withHistory({ type: 'COMMAND', command }, history)) : { snapshot: s, intents: [] };
    });
  }

  /** The pending question of a conversation, as it was put, for a user who comes back to it. */
  function pendingReplies(snapshot: ConversationSnapshot, channelId: string, locale: string | undefined) {
    const ask = pendingQuestion(snapshot.context);
    const { context } = snapshot;
    return ask
      ? renderer([ask], {
          lng: languageOf(context.language ?? locale),
          country: context.country,
          channelId,
          carer: context.carer,
        })
      : [];
  }

  /**
   * Commits what a turn decided in one transaction (ARCHITECTURE.md step 4): the snapshot, its
   * records, profile patch and reminders, and the activity's mark; or, when the user confirmed
   * `forget_me`, the deletion of everything of theirs with the mark.
   */
  function commit(turn: Decision): Promise<CommitResult | ForgetResult> {
    const { convKey, userKey, eTag, generation, writes, markId, at } = turn;
    const checks = {
      conversationKey: convKey,
      expectedETag: eTag,
      userGeneration: generation,
      at,
      ...(markId && {
        dedup: { id: markId.id, alsoKnownAs: markId.legacy, expiresAt: new Date(at.getTime() + TURN_MARK_MS) },
      }),
    };
    if (writes.forget) return store.commitForget({ ...checks, userKey });
    const doc = {
      userKey,
      machineVersion: MACHINE_VERSION,
      snapshot: persist(turn.snapshot),
      updatedAt: at.toISOString(),
    };
    return store.commitTurn({
      ...checks,
      doc,
      records: writes.records,
      ...(writes.profile && { profile: writes.profile }),
      reminders: writes.reminders,
    });
  }

  /**
   * One turn. `userId` is the sender of a message, or the user an arrival brings in; `message` is
   * undefined for an arrival. Nothing is sent before the turn is committed. A repeat of an activity
   * already committed (same channel, conversation and id) changes nothing and gets no replies
   * (CONTRACT §1); a turn whose user was deleted meanwhile writes nothing and says so. A user who
   * comes back (`resume`) to a conversation that exists gets its pending question again, and
   * nothing is decided or written: the re-asked question is still the one pending, so an answer
   * to it counts once, for it. Coming back to a conversation that doesn't exist is arriving.
   */
  async function turn(
    context: TurnContext,
    userId: string,
    message: TurnMessage | undefined,
    log: () => Logger,
    resume: boolean,
  ): Promise<void> {
    const activity = context.activity;
    const convKey = `${activity.channelId}:${activity.conversation.id}`;
    const userKey = `${activity.channelId}:${userId}`;
    const markId = turnMarkIds(activity);
    // Needed only when a reminder is set.
    const reference = () => TurnContext.getConversationReference(activity);
    // Teams may leave activity.locale out and put the client's locale in its clientInfo entity.
    const locale = activity.locale ?? clientInfoLocale(activity.entities);
    const debug = (obj: object, msg: string) => deps.logger.isLevelEnabled('debug') && log().debug(obj, msg);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { snapshot: restored, eTag, stored } = await conversations.load(convKey);
      if (resume && restored) {
        const replies = pendingReplies(restored, activity.channelId, locale);
        if (replies.length) await context.sendActivities(replies);
        debug({ replies: replies.length }, 'pending question put again');
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
      const input = restored ? {} : await startInput(activity, userKey, profile);
      const today = now().toISOString().slice(0, 10);
      const dated = restored && restored.context.today !== today ? step(restored, { type: 'DAY', today }) : undefined;
      // What the dialog needs of the user's history is loaded before it decides (ARCHITECTURE.md, step 1).
      const wanted =
        message && needsHistory((dated?.snapshot ?? restored)?.context.place, readCommand(message, lng, lexicon));
      const history = wanted ? historyFromRecords(await store.listRecords(userKey), now()) : undefined;
      const decided = decideTurn(message, lng, dated?.snapshot ?? restored, stored, input, noticed, today, history);
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
      const result = await commit({ convKey, userKey, eTag, generation, snapshot, writes, markId, at });
      const render = (shown: TurnWrites['render'], language: Language) =>
        renderer(shown, {
          lng: language,
          country: snapshot.context.country,
          channelId: activity.channelId,
          carer: snapshot.context.carer,
        });
      if (!result.ok) {
        debug({ attempt, reason: result.reason }, 'turn not committed');
        if (result.reason === 'conflict') continue;
        // The user was deleted (forget_me in another conversation) while this turn was decided.
        if (result.reason === 'deleted') await context.sendActivities(render([{ type: 'say', id: 'forgotten' }], lng));
        return;
      }
      if ('eTag' in result) conversations.remember(convKey, result.eTag, snapshot);
      const ids = noticedIds(noticed);
      const chosen = writes.profile?.language;
      const rendered = render(writes.render, chosen ? languageOf(chosen) : lng);
      const replies = ids.length
        ? rendered.map((r) => ({ ...r, channelData: { ...(r.channelData as object), noticed: ids } }))
        : rendered;
      await context.sendActivities(replies);
      debug({ replies: replies.length, attempt }, 'turn done');
      return;
    }
    throw new TurnConflictError();
  }

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
          await turn(
            context,
            arriving ?? activity.from.id,
            arriving
              ? undefined
              : { text: activity.text, value: activity.value as unknown, writtenFor: writtenFor(activity) },
            log,
            resuming !== undefined,
          );
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
