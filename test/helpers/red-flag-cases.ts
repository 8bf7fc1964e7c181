import { expect, it } from 'vitest';
import type { Language } from '../../src/understand/language.js';
import type { Detection } from '../../src/understand/red-flag-detector.js';
import { lexiconDetector } from './detector.js';

/** The detector without its learned backstop, built once: the reading rules on their own. */
const detector = lexiconDetector();

/** What the lexicons and the context rules read in `text`. */
export const detect = (text: string, lng: Language): Detection => detector.detect(text, lng);

/** No flag of any tier, nor a clarifying question. */
export const quiet = (d: Detection): boolean =>
  !d.emergency.length && !d.possible.length && !d.urgent.length && !d.routine.length;

type Case = readonly [Language, string, string];

/** One test per [language, flag, message]: the message must raise that flag in the tier given. */
const casesOf =
  (tier: 'emergency' | 'urgent') =>
  (cases: readonly Case[]): void =>
    it.each(cases)('%s %s: "%s"', (lng, flag, text) => {
      expect(detect(text, lng)[tier]).toContain(flag);
    });

/** One test per [language, flag, message]: the message must raise that emergency. */
export const emergencyCases = casesOf('emergency');

/** One test per [language, flag, message]: the message must raise that urgent flag. */
export const urgentCases = casesOf('urgent');
