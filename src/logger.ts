import { createHmac, randomBytes } from 'node:crypto';
import { isatty } from 'node:tty';
import { pino, symbols, type Logger } from 'pino';
import type { ServerOptions } from 'restify';

export type { Logger };

/**
 * Turns a raw id (user, conversation, phone number, client address) into the form log lines
 * carry. Ids never appear raw in a log line; call sites hash them with this.
 */
export type HashId = (id: string) => string;

/** Hex digits of the HMAC a log line keeps: 64 bits tell a day's ids apart and reveal nothing. */
const HASH_HEX_DIGITS = 16;

/**
 * Creates the id hasher of log lines: HMAC-SHA256 keyed with `LOG_HASH_KEY`. A plain hash of a
 * phone number or of a predictable id can be reversed by trying candidates; a keyed one cannot
 * without the key. Without a key, a random key of this process is used: ids still match within a
 * run, not across restarts (a warning says so, without the key).
 */
export function createHashId(deps: { key: string | undefined; logger: Logger }): HashId {
  const key = deps.key ?? randomBytes(32);
  if (!deps.key) {
    deps.logger.warn(
      'LOG_HASH_KEY not set: ids in logs are hashed with a random key of this process, so they cannot be matched across restarts',
    );
  }
  return (id) => createHmac('sha256', key).update(id, 'utf8').digest('hex').slice(0, HASH_HEX_DIGITS);
}

/**
 * Fields that may hold a message, an answer or a raw id. No log call of ours uses them; they are
 * censored in case a library (restify) or a future call hands one over.
 */
const SENSITIVE_KEYS = [
  ...['text', 'body', 'value', 'activity', 'activities', 'from', 'recipient', 'conversation', 'replyToId'],
  ...['headers', 'params', 'query', 'url', 'From', 'To', 'Body'],
];
const REDACT_PATHS = [...SENSITIVE_KEYS, ...SENSITIVE_KEYS.map((k) => `*.${k}`)];

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]*/gi;
/** Runs of 7+ digits (phone numbers), possibly spaced or dashed. */
const DIGIT_RUN = /\+?\d[\d ()-]{5,}\d/g;
/** Tokens mixing letters and digits: ids, tokens, keys (masked from 12 characters on). */
const ID_LIKE = /\S*(?:[A-Za-z]\S*\d|\d\S*[A-Za-z])\S*/g;
const MAX_MESSAGE_CHARS = 200;

function originOnly(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '<url>';
  }
}

/**
 * An error message without what may be someone's data: the raw values the caller knows are
 * masked (see {@link scopedLogger}), URLs keep only their origin (a failed send names the
 * conversation and activity in its path), everything from the first quote or bracket on is
 * dropped (JSON.parse and zod quote the input), digit runs and id-like tokens are masked.
 */
