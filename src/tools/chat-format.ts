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
  attachments?: { contentType?: string; content?: unknown; contentUrl?: string; name?: string }[];
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
  /** Show the machine-readable extras: question ids, triage data, noticed flags. */
  debug: boolean;
}

/** Languages the client's own words come in (the bot's words come from the bot). */
export type ClientLanguage = 'en' | 'es';

/** The client's own words, by language. */
const WORDS = {
  en: {
    number: 'a number',
    range: 'a number from {min} to {max}',
    several: 'several: 1,3 · none: 0',
    saved: 'Picture saved: {path}',
    connected:
      'Connected to {url} as {user} on {channel} ({locale}). Say hi to start; type a number to pick an option; /quit to leave.',
    notRunning: "The bot isn't running at {url}. Start it with npm start (or set BOT_URL).",
    timeout: 'The bot at {url} did not answer within 15 s.',
    failed: 'Request failed: {reason}',
  },
  es: {
    number: 'un número',
    range: 'un número del {min} al {max}',
    several: 'varias: 1,3 · ninguna: 0',
    saved: 'Imagen guardada: {path}',
    connected:
      'Conectado a {url} como {user} en {channel} ({locale}). Saluda para empezar; escribe un número para elegir una opción; /quit para salir.',
    notRunning: 'El bot no está en marcha en {url}. Arráncalo con npm start (o define BOT_URL).',
    timeout: 'El bot en {url} no ha respondido en 15 s.',
    failed: 'La petición ha fallado: {reason}',
  },
} as const;

/** A key of the client's own words. */
export type ClientWord = keyof (typeof WORDS)['en'];

/** The client's language for a locale ("es-MX" → es); English otherwise. */
export function clientLanguage(locale: string): ClientLanguage {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** One of the client's own sentences in a language, with `{name}` filled. */
export function say(lang: ClientLanguage, key: ClientWord, values: Record<string, string | number> = {}): string {
  return WORDS[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** Content type of Adaptive Card attachments (what the bot sends to Teams). */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Usage line printed for `--help` and bad options. */
export const USAGE =
  'usage: npm run chat -- [--channel webchat|msteams|sms] [--locale es-ES] [--user <id>] [--debug]   (BOT_URL sets the bot address)';

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
    debug: false,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--debug') {
      options.debug = true;
      continue;
    }
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '--channel') {
      if (!(CHANNELS as readonly string[]).includes(value))
        throw new Error(`unknown channel "${value}" (one of ${CHANNELS.join(', ')})`);
      options.channel = value as Channel;
    } else if (flag === '--locale') options.locale = value;
    else if (flag === '--user') options.user = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

/**
 * Every TextBlock text of an Adaptive Card, in document order, without the card's controls: a
 * choice's tappable box and an input's label are shown as the numbered options instead.
 */
export function cardText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardText);
  if (!node || typeof node !== 'object') return [];
  const element = node as Record<string, unknown>;
  if (element.selectAction || (typeof element.type === 'string' && element.type.startsWith('Input.'))) return [];
  const own = element.type === 'TextBlock' && typeof element.text === 'string' ? [element.text] : [];
  return [
    ...own,
    ...Object.entries(element)
      .filter(([key]) => key !== 'text' && key !== 'actions')
      .flatMap(([, child]) => cardText(child)),
  ];
}

/** The hint line under a question, in the client's language: numbered choices, or what kind of number is expected. */
export function formatQuestion(q: Question, lang: ClientLanguage = 'en'): string {
  if (q.kind === 'number') {
    return `(${q.min !== undefined && q.max !== undefined ? say(lang, 'range', { min: q.min, max: q.max }) : say(lang, 'number')})`;
  }
  const numbered = (q.choices ?? []).map((c, i) => `${i + 1}) ${c.title}`).join('  ');
  return q.kind === 'multi' ? `${numbered}   (${say(lang, 'several')})` : numbered;
}

/** How `replyLines` shows a reply. */
export interface ReplyOptions {
  lang?: ClientLanguage;
  /** Show question ids, triage data and noticed flags (`--debug`). */
  debug?: boolean;
}

/**
 * The lines to print for one bot activity: its text (one line per line of it), card texts, the
 * question's options, and with `debug` the machine-readable extras.
 */
export function replyLines(activity: BotActivity, opts: ReplyOptions = {}): string[] {
  if (activity.type && activity.type !== 'message') return [];
  const lines = activity.text ? activity.text.split('\n') : [];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType === ADAPTIVE_CARD)
      lines.push(...cardText(attachment.content).flatMap((t) => t.split('\n')));
  }
  const { question, triage, noticed } = activity.channelData ?? {};
  if (question) lines.push(`  ${formatQuestion(question, opts.lang)}${opts.debug ? `   [${question.id}]` : ''}`);
  if (opts.debug && triage)
    lines.push(`  [triage: ${triage.disposition}; flags: ${triage.flags?.join(', ') || 'none'}]`);
  if (opts.debug && noticed?.length) lines.push(`  [noticed: ${noticed.join(', ')}]`);
  return lines;
}

/**
 * Word-wraps printed lines to the terminal's width: the first line of each after `prefix`, the
 * rest indented as far, so a reply reads as one block. Blank lines stay; a word longer than the
 * width is cut.
 */
export function wrapLines(lines: readonly string[], width: number, prefix = ''): string[] {
  const indent = ' '.repeat(prefix.length);
  const room = Math.max(20, width - prefix.length);
  const out: string[] = [];
  for (const line of lines) {
    const lead = /^\s*/.exec(line)![0];
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (!words.length) {
      out.push('');
      continue;
    }
    let current = lead;
    const flush = () => {
      out.push(`${out.length === 0 ? prefix : indent}${current.trimEnd()}`);
      current = lead;
    };
    for (let word of words) {
      while (word.length > room - lead.length) {
        if (current.trim()) flush();
        current = lead + word.slice(0, room - lead.length);
        word = word.slice(room - lead.length);
        flush();
      }
      if (!word) continue;
      if (current.trim() && current.length + 1 + word.length > room) flush();
      current = current.trim() ? `${current} ${word}` : `${lead}${word}`;
    }
    if (current.trim()) flush();
  }
  return out;
}

/** An image a reply carries (the progress chart, an exercise drawing), decoded from its data URL. */
export interface ReplyImage {
  name: string;
  png: Buffer;
}

/** The PNG images of a reply (attachments with a `data:image/png;base64,` URL). */
export function replyImages(activity: BotActivity): ReplyImage[] {
  const images: ReplyImage[] = [];
  for (const a of activity.attachments ?? []) {
    const url = a.contentUrl;
    if (a.contentType !== 'image/png' || typeof url !== 'string' || !url.startsWith('data:image/png;base64,')) continue;
    images.push({ name: a.name ?? 'image', png: Buffer.from(url.slice('data:image/png;base64,'.length), 'base64') });
  }
  return images;
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
