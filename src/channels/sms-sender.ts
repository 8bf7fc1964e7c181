import type TwilioSdk from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** Sends text messages to a phone: the built-in SMS channel's way of speaking first (reminders). */
export interface SmsSender {
  /** Sends one message (as split by `smsMessages`) to `to`; rejects when the provider refuses it. */
  send(to: string, body: string): Promise<void>;
}

/** What the Twilio sender needs: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM. */
export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  /** The sending number (E.164), or a Messaging Service SID (MG…). */
  from: string;
  /**
   * Where Twilio's REST API is reached instead of https://api.twilio.com and its regional
   * hosts (tests: a stand-in on loopback). Requests keep their path, so `…/2010-04-01/Accounts/
   * <sid>/Messages.json` lands on `<apiBaseUrl>/2010-04-01/Accounts/<sid>/Messages.json`.
   */
  apiBaseUrl?: string;
  /** Per-request timeout; a reminder not sent in time is retried later. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * An SMS sender over Twilio's Messages API with the `twilio` package. The package is loaded on
 * the first send (it takes ~0.1 s to load, which start-up need not pay). `apiBaseUrl` goes
 * through the client's documented custom `httpClient` option: a `RequestClient` that rewrites
 * each request's origin, so authentication, encoding and error handling stay Twilio's own.
 */
export function createTwilioSmsSender(opts: TwilioSenderOptions): SmsSender {
  const sender = /^MG[0-9a-f]{32}$/i.test(opts.from) ? { messagingServiceSid: opts.from } : { from: opts.from };
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let client: Promise<TwilioSdk.Twilio> | undefined;

  const load = async (): Promise<TwilioSdk.Twilio> => {
    const { default: twilio } = await import('twilio');
    let httpClient: RequestClient | undefined;
    if (opts.apiBaseUrl) {
      const base = new URL(opts.apiBaseUrl);
      httpClient = new (class extends twilio.RequestClient {
        override request<T>(req: RequestClient.RequestOptions<T>) {
          const uri = new URL(req.uri);
          uri.protocol = base.protocol;
          uri.host = base.host;
          return super.request({ ...req, uri: uri.href });
        }
      })({ timeout });
    }
    return twilio(opts.accountSid, opts.authToken, { timeout, ...(httpClient && { httpClient }) });
  };

  return {
    async send(to, body) {
      // A failed load is tried again at the next send rather than remembered.
      client ??= load().catch((err: unknown) => {
        client = undefined;
        throw err;
      });
      await (await client).messages.create({ to, body, ...sender });
    },
  };
}

/** The Twilio sender the configuration asks for, if TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are all set. */
export function smsSenderFromConfig(config: {
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
  TWILIO_FROM?: string | undefined;
}): SmsSender | undefined {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from } = config;
  return accountSid && authToken && from ? createTwilioSmsSender({ accountSid, authToken, from }) : undefined;
}
