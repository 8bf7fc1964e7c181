/**
 * In-process cost of one turn, without HTTP: the real bot (memory store) driven through a
 * TurnContext whose adapter drops the replies. Also the pure parts alone: decide (one XState
 * transition) and render.
 */
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { createBot } from '../src/bot/bot.js';
import { createI18n, loadLocaleResources } from '../src/i18n.js';
import { LOCALES_DIR } from '../src/app.js';
import { createLexicon } from '../src/understand/lexicon.js';
import { createRedFlagDetector } from '../src/understand/red-flag-detector.js';
import { createMemoryStore } from '../src/store/memory.store.js';
import { createHashId, createLogger } from '../src/logger.js';
import { start, step } from '../src/bot/snapshot.js';
import { createCachedRenderer } from '../src/render/cached-renderer.js';
import { renderIntents } from '../src/render/render.js';

class DropAdapter extends BotAdapter {
  last: Partial<Activity>[] = [];
  async sendActivities(_c: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.last = activities;
    return activities.map((_, i) => ({ id: String(i) }));
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(
    _r: Partial<ConversationReference>,
    _l: (c: TurnContext) => Promise<void>,
  ): Promise<void> {}
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

/** Per-turn costs in ms (medians) over full triage conversations answered by value. */
export async function measureTurnCost(conversations = 200): Promise<Record<string, number>> {
  const resources = loadLocaleResources(LOCALES_DIR);
  const i18n = createI18n(resources);
  const bot = createBot({
    store: createMemoryStore(),
    i18n,
    logger: createLogger('silent'),
    hashId: createHashId({ key: 'k'.repeat(32), logger: createLogger('silent') }),
    lexicon: createLexicon(i18n),
    detector: createRedFlagDetector({ en: resources.en?.redflags, es: resources.es?.redflags }),
  });
  const adapter = new DropAdapter();
  const answerFor = (q: { id: string; kind: string } | undefined): unknown =>
    !q
      ? undefined
      : q.id === 'consent'
        ? 'agree'
        : q.id === 'age'
          ? 40
          : q.id === 'country'
            ? 'GB'
            : q.kind === 'multi'
              ? []
              : q.id.startsWith('pain.left')
                ? 'thigh'
                : q.id === 'pain.right'
                  ? 'none'
                  : q.kind === 'number'
                    ? 2
                    : 'no';
  const turns: number[] = [];
  for (let c = 0; c < conversations; c++) {
    let question: { id: string; kind: string } | undefined;
    for (let n = 0; n < 40; n++) {
      const value = n === 0 ? undefined : { answer: answerFor(question) };
      const activity = {
        type: 'message',
        id: `m${n}`,
        channelId: 'webchat',
        serviceUrl: 'http://127.0.0.1:1',
        locale: 'en-GB',
        from: { id: `u${c}` },
        recipient: { id: 'bot' },
        conversation: { id: `c${c}` },
        ...(n === 0 ? { text: 'hello' } : { value }),
      } as Activity;
      const t0 = performance.now();
      await bot.run(new TurnContext(adapter, activity));
      turns.push(performance.now() - t0);
      const data = adapter.last.map(
        (a) => a.channelData as { question?: { id: string; kind: string }; triage?: unknown } | undefined,
      );
      if (data.some((d) => d?.triage)) break;
      question = data.reverse().find((d) => d?.question)?.question;
    }
  }
  // The pure parts, on one typical question turn.
  let s = start({ country: 'GB' }).snapshot;
  s = step(s, { type: 'ANSWER', questionId: 'consent', value: 'agree' }).snapshot;
  s = step(s, { type: 'ANSWER', questionId: 'age', value: 40 }).snapshot;
  const decideMs: number[] = [];
  let out = step(s, { type: 'ANSWER', questionId: 'redflag.saddle_anaesthesia', value: 'no' });
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    out = step(s, { type: 'ANSWER', questionId: 'redflag.saddle_anaesthesia', value: 'no' });
    decideMs.push(performance.now() - t0);
  }
  const t = i18n.getFixedT('en');
  const renderMs: number[] = [];
  const cachedMs: number[] = [];
  const cached = createCachedRenderer(i18n);
  for (let i = 0; i < 2000; i++) {
    let t0 = performance.now();
    renderIntents(out.intents, { t, country: 'GB', channelId: 'webchat' });
    renderMs.push(performance.now() - t0);
    t0 = performance.now();
    cached(out.intents, { lng: 'en', country: 'GB', channelId: 'webchat' });
    cachedMs.push(performance.now() - t0);
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    turns: turns.length,
    turnMedianMs: r(median(turns)),
    decideMedianMs: r(median(decideMs)),
    renderMedianMs: r(median(renderMs)),
    cachedRenderMedianMs: r(median(cachedMs)),
  };
}
