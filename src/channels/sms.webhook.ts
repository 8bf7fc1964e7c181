import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { z } from 'zod';
import { emergencyInfo } from '../../dialogs/countries.js';
import type { HashId, Logger } from '../logger.js';
import type { Store, UserProfile } from '../store/store.js';
import { languageOf } from '../understand/language.js';
import { randomId } from './directline.tokens.js';
import { publicBase, type PublicAddressOptions } from './request-info.js';
import { countryOfNumber, localeOfCountry, smsKeyword } from './sms-keywords.js';
import { gsmFriendly, splitIntoMessages } from './sms-segments.js';
import type { TurnRunner } from './turn-runner.js';
import { twimlMessages } from './twiml.js';

/** Twilio's "A message comes in" webhook. */
export const SMS_PATH = '/api/sms';

/**
 * How long a MessageSid is remembered (in the store, so across restarts) to drop Twilio's retries
 * of a message already handled: Twilio retries within minutes, a day is ample.
 */
const SEEN_MESSAGE_MS = 24 * 60 * 60 * 1000;

/** The webhook parameters the bot uses (Twilio sends more; the signature covers them all). */
const SmsParams = z.object({
  From: z.string().trim().regex(/^(?:[a-z]+:)?\+?[0-9A-Za-z]{3,20}$/, 'not a phone number'),
  To: z.string().trim().max(64).optional(),
  Body: z.string().max(1600).default(''),
  MessageSid: z.string().max(64).optional(),
});

/** Dependencies of the SMS webhook. */
export interface SmsDeps {
  runTurn: TurnRunner;
  store: Store;
  i18n: I18n;
  logger: Logger;
  /** Hashes the ids a log line carries. */
  hashId: HashId;
  /** TWILIO_AUTH_TOKEN; without it the route answers 503. */
  authToken: string | undefined;
  address: PublicAddressOptions;
  /** Clock of the MessageSid expiry (tests). */
  now?: () => Date;
}

/**
 * The conversation id of a (patient, clinic number) pair: hashed, so the phone number is kept only
 * in the user key. Stored data: it must stay the same across versions, restarts and LOG_HASH_KEYs,
 * hence a plain hash of its own and not the keyed hash of log lines.
 */
export function smsConversationId(from: string, to: string | undefined): string {
  return `sms-${createHash('sha256').update(`${from}|${to ?? ''}`).digest('hex').slice(0, 16)}`;
}

/**
 * Error answers. Handlers return nothing: restify logs (the whole request, body included) any
 * value an async handler returns, and the body is a patient's message.
 */
function refuse(res: Response, status: number, error: string, reason: string): void {
  res.send(status, { error, reason });
}

function sendTwiml(res: Response, messages: readonly string[]): void {
  res.header('Content-Type', 'text/xml; charset=utf-8');
  res.sendRaw(200, twimlMessages(messages.flatMap((m) => splitIntoMessages(gsmFriendly(m)))));
}

/** True when Twilio signed exactly these parameters for this URL with our auth token. */
function signedByTwilio(authToken: string, signature: string | undefined, url: string | undefined, params: Record<string, string>): boolean {
  if (!signature || !url) return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    return false; // an unparsable URL (bad Host header) cannot carry a valid signature
  }
}

/**
 * `POST /api/sms`: Twilio's webhook, answered with TwiML. The signature is checked before
 * anything is read; STOP/START/HELP are handled here (opt-out kept in the user's profile);
 * every other message is a turn of the same bot on channel `sms`.
 */
export function registerSmsWebhook(server: Server, deps: SmsDeps): void {
  const now = deps.now ?? (() => new Date());

  server.post(SMS_PATH, async (req: Request, res: Response) => {
    if (!deps.authToken) return refuse(res, 503, 'SMS is not configured', 'set TWILIO_AUTH_TOKEN');
    if (req.getContentType() !== 'application/x-www-form-urlencoded') return refuse(res, 415, 'unsupported media type', 'expected application/x-www-form-urlencoded');
    const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const params = Object.fromEntries(new URLSearchParams(raw));
    const base = publicBase(req, deps.address);
    if (!signedByTwilio(deps.authToken, req.header('x-twilio-signature') || undefined, base && `${base}${req.url ?? ''}`, params)) {
      deps.logger.warn({ channel: 'sms' }, 'sms webhook: missing or invalid Twilio signature');
      return refuse(res, 403, 'forbidden', 'missing or invalid X-Twilio-Signature');
    }
    const parsed = SmsParams.safeParse(params);
    if (!parsed.success) {
      return refuse(res, 400, 'invalid webhook', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    const { From: from, To: to, Body: body, MessageSid: sid } = parsed.data;
    if (sid) {
      const at = now();
      if (!(await deps.store.claimMessageId(`sms:${sid}`, at, new Date(at.getTime() + SEEN_MESSAGE_MS)))) return sendTwiml(res, []);
    }

    const userKey = `sms:${from}`;
    const log = deps.logger.child({ channel: 'sms', user: deps.hashId(userKey) });
    const country = countryOfNumber(from);
    const locale = localeOfCountry(country);
    const profile = await deps.store.getUser(userKey);
    const t = deps.i18n.getFixedT(languageOf(profile?.language ?? locale));
    const number = emergencyInfo(country ?? null).number;
    const keyword = smsKeyword(body);
    const saveOptOut = (optOut: boolean) => {
      const at = new Date().toISOString();
      const next: UserProfile = { ...(profile ?? { createdAt: at }), updatedAt: at, smsOptOut: optOut };
      return deps.store.saveUser(userKey, next);
    };

    if (keyword === 'stop') {
      await saveOptOut(true);
      log.info('sms opt-out');
      return sendTwiml(res, [t('sms:stopped', { number })]);
    }
    if (keyword === 'help') return sendTwiml(res, [t('sms:help', { number })]);
    if (profile?.smsOptOut === true) {
      if (keyword !== 'start') return sendTwiml(res, []);
      await saveOptOut(false);
      log.info('sms opt-in');
      return sendTwiml(res, [t('sms:started', { number })]);
    }

    const activity: Partial<Activity> = {
      type: 'message',
      id: sid ?? randomId('sms-'),
      channelId: 'sms',
      serviceUrl: base!,
      from: { id: from, name: '', role: 'user' },
      recipient: { id: to ?? 'clinic', name: '', role: 'bot' },
      conversation: { id: smsConversationId(from, to), isGroup: false, conversationType: 'personal', name: '' },
      text: body,
      locale,
      entities: country ? [{ type: 'clientInfo', locale, country }] : [],
      timestamp: new Date(),
    };
    const replies: string[] = [];
    await deps.runTurn(activity, (reply) => {
      if (reply.type === 'message' && reply.text) replies.push(reply.text);
      return randomId();
    });
    sendTwiml(res, replies);
  });
}
