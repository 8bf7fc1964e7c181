/**
 * `npm run explain -- "text" [--lng es]`: why the red-flag detector reads a message as it does,
 * so a clinician or translator can fix a lexicon in locales/ without reading code.
 */
import { fileURLToPath } from 'node:url';
import { loadLocaleResources } from '../i18n.js';
import { createRedFlagDetector } from '../understand/red-flag-detector.js';
import { readFlagModelFiles } from '../understand/red-flags/flag-model-files.js';
import { formatExplanation, parseExplainArgs } from './explain-format.js';

let options;
try {
  options = parseExplainArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
// Not app.ts's LOCALES_DIR: importing the app would load botbuilder for nothing.
const resources = loadLocaleResources(fileURLToPath(new URL('../../locales', import.meta.url)));
const detector = createRedFlagDetector(
  { en: resources.en?.redflags, es: resources.es?.redflags },
  readFlagModelFiles(fileURLToPath(new URL('../../assets/redflag-model', import.meta.url))),
);
const explanation = detector.explain(options.text, options.lng);
console.log(options.json ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation).join('\n'));
