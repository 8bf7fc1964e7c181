/**
 * A terminal client for the bot: `npm start` in one terminal, `npm run chat` in another.
 * Talks to `POST /api/messages` with `deliveryMode: expectReplies`, so no callback server is needed.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {
  clientLanguage,
  mapInput,
  parseOptions,
  replyImages,
  replyLines,
  say,
  USAGE,
  wrapLines,
  type BotActivity,
  type Outgoing,
  type Question,
} from './chat-format.js';

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
let options;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const { url, channel, locale, user, debug } = options;
const lang = clientLanguage(locale);
const conversationId = `cli-${randomUUID()}`;
/** Where pictures the bot sends (the progress chart, exercise drawings) are saved. */
const pictures = path.join(os.tmpdir(), 'sciatica-chat');
let messageCount = 0;
let pictureCount = 0;

/** Prints lines wrapped to the terminal (80 columns when the output is not one). */
function print(lines: readonly string[], prefix: string): void {
  for (const line of wrapLines(lines, process.stdout.columns || 80, prefix)) console.log(line);
}

function describe(err: unknown): string {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return say(lang, 'notRunning', { url });
  if ((err as Error).name === 'TimeoutError') return say(lang, 'timeout', { url });
  return say(lang, 'failed', { reason: (err as Error).message });
}

async function send(outgoing: Outgoing): Promise<BotActivity[]> {
  const activity = {
    type: 'message',
    id: `cli-${++messageCount}`,
    timestamp: new Date().toISOString(),
    channelId: channel,
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale,
    from: { id: user, name: 'CLI user' },
    recipient: { id: 'bot' },
    conversation: { id: conversationId },
    ...outgoing,
  };
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`the bot answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return ((await res.json()) as { activities?: BotActivity[] }).activities ?? [];
}

/** Saves a reply's pictures as PNG files and says where. */
function savePictures(reply: BotActivity): void {
  for (const image of replyImages(reply)) {
    mkdirSync(pictures, { recursive: true });
    const file = path.join(pictures, `${conversationId}-${++pictureCount}.png`);
    writeFileSync(file, image.png);
    print([`  ${say(lang, 'saved', { path: file })}`], 'bot> ');
  }
}

try {
  await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
} catch (err) {
  console.error(describe(err));
  process.exit(1);
}

print([say(lang, 'connected', { url, user, channel, locale })], '');
const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
rl.on('SIGINT', () => rl.close());
let question: Question | undefined;
rl.prompt();
for await (const line of rl) {
  if (line.trim() === '/quit') break;
  const outgoing = mapInput(line, question, channel);
  if (outgoing) {
    try {
      const replies = await send(outgoing);
      for (const reply of replies) {
        const lines = replyLines(reply, { lang, debug });
        if (lines.length) print(lines, 'bot> ');
        savePictures(reply);
      }
      // Only the latest question can be answered by number; a reply without one clears it.
      question = [...replies].reverse().find((a) => a.channelData?.question)?.channelData?.question;
    } catch (err) {
      console.error(describe(err));
    }
  }
  rl.prompt();
}
rl.close();
