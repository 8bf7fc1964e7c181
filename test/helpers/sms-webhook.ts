import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

/** The auth token test bots are started with (TWILIO_AUTH_TOKEN). */
export const TWILIO_TEST_TOKEN = 'twilio-auth-token-for-tests';

/** The clinic number patients text in these tests. */
export const CLINIC_NUMBER = '+15005550006';

let sid = 0;

/** Twilio's webhook parameters for a message from `from` (a new MessageSid each time). */
export function twilioParams(from: string, body: string): Record<string, string> {
  return {
    AccountSid: 'AC00000000000000000000000000000000',
    MessageSid: `SM${String(++sid).padStart(32, '0')}`,
    From: from,
    To: CLINIC_NUMBER,
    Body: body,
    NumMedia: '0',
  };
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** What the webhook answered: status, content type, the `<Message>` texts and the raw body. */
export interface WebhookAnswer {
  status: number;
  type: string | null;
  messages: string[];
  text: string;
}

/** Posts a webhook as Twilio does (signed for `signedUrl` with `token` unless told otherwise). */
export async function postSmsWebhook(
  base: string,
  params: Record<string, string>,
  opts: { token?: string; signedUrl?: string; signature?: string | null; contentType?: string; body?: string } = {},
): Promise<WebhookAnswer> {
  const url = `${base}/api/sms`;
  const signature =
    opts.signature === undefined
      ? getExpectedTwilioSignature(opts.token ?? TWILIO_TEST_TOKEN, opts.signedUrl ?? url, params)
      : opts.signature;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      ...(signature !== null && { 'x-twilio-signature': signature }),
    },
    body: opts.body ?? new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  const messages = [...text.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescape(m[1]!));
  return { status: res.status, type: res.headers.get('content-type'), messages, text };
}

/** A patient texting the bot at `base` from `from`: each text returns the webhook's answer. */
export function smsPatient(base: string, from: string): (body: string) => Promise<WebhookAnswer> {
  return (body) => postSmsWebhook(base, twilioParams(from, body));
}
