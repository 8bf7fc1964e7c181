import type { Activity } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { NoticedEvent } from '../../dialogs/conversation.setup.js';
import { pendingQuestion } from '../../dialogs/outcome.actions.js';
import { createCachedRenderer } from '../render/cached-renderer.js';
import type { RenderIntent } from '../render/message.js';
import { languageOf, type Language } from '../understand/language.js';
import { noticedIds } from './noticed.js';
import type { ConversationSnapshot } from './snapshot.js';

/** What a turn shows, and to whom. */
export interface Shown {
  /** The language of the replies. */
  lng: Language;
  /** The conversation as decided: its country and whether a carer speaks. */
  snapshot: ConversationSnapshot;
  channelId: string;
  /** The red flags the message spoke of, which every reply names in `channelData.noticed` (CONTRACT §4). */
  noticed?: NoticedEvent;
}

/** Renders the replies of a turn (ARCHITECTURE.md step 5) for its channel and language. */
export interface TurnReplies {
  /** The pending question of a conversation, as it was put, for a user who comes back to it. */
  pending(snapshot: ConversationSnapshot, channelId: string, locale: string | undefined): Partial<Activity>[];
  /** The replies showing `intents`. */
  shown(intents: readonly RenderIntent[], to: Shown): Partial<Activity>[];
}

/** Creates the renderer of a bot's replies; words are cached across turns (see cached-renderer.ts). */
export function createTurnReplies(i18n: I18n, opts: { retentionDays?: number }): TurnReplies {
  const renderer = createCachedRenderer(i18n, { retentionDays: opts.retentionDays });
  return {
    pending(snapshot, channelId, locale) {
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
    },
    shown(intents, { lng, snapshot, channelId, noticed }) {
      const rendered = renderer(intents, {
        lng,
        country: snapshot.context.country,
        channelId,
        carer: snapshot.context.carer,
      });
      const ids = noticedIds(noticed);
      return ids.length
        ? rendered.map((r) => ({ ...r, channelData: { ...(r.channelData as object), noticed: ids } }))
        : rendered;
    },
  };
}
