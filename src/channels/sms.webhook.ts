import { createHash } from 'node:crypto';
import type { Activity } from '../render/activity.js';
import type { i18n as I18n, TFunction } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { z } from 'zod';
import { emergencyInfo } from '../../dialogs/countries.js';
import type { HashId, Logger } from '../logger.js';
import { smsMessages } from '../render/sms.render.js';
import type { Store, UserProfile } from '../store/store.js';
import { languageOf } from '../understand/language.js';
import { randomId } from './directline.tokens.js';
import { publicBase, type PublicAddressOptions } from './request-info.js';
import { countryOfNumber, localeOfCountry, smsKeyword, smsLanguageWord } from './sms-keywords.js';
import type { TurnRunner } from '../bot/turn-runner.js';
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
  From: z
    .string()
    .trim()
    .regex(/^(?:[a-z]+:)?\+?[0-9A-Za-z]{3,20}$/, 'not a phone number'),
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
  /** The clinic's name and phone number (CLINIC_NAME, CLINIC_PHONE), which HELP gives. */
  clinic?: ClinicContact;
  /** Clock of the MessageSid expiry (tests). */
  now?: () => Date;
}

/** Who runs the service, as HELP names it. */
export interface ClinicContact {
  name?: string | undefined;
  phone?: string | undefined;
}

/**
 * True when a conversation reference is one of the built-in webhook's (its `serviceUrl` is this
 * route): replies to it go out through Twilio's Messages API, not a Bot Connector service.
 */
export function isBuiltInSms(reference: { channelId?: string; serviceUrl?: string }): boolean {
  return reference.channelId === 'sms' && !!reference.serviceUrl?.endsWith(SMS_PATH);
}

/**
 * The conversation id of a (patient, clinic number) pair: hashed, so the phone number is kept only
 * in the user key. Stored data: it must stay the same across versions, restarts and LOG_HASH_KEYs,
 * hence a plain hash of its own and not the keyed hash of log lines.
 */
export function smsConversationId(from: string, to: string | undefined): string {
  return `sms-${createHash('sha256')
    .update(`${from}|${to ?? ''}`)
    .digest('hex')
    .slice(0, 16)}`;
}

/**
 * Error answers. Handlers return nothing: restify logs (the whole request, body included) any
 * value an async handler returns, and the body is a patient's message.
 */
function refuse(res: Response, status: number, error: string, reason: string): void {
  res.send(status, { error, reason });
}

/** Answers with the replies as SMS messages: one split over the whole turn (see `smsMessages`). */
function sendTwiml(res: Response, replies: readonly string[]): void {
  res.header('Content-Type', 'text/xml; charset=utf-8');
  res.sendRaw(200, twimlMessages(smsMessages(replies)));
}

/**
 * The answer to the carrier keyword HELP: what the service is, the warning signs with the
 * emergency number of the user's country, the clinic's contact when configured, and the keywords.
 */
function smsHelp(t: TFunction, number: string, clinic: ClinicContact = {}): string[] {
  const named = { clinic: clinic.name ?? '' };
  return [
    t(clinic.name ? 'sms:help.intro_named' : 'sms:help.intro', named),
    t('sms:help.signs', { number }),
    ...(clinic.phone
      ? [t(clinic.name ? 'sms:help.contact_named' : 'sms:help.contact', { ...named, phone: clinic.phone })]
      : []),
    t('sms:help.keywords'),
  ];
}

