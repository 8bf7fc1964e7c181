import type { Activity } from './activity.js';
import type { i18n as I18n } from 'i18next';
import type { Language } from '../understand/language.js';
import { channelKind, type RenderIntent } from './message.js';
import { renderIntents } from './render.js';
import { smsWords } from './sms-words.js';

/** Renders a turn's intents for a channel and language. */
export type Renderer = (
  intents: readonly RenderIntent[],
  ctx: { lng: Language; country: string | null; channelId: string | undefined; carer?: boolean },
) => Partial<Activity>[];

/** Intents that show something; the others are effects for the bot (record, profile, forget…). */
const RENDERED = new Set(['say', 'ask', 'outcome', 'centralization', 'progressView']);

/** Distinct renderings kept; questions × languages × channels × countries stay well below it. */
const MAX_ENTRIES = 5000;

/**
 * A renderer that remembers what each intent looks like per language, country and channel:
 * the words of a question never change while the bot runs, and rendering them anew each turn
 * was most of a turn's cost and garbage. Callers get shallow copies (botbuilder copies again).
 */
export function createCachedRenderer(i18n: I18n, opts: { retentionDays?: number } = {}): Renderer {
  const retention = opts.retentionDays === undefined ? {} : { retentionDays: opts.retentionDays };
  const cache = new Map<string, Partial<Activity>[]>();
  // SMS has words of its own ("reply 1" where a button is tapped elsewhere).
  const fixedT = new Map<`${Language}|${boolean}`, ReturnType<I18n['getFixedT']>>();
  return (intents, ctx) => {
    const sms = channelKind(ctx.channelId) === 'sms';
    let t = fixedT.get(`${ctx.lng}|${sms}`);
    if (!t) fixedT.set(`${ctx.lng}|${sms}`, (t = (sms ? smsWords(i18n) : i18n).getFixedT(ctx.lng)));
    return intents.flatMap((intent) => {
      if (!RENDERED.has(intent.type)) return [];
      // History views differ every time: not cached.
      const carer = ctx.carer ? { carer: true } : {};
      if (intent.type === 'centralization' || intent.type === 'progressView')
        return renderIntents([intent], { t, country: ctx.country, channelId: ctx.channelId, ...retention, ...carer });
      const key = `${ctx.lng}|${ctx.country ?? ''}|${ctx.channelId ?? ''}|${ctx.carer ? 'carer' : ''}|${JSON.stringify(intent)}`;
      let rendered = cache.get(key);
      if (!rendered) {
        rendered = renderIntents([intent], {
          t,
          country: ctx.country,
          channelId: ctx.channelId,
          ...retention,
          ...carer,
        });
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(key, rendered);
      }
      return rendered.map((a) => ({ ...a }));
    });
  };
}
