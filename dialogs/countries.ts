/**
 * Emergency numbers by country (CLINICAL.md §1). Numbers are not words, so they live here;
 * the sentences around them live in locales/.
 */
export interface EmergencyInfo {
  /** Number to call for an emergency. */
  number: string;
  /** Another number that also works, if any. */
  alt?: string;
  /** Same-day advice line, if the country has one we know of. */
  advice?: string;
}

/** Countries offered by the `country` question, in the order shown. */
export const COUNTRY_CHOICES = [
  'US',
  'GB',
  'ES',
  'MX',
  'CA',
  'IE',
  'AU',
  'NZ',
  'IN',
  'CO',
  'CL',
  'AR',
  'other',
] as const;

const NUMBERS: Record<string, EmergencyInfo> = {
  US: { number: '911' },
  CA: { number: '911' },
  MX: { number: '911' },
  GB: { number: '999', alt: '112', advice: '111' },
  IE: { number: '112', alt: '999' },
  ES: { number: '112' },
  AU: { number: '000', alt: '112' },
  NZ: { number: '111' },
  IN: { number: '112' },
  CO: { number: '123' },
  CL: { number: '131' },
  AR: { number: '107' },
};

/** EU member states: 112 everywhere (CLINICAL §1). */
const EU = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'SE',
];

/**
 * Crisis lines for suicidal thoughts or self-harm (issue 3; not in CLINICAL.md, which only says
 * "crisis-line information": to be verified by the clinic before use). Unknown → the message
 * points to a local crisis line and the emergency number.
 */
const CRISIS_LINES: Record<string, string> = {
  US: '988',
  CA: '988',
  GB: '116 123',
  IE: '116 123',
  ES: '024',
  MX: '800 911 2000',
  AU: '13 11 14',
  NZ: '1737',
  IN: '14416',
};

/** The crisis line of a country, if we know one. */
export function crisisLine(country: string | null | undefined): string | undefined {
  return CRISIS_LINES[(country ?? '').toUpperCase()];
}

/** The fallback when the country is unknown: 112 works from most mobiles. */
const UNKNOWN_EMERGENCY: EmergencyInfo = { number: '112' };

/** Emergency info for an ISO 3166-1 alpha-2 code; `known` is false when we fell back to 112. */
export function emergencyInfo(country: string | null | undefined): EmergencyInfo & { known: boolean } {
  const code = (country ?? '').toUpperCase();
  const info = NUMBERS[code] ?? (EU.includes(code) ? { number: '112' } : undefined);
  return info ? { ...info, known: true } : { ...UNKNOWN_EMERGENCY, known: false };
}

/**
 * The same-day route of an urgent outcome (CLINICAL §6): the UK's urgent GP appointment or
 * NHS 111; elsewhere your doctor today, an urgent care centre or a nurse advice line. Never a
 * service of another country, so an unknown country gets the general route.
 */
export type SameDayRoute = 'gb' | 'default';

/** The same-day route for an ISO 3166-1 alpha-2 code (or null). */
export function sameDayRoute(country: string | null | undefined): SameDayRoute {
  return ['GB', 'UK'].includes((country ?? '').toUpperCase()) ? 'gb' : 'default';
}
