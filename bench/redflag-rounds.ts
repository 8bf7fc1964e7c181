/**
 * Measures the red-flag detector on the blind corpus rounds (test/fixtures/corpus/<lng>/*.json),
 * file by file, with the figures issue 11 sets targets for. Run it on a new round BEFORE any
 * tuning and record the figure in bench/RESULTS.md ("Red-flag rounds").
 *
 *   npx tsx bench/redflag-rounds.ts [file …]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide, type TriageFacts } from '../dialogs/triage/decide.js';
import { isFlagId } from '../dialogs/triage/red-flags.js';
import type { Language } from '../src/understand/language.js';
import { createRedFlagDetector, type Detection } from '../src/understand/red-flag-detector.js';

interface Item {
  text: string;
  expect: 'emergency' | 'urgent' | 'none' | 'question';
  flags: string[];
  when: 'first' | 'midscreen';
  kind: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (p: string): unknown => JSON.parse(readFileSync(path.resolve(ROOT, p), 'utf8'));
const detector = createRedFlagDetector({
  en: readJson('locales/en/redflags.json'),
  es: readJson('locales/es/redflags.json'),
});

/** The outcome the detector's findings lead to at once (decision rules over what was noticed). */
function outcomeOf(d: Detection): 'emergency' | 'possible' | 'urgent' | 'none' {
  const findings: string[] = [...d.emergency, ...d.urgent, ...(d.breathless ? ['breathless'] : [])];
  const answers = Object.fromEntries(findings.map((f) => [f, 'yes' as const])) as TriageFacts['answers'];
  const decision = decide({ answers });
  if (decision.disposition === 'emergency') return 'emergency';
  if (d.possible.length) return 'possible';
  return decision.disposition === 'urgent' ? 'urgent' : 'none';
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} % (${n}/${of})` : '–');

function measure(file: string): Record<string, string> {
  const lng = path.basename(path.dirname(file)) as Language;
  const items = readJson(file) as Item[];
  const emergencies = items.filter((i) => i.expect === 'emergency');
  const urgent = items.filter((i) => i.expect === 'urgent');
  const harmless = items.filter((i) => i.expect === 'none' || i.expect === 'question');
  let caught = 0;
  let atOnce = 0;
  const caughtBy = { first: [0, 0], midscreen: [0, 0] };
  for (const i of emergencies) {
    const o = outcomeOf(detector.detect(i.text, lng));
    const hit = o === 'emergency' || o === 'possible';
    caught += hit ? 1 : 0;
    atOnce += o === 'emergency' ? 1 : 0;
    caughtBy[i.when][0]! += hit ? 1 : 0;
    caughtBy[i.when][1]! += 1;
  }
  const urgentNoticed = urgent.filter((i) => {
    const d = detector.detect(i.text, lng);
    const seen = new Set<string>([...d.urgent, ...d.emergency, ...d.possible]);
    return i.flags.filter(isFlagId).some((f) => seen.has(f));
  }).length;
  const falseOutcome = harmless.filter((i) =>
    ['emergency', 'urgent'].includes(outcomeOf(detector.detect(i.text, lng))),
  ).length;
  return {
    file: path.relative(ROOT, file),
    messages: String(items.length),
    'emergency caught': pct(caught, emergencies.length),
    'first message': pct(caughtBy.first[0]!, caughtBy.first[1]!),
    'mid-screen': pct(caughtBy.midscreen[0]!, caughtBy.midscreen[1]!),
    'at once': pct(atOnce, emergencies.length),
    'urgent noticed': pct(urgentNoticed, urgent.length),
    'harmless → emergency/urgent': pct(falseOutcome, harmless.length),
  };
}

const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => path.resolve(process.cwd(), f))
  : (['en', 'es'] as const).flatMap((lng) =>
      readdirSync(path.join(ROOT, 'test/fixtures/corpus', lng)).map((f) =>
        path.join(ROOT, 'test/fixtures/corpus', lng, f),
      ),
    );
const rows = files.map(measure);
const cols = Object.keys(rows[0] ?? {});
console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(' | ')} |`);
