/**
 * A terminal client for the bot: `npm start` in one terminal, `npm run chat` in another.
 * Talks to `POST /api/messages` with `deliveryMode: expectReplies`, so no callback server is needed.
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { mapInput, parseOptions, replyLines, USAGE, type BotActivity, type Outgoing, type Question } from './chat-format.js';

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
const { url, channel, locale, user } = options;
const conversationId = `cli-${randomUUID()}`;
let messageCount = 0;

function describe(err: unknown): string {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return `The bot isn't running at ${url}. Start it with npm start (or set BOT_URL).`;
  if ((err as Error).name === 'TimeoutError') return `The bot at ${url} did not answer within 15 s.`;
  return `Request failed: ${(err as Error).message}`;
}

async function send(outgoing: Outgoing): Promise<BotActivity[]> {
  const activity = {
    type: 'message', id: `cli-${++messageCount}`, timestamp: new Date().toISOString(), channelId: channel,
    serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies', locale,
    from: { id: user, name: 'CLI user' }, recipient: { id: 'bot' }, conversation: { id: conversationId }, ...outgoing,
  };
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`the bot answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return ((await res.json()) as { activities?: BotActivity[] }).activities ?? [];
}

try {
  await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
} catch (err) {
  console.error(describe(err));
  process.exit(1);
}

console.log(`Connected to ${url} as ${user} on ${channel} (${locale}). Say hi to start; type a number to pick an option; /quit to leave.`);
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
      for (const reply of replies) for (const text of replyLines(reply)) console.log(`bot> ${text}`);
      // Only the latest question can be answered by number; a reply without one clears it.
      question = [...replies].reverse().find((a) => a.channelData?.question)?.channelData?.question;
    } catch (err) {
      console.error(describe(err));
    }
  }
  rl.prompt();
}
rl.close();
