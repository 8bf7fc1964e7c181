/** The carrier keywords an SMS service must honour (CTIA; Twilio's defaults). */
export type SmsKeyword = 'stop' | 'start' | 'help';

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  START: 'start',
  YES: 'start',
  UNSTOP: 'start',
  HELP: 'help',
  INFO: 'help',
};

/**
 * The keyword a message is, if the whole message is one (any case, surrounding spaces and
 * punctuation ignored): "stop", " Stop! " → stop; "stop the pain" → none.
 */
export function smsKeyword(body: string): SmsKeyword | undefined {
  const word = body
    .trim()
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '')
    .toUpperCase();
  return KEYWORDS[word];
}

/** Calling codes the bot knows an emergency number for, longest first so +353 wins over +3…. */
const CALLING_CODES: [code: string, country: string][] = [
  ['353', 'IE'],
  ['44', 'GB'],
  ['34', 'ES'],
  ['52', 'MX'],
  ['61', 'AU'],
  ['64', 'NZ'],
  ['91', 'IN'],
  ['57', 'CO'],
  ['56', 'CL'],
  ['54', 'AR'],
  ['1', 'US'],
];

/** Countries where the bot answers in Spanish by default (the user can still change language). */
const SPANISH_SPEAKING = new Set(['ES', 'MX', 'CO', 'CL', 'AR']);

/**
 * The country of an E.164 number from its calling code (+1 → US, +44 → GB, …), or undefined.
 * +1 is shared by the US and Canada (911 in both), so US stands for the whole NANP.
 * Accepts Twilio's channel prefixes ("whatsapp:+34…").
 */
export function countryOfNumber(number: string): string | undefined {
  const digits = /^(?:[a-z]+:)?\+(\d{7,15})$/.exec(number.trim())?.[1];
  if (!digits) return undefined;
  return CALLING_CODES.find(([code]) => digits.startsWith(code))?.[1];
}

/** The locale to assume for a country's numbers ("es-MX", "en-GB"); "en" when unknown. */
export function localeOfCountry(country: string | undefined): string {
  if (!country) return 'en';
  return `${SPANISH_SPEAKING.has(country) ? 'es' : 'en'}-${country}`;
}

/** Whole messages that switch the language on SMS, written without accents, in lower case. */
const LANGUAGE_WORDS: Record<string, 'en' | 'es'> = {
  english: 'en',
  'in english': 'en',
  ingles: 'en',
  'en ingles': 'en',
  spanish: 'es',
  'in spanish': 'es',
  espanol: 'es',
  'en espanol': 'es',
  castellano: 'es',
};

/**
 * The language a message asks for, if the whole message is one of its names ("español",
 * "English!", "en inglés"): any case, accents, surrounding spaces and punctuation ignored.
 */
export function smsLanguageWord(body: string): 'en' | 'es' | undefined {
  const words = body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '')
    .replace(/\s+/g, ' ');
  return LANGUAGE_WORDS[words];
}
