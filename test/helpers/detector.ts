import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRedFlagDetector, type RedFlagDetector } from '../../src/understand/red-flag-detector.js';
import { readFlagModelFiles } from '../../src/understand/red-flags/flag-model-files.js';

/** The red-flag phrase lists of one language, as `locales/<lng>/redflags.json` has them. */
const redFlagLists = (lng: 'en' | 'es'): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../locales/${lng}/redflags.json`, import.meta.url)), 'utf8'));

/** The detector the bot builds, from the project's own phrase lists and backstop models. */
export function projectDetector(): RedFlagDetector {
  return createRedFlagDetector(
    { en: redFlagLists('en'), es: redFlagLists('es') },
    readFlagModelFiles(fileURLToPath(new URL('../../assets/redflag-model', import.meta.url))),
  );
}

/** The detector without its learned backstop: what the lexicons and the context rules read alone. */
export function lexiconDetector(): RedFlagDetector {
  return createRedFlagDetector({ en: redFlagLists('en'), es: redFlagLists('es') });
}