/** True when Twilio signed exactly these parameters for this URL with our auth token. */
function signedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string | undefined,
  params: Record<string, string>,
): boolean {
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
 * a language's name alone ("español") switches language; every other message is a turn of the
 * same bot on channel `sms`. The turn's replies go out split once (`smsMessages`).
 */
export function registerSmsWebhook(server: Server, deps: SmsDeps): void {
  const now = deps.now ?? (() => new Date());

  server.post(SMS_PATH, async (req: Request, res: Response) => {
    if (!deps.authToken) {
      refuse(res, 503, 'SMS is not configured', 'set TWILIO_AUTH_TOKEN');
      return;
    }
    if (req.getContentType() !== 'application/x-www-form-urlencoded') {
      refuse(res, 415, 'unsupported media type', 'expected application/x-www-form-urlencoded');
      return;
    }
    const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const params = Object.fromEntries(new URLSearchParams(raw));
    const base = publicBase(req, deps.address);
    if (
      !signedByTwilio(
        deps.authToken,
        req.header('x-twilio-signature') || undefined,
        base && `${base}${req.url ?? ''}`,
        params,
      )
    ) {
      deps.logger.warn({ channel: 'sms' }, 'sms webhook: missing or invalid Twilio signature');
      refuse(res, 403, 'forbidden', 'missing or invalid X-Twilio-Signature');
      return;
    }
    const parsed = SmsParams.safeParse(params);
    if (!parsed.success) {
      refuse(
        res,
        400,
        'invalid webhook',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
      return;
    }
    const { From: from, To: to, Body: body, MessageSid: sid } = parsed.data;
    const keyword = smsKeyword(body);
    // A keyword is handled here, outside any turn, so its MessageSid is claimed here; a turn's own
    // commit carries its de-duplication mark (the activity id is the MessageSid), so a turn that
    // fails before committing is taken again when Twilio retries it.
    if (sid && keyword) {
      const at = now();
      if (!(await deps.store.claimMessageId(`sms:${sid}`, at, new Date(at.getTime() + SEEN_MESSAGE_MS)))) {
        sendTwiml(res, []);
        return;
      }
    }

    const userKey = `sms:${from}`;
    const log = deps.logger.child({ channel: 'sms', user: deps.hashId(userKey) });
    const country = countryOfNumber(from);
    const locale = localeOfCountry(country);
    const profile = await deps.store.getUser(userKey);
    const t = deps.i18n.getFixedT(languageOf(profile?.language ?? locale));
    const number = emergencyInfo(profile?.country ?? country ?? null).number;
    const saveOptOut = (optOut: boolean) => {
      const at = new Date().toISOString();
      const next: UserProfile = { ...(profile ?? { createdAt: at }), updatedAt: at, smsOptOut: optOut };
      return deps.store.saveUser(userKey, next);
    };

    if (keyword === 'stop') {
      await saveOptOut(true);
      log.info('sms opt-out');
      sendTwiml(res, [t('sms:stopped', { number })]);
      return;
    }
    if (keyword === 'help') {
      sendTwiml(res, smsHelp(t, number, deps.clinic));
      return;
    }
    if (profile?.smsOptOut === true) {
      if (keyword !== 'start') {
        sendTwiml(res, []);
        return;
      }
      await saveOptOut(false);
      log.info('sms opt-in');
      sendTwiml(res, [t('sms:started', { number })]);
      return;
    }

    const activity: Partial<Activity> = {
      type: 'message',
      id: sid ?? randomId('sms-'),
      channelId: 'sms',
      // Marks the conversation as this webhook's, so reminders go out through Twilio (isBuiltInSms).
      serviceUrl: `${base!}${SMS_PATH}`,
      from: { id: from, name: '', role: 'user' },
      recipient: { id: to ?? 'clinic', name: '', role: 'bot' },
      conversation: { id: smsConversationId(from, to), isGroup: false, conversationType: 'personal', name: '' },
      text: body,
      locale,
      entities: country ? [{ type: 'clientInfo', locale, country }] : [],
      timestamp: new Date(),
    };
    const replies: string[] = [];
    const collect = (reply: Partial<Activity>) => {
      if (reply.type === 'message' && reply.text) replies.push(reply.text);
      return randomId();
    };
    const language = smsLanguageWord(body);
    if (language) {
      // "español" on its own switches language as the `language` command and its answer would
      // (CONTRACT §5): the bot confirms and asks the pending question again, in the new language.
      // The command's own reply (the language question) is not sent.
      await deps.runTurn({ ...activity, id: `${activity.id}-language`, text: '', value: { command: 'language' } }, () =>
        randomId(),
      );
      await deps.runTurn({ ...activity, text: '', value: { answer: language, question: 'language' } }, collect);
    } else {
      await deps.runTurn(activity, collect);
    }
    sendTwiml(res, replies);
  });
}
