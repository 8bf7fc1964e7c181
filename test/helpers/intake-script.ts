import type { Conversation, Reply } from './http-bot.js';

/** Answers by value (as buttons send them) for a clean screen ending in self care. */
export const SELF_CARE_VALUES: Record<string, unknown> = {
  consent: 'agree',
  age: 35,
  country: 'GB',
  'pain.left': 'thigh',
  'pain.right': 'none',
  'pain.score': 4,
  'pain.weeks': 2,
};

/** The same answers typed as a patient would, per language. */
export const SELF_CARE_TEXT: Record<'en' | 'es', Record<string, string>> = {
  en: {
    consent: 'yes',
    age: "I'm 35",
    country: 'UK',
    redflag: 'no',
    redflags: 'none',
    'pain.left': 'thigh',
    'pain.right': 'no pain',
    'pain.score': 'about four',
    'pain.weeks': 'two',
  },
  es: {
    consent: 'vale',
    age: 'tengo treinta y cinco años',
    country: 'España',
    redflag: 'no',
    redflags: 'ninguno',
    'pain.left': 'muslo',
    'pain.right': 'sin dolor',
    'pain.score': 'cuatro',
    'pain.weeks': 'dos',
  },
};

/**
 * Drives the intake: reads each question id from `channelData.question` and answers it from
 * `answers` (by question id, else by prefix `redflag`/`redflags`), by value or by text.
 * Returns the question ids asked, in order. Stops at an outcome or after `maxTurns`.
 */
export async function runIntake(
  conv: Conversation,
  opts: { mode: 'value' | 'text'; answers?: Record<string, unknown>; lng?: 'en' | 'es'; maxTurns?: number },
): Promise<{ asked: string[]; replies: Reply[][] }> {
  const asked: string[] = [];
  const replies: Reply[][] = [];
  const base = opts.mode === 'value' ? SELF_CARE_VALUES : SELF_CARE_TEXT[opts.lng ?? 'en'];
  const answers: Record<string, unknown> = { ...base, ...opts.answers };
  if (!conv.last.length) replies.push(await conv.say(opts.lng === 'es' ? 'hola' : 'hello'));
  for (let turn = 0; turn < (opts.maxTurns ?? 40) && !conv.triage; turn++) {
    const id = conv.question;
    if (!id) throw new Error(`no question and no outcome after ${asked.join(', ')}`);
    asked.push(id);
    const prefix = id.split('.')[0]!;
    const fallback =
      opts.mode === 'value' ? (prefix === 'redflag' ? 'no' : prefix === 'redflags' ? [] : undefined) : answers[prefix];
    const answer =
      id in answers ? answers[id] : prefix in answers && opts.mode === 'value' ? answers[prefix] : fallback;
    if (answer === undefined) throw new Error(`no scripted answer for ${id}`);
    replies.push(
      opts.mode === 'value'
        ? await conv.answer(answer)
        : await conv.say(typeof answer === 'string' ? answer : JSON.stringify(answer)),
    );
  }
  return { asked, replies };
}

/**
 * A check-in in a new conversation of a returning user: accepts the offer, answers the CES
 * questions "no" and the weakness group "none", then the pain map and score, and from phase 2 the
 * walking questions (`walk`, `run`: "not tried" unless given). Skips the reminder. Returns the
 * `redflag.*` questions asked, then `checkin.walk` and `checkin.run` when they were.
 */
export async function runCheckin(
  conv: Conversation,
  pain: { left: string; right: string; score: number; walk?: string; run?: string },
): Promise<string[]> {
  await conv.say('hello again');
  if (conv.question !== 'checkin.start') throw new Error(`expected the check-in offer, got ${conv.question}`);
  await conv.answer('yes');
  // Read through a function: TypeScript would keep the getter narrowed to the check above.
  const now = (): string | undefined => conv.question;
  const asked: string[] = [];
  for (let id = now(); id?.startsWith('redflag.'); id = now()) {
    asked.push(id);
    await conv.answer('no');
  }
  if (now() !== 'redflags.nerves') throw new Error(`expected the weakness group, got ${now()}`);
  await conv.answer([]);
  await conv.answer(pain.left);
  await conv.answer(pain.right);
  await conv.answer(pain.score);
  if (now() === 'checkin.walk') {
    asked.push('checkin.walk');
    await conv.answer(pain.walk ?? 'not_tried');
  }
  if (now() === 'checkin.run') {
    asked.push('checkin.run');
    await conv.answer(pain.run ?? 'not_run');
  }
  return asked;
}
