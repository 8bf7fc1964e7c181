import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRedFlagDetector, type RedFlagDetector } from '../../src/understand/red-flag-detector.js';

/** The red-flag phrase lists of one language, as `locales/<lng>/redflags.json` has them. */
const redFlagLists = (lng: 'en' | 'es'): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../locales/${lng}/redflags.json`, import.meta.url)), 'utf8'));

/** The detector the bot builds, from the project's own phrase lists. */
export function projectDetector(): RedFlagDetector {
  return createRedFlagDetector({ en: redFlagLists('en'), es: redFlagLists('es') });
}