function scrubMessage(message: string, known: readonly string[]): string {
  // Known values go first, on the whole message; the cut bounds the regular expressions' work.
  const masked = known.reduce((acc, k) => acc.split(k).join('…'), message);
  let m = masked.slice(0, 4 * MAX_MESSAGE_CHARS).replace(URL_PATTERN, originOnly);
  const cut = m.search(/["'`{[]/);
  if (cut >= 0) m = `${m.slice(0, cut)}…`;
  m = m.replace(DIGIT_RUN, '#').replace(ID_LIKE, (t) => (t.length >= 12 && !t.endsWith('/…') ? '…' : t));
  return m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}…` : m;
}

/** A short identifier-like value (an error name or code) that quotes none of `known`; else dropped. */
function token(v: unknown, known: readonly string[]): string | number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(v) && !known.some((k) => v.includes(k)) ? v : undefined;
}

/** What an error may say in a log line: name, code, status and a scrubbed message; never the stack. */
function errorFields(err: unknown, known: readonly string[] = []): Record<string, unknown> {
  if (err === null || typeof err !== 'object') return { message: scrubMessage(String(err), known) };
  const e = err as Record<string, unknown>;
  const fields: Record<string, unknown> = {
    name: token(e.name, known),
    code: token(e.code, known),
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
  };
  // An HTTP client's error (RestError) repeats what the remote service answered: not ours to log.
  const remote = 'request' in e || 'response' in e;
  if (typeof e.message === 'string' && !remote) fields.message = scrubMessage(e.message, known);
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** A request as method and route pattern: the URL holds conversation ids, headers and body worse. */
function requestFields(req: unknown): Record<string, unknown> {
  if (req === null || typeof req !== 'object') return {};
  const r = req as { method?: unknown; getRoute?: () => { path?: unknown } | undefined };
  const route = typeof r.getRoute === 'function' ? r.getRoute()?.path : undefined;
  return { ...(typeof r.method === 'string' && { method: r.method }), ...(typeof route === 'string' && { route }) };
}

/** A URL path with every segment that is not a short lowercase word (an id) replaced. */
function scrubPath(path: unknown): string {
  return String(path)
    .split(/[?#]/)[0]!
    .split('/')
    .map((s) => (s === '' || /^[a-z][a-z0-9-]{0,15}$/.test(s) ? s : ':id'))
    .join('/');
}

/**
 * Serializers for the keys through which data could reach a line: errors (`err`), requests and
 * responses (restify logs `req`, `res`), a request `path`.
 */
const SERIALIZERS = {
  err: (err: unknown) => errorFields(err),
  error: (err: unknown) => errorFields(err),
  req: requestFields,
  res: (res: unknown) => ({ statusCode: (res as { statusCode?: unknown } | null)?.statusCode }),
  path: scrubPath,
};

/**
 * Creates the JSON logger. Call sites never log message text, answers or raw ids (ids go through
 * a {@link HashId}); as defence in depth, errors are scrubbed and fields that could carry any of
 * them are censored.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, serializers: SERIALIZERS, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The logger to give restify (`createServer({ log })`): ours, so its lines are scrubbed like ours.
 * At most at debug level: restify's trace lines dump whole responses, and it calls `log.trace()`
 * with no arguments to ask whether trace is on (bunyan's API), which pino would log as an empty line.
 */
export function restifyLogger(logger: Logger): NonNullable<ServerOptions['log']> {
  const level = logger.levelVal < logger.levels.values.debug! ? 'debug' : logger.level;
  // restify 11 logs through pino (its default logger); @types/restify still describes restify 8's bunyan.
  return logger.child({ component: 'restify' }, { level }) as unknown as NonNullable<ServerOptions['log']>;
}

/** The raw values of an activity that no log line may show: its ids and its text. */
export function activityRawValues(activity: {
  id?: string | undefined;
  replyToId?: string | undefined;
  text?: string | undefined;
  conversation?: { id?: string | undefined } | undefined;
  from?: { id?: string | undefined } | undefined;
  recipient?: { id?: string | undefined } | undefined;
}): string[] {
  const values = [
    activity.id,
    activity.replyToId,
    activity.text,
    activity.conversation?.id,
    activity.from?.id,
    activity.recipient?.id,
  ];
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * A child logger for one turn or one send: `bindings` as given (ids already hashed), and the
 * raw values the caller holds (ids, message text) masked in any error message it logs, should a
 * library quote one. Values shorter than 3 characters are left alone: masking them would only
 * garble the message.
 */
export function scopedLogger(logger: Logger, bindings: Record<string, unknown>, raw: readonly string[]): Logger {
  const known = [...new Set(raw.filter((v) => v.length >= 3))].sort((a, b) => b.length - a.length);
  const err = (e: unknown) => errorFields(e, known);
  return logger.child(bindings, { serializers: { err, error: err } });
}

/** Where `logger` writes, when that is a terminal (a person reading), else undefined. */
function terminalOf(logger: Logger): { write(line: string): unknown } | undefined {
  const stream: unknown = Reflect.get(logger, symbols.streamSym);
  if (typeof stream !== 'object' || stream === null) return undefined;
  const fd: unknown = Reflect.get(stream, 'fd');
  const write: unknown = Reflect.get(stream, 'write');
  const terminal = typeof fd === 'number' && fd >= 0 ? isatty(fd) : Reflect.get(stream, 'isTTY') === true;
  return terminal && typeof write === 'function' ? { write: (line) => write.call(stream, line) as unknown } : undefined;
}

/**
 * Says the bot is listening and where: on a terminal one plain line a person can read and open
 * ("Sciatica bot listening on http://localhost:3978"), elsewhere (a service manager, a log
 * collector) the JSON line `bot ready` with the URL as `address`. Nothing when info is below the level.
 */
export function logListening(logger: Logger, fields: { port: number; store: string }): void {
  const url = `http://localhost:${fields.port}`;
  const terminal = terminalOf(logger);
  if (terminal && logger.isLevelEnabled('info')) terminal.write(`Sciatica bot listening on ${url}\n`);
  // Not under `url`: that key is censored in every line (request URLs name conversations).
  else logger.info({ ...fields, address: url }, 'bot ready');
}
