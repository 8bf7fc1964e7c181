/** Languages with complete locale files. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The reply language for a BCP-47 locale ("es-MX" → es); English when unsupported or missing. */
export function languageOf(locale: string | undefined | null): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

/** Recognizers-Text culture for a language. */
export function cultureOf(lng: Language): string {
  return lng === 'es' ? 'es-es' : 'en-us';
}

interface EntityLike {
  type?: string;
  country?: unknown;
  locale?: unknown;
}

/**
 * The user's country when the channel makes it clear: Teams' `clientInfo.country`, or the region
 * of the locale ("en-GB" → GB). A bare language ("es", "en") or a region like "419" is not clear.
 */
export function inferCountry(
  locale: string | undefined | null,
  entities: readonly EntityLike[] | undefined,
): string | null {
  const info = entities?.find((e) => e.type === 'clientInfo');
  if (typeof info?.country === 'string' && /^[A-Za-z]{2}$/.test(info.country)) return info.country.toUpperCase();
  const candidates = [locale, typeof info?.locale === 'string' ? info.locale : undefined];
  for (const l of candidates) {
    const region = (l ?? '').split(/[-_]/)[1];
    if (region && /^[A-Za-z]{2}$/.test(region)) return region.toUpperCase();
  }
  return null;
}
