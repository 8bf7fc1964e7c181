/** Types of strings.js (the page's words), for the tests that read them. */
export type PageStrings = Record<string, string>;
export declare const STRINGS: { en: PageStrings; es: PageStrings };
export declare const LANGUAGE_NAMES: Record<'en' | 'es', string>;
export declare function pickLanguage(
  requested: string | null | undefined,
  browserLanguages: readonly string[] | undefined,
): 'en' | 'es';
export declare function localeFor(language: string, browserLanguages: readonly string[] | undefined): string;
export declare function format(text: string, values: Record<string, string | number>): string;
