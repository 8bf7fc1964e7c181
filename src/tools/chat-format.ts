/** One option of a question (CONTRACT §3). */
export interface Choice {
  value: string;
  title: string;
}

/** A question as the bot describes it in `channelData.question` (CONTRACT §3). */
export interface Question {
  id: string;
  kind: 'choice' | 'multi' | 'number';
  choices?: Choice[];
  min?: number;
  max?: number;
}

/** The parts of a bot reply the terminal client shows. */
export interface BotActivity {
  type?: string;
  text?: string;
  attachments?: { contentType?: string; content?: unknown }[];
  channelData?: {
    question?: Question;
    triage?: { disposition: string; flags?: string[] };
    noticed?: string[];
  };
}

/** What the client sends for one line the user typed. */
export type Outgoing = { text: string } | { value: { answer: unknown } };

/** Channels the client can pretend to be. */
export const CHANNELS = ['webchat', 'msteams', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Options of `npm run chat`. */
export interface ChatOptions {
  url: string;
  channel: Channel;
  locale: string;
  user: string;
}

/** Content type of Adaptive Card attachments (what the bot sends to Teams). */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Usage line printed for `--help` and bad options. */
export const USAGE = 'usage: npm run chat -- [--channel webchat|msteams|sms] [--locale es-ES] [--user <id>]   (BOT_URL sets the bot address)';

/** Turns `LANG` (`es_ES.UTF-8`) into a BCP-47 tag (`es-ES`); undefined for `C`/`POSIX`/unset. */
export function localeFromLang(lang: string | undefined): string | undefined {
  const tag = lang?.split('.')[0]?.split('@')[0]?.replace('_', '-');
  return tag && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(tag) ? tag : undefined;
}

/** Reads the command line and environment; throws an Error whose message says what is wrong. */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): ChatOptions {
  const options: ChatOptions = {
    url: (env.BOT_URL || 'http://127.0.0.1:3978').replace(/\/+$/, ''),
    channel: 'webchat',
    locale: localeFromLang(env.LANG) ?? 'en-US',
    user: 'cli-user',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '--channel') {
      if (!(CHANNELS as readonly string[]).includes(value)) throw new Error(`unknown channel "${value}" (one of ${CHANNELS.join(', ')})`);
      options.channel = value as Channel;
    } else if (flag === '--locale') options.locale = value;
    else if (flag === '--user') options.user = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

/** Every TextBlock text of an Adaptive Card, in document order. */
export function cardText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardText);
  if (!node || typeof node !== 'object') return [];
  const element = node as Record<string, unknown>;
  const own = element.type === 'TextBlock' && typeof element.text === 'string' ? [element.text] : [];
  return [...own, ...Object.entries(element).filter(([key]) => key !== 'text').flatMap(([, child]) => cardText(child))];
}

/** The hint line under a question: numbered choices, or what kind of number is expected. */
export function formatQuestion(q: Question): string {
  if (q.kind === 'number') {
    const range = q.min !== undefined && q.max !== undefined ? ` ${q.min}-${q.max}` : '';
    return `(a number${range})`;
  }
  const numbered = (q.choices ?? []).map((c, i) => `${i + 1}) ${c.title}`).join('  ');
  return q.kind === 'multi' ? `${numbered}   (several: 1,3 · none: 0)` : numbered;
}

/** The lines to print for one bot activity: its text, card texts, the question's options and machine-readable extras. */
export function replyLines(activity: BotActivity): string[] {
  if (activity.type && activity.type !== 'message') return [];
  const lines = activity.text ? [activity.text] : [];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType === ADAPTIVE_CARD) lines.push(...cardText(attachment.content));
  }
  const { question, triage, noticed } = activity.channelData ?? {};
  if (question) lines.push(`  ${formatQuestion(question)}   [${question.id}]`);
  if (triage) lines.push(`  [triage: ${triage.disposition}; flags: ${triage.flags?.join(', ') || 'none'}]`);
  if (noticed?.length) lines.push(`  [noticed: ${noticed.join(', ')}]`);
  return lines;
}

/**
 * Maps what the user typed to what a real client would send: a number picks a choice and is
 * sent as `value: {answer}`, like a card button; anything else goes as text. SMS has no buttons,
 * so on that channel everything goes as text, to exercise the bot's own number reading.
 */
export function mapInput(input: string, question: Question | undefined, channel: Channel): Outgoing | undefined {
  const text = input.trim();
  if (!text) return undefined;
  if (!question || channel === 'sms') return { text };
  const choices = question.choices ?? [];
  const pick = (n: number): string | undefined => (Number.isInteger(n) && n >= 1 ? choices[n - 1]?.value : undefined);
  if (question.kind === 'choice' && /^\d+$/.test(text)) {
    const value = pick(Number(text));
    if (value !== undefined) return { value: { answer: value } };
  }
  if (question.kind === 'multi') {
    if (text === '0' || text.toLowerCase() === 'none') return { value: { answer: [] } };
    if (/^\d+(\s*[, ]\s*\d+)*$/.test(text)) {
      const values = text.split(/[\s,]+/).map((n) => pick(Number(n)));
      if (values.every((v) => v !== undefined)) return { value: { answer: [...new Set(values)] } };
    }
  }
  if (question.kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return { value: { answer: Number(text) } };
  return { text };
}
