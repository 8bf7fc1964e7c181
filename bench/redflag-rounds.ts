/**
 * Measures the red-flag detector on the blind corpus rounds (test/fixtures/corpus/<lng>/*.json),
 * file by file, with the figures issue 11 sets targets for. Run it on a new round BEFORE any
 * tuning and record the figure in bench/RESULTS.md ("Red-flag rounds").
 *
 *   npx tsx bench/redflag-rounds.ts [--lexicons-only] [file …]
 *
 * `--lexicons-only` leaves the learned backstop out (assets/redflag-model/), to see what the lexicons alone catch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../src/understand/language.js';
import { createRedFlagDetector } from '../src/understand/red-flag-detector.js';
import { readFlagModelFiles } from '../src/understand/red-flags/flag-model-files.js';
import { measureRound, percent, type CorpusItem, type Share } from './redflag-figures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (p: string): unknown => JSON.parse(readFileSync(path.resolve(ROOT, p), 'utf8'));
const detector = createRedFlagDetector(
  { en: readJson('locales/en/redflags.json'), es: readJson('locales/es/redflags.json') },
  process.argv.includes('--lexicons-only') ? undefined : readFlagModelFiles(path.join(ROOT, 'assets/redflag-model')),
);

const show = (s: Share): string => (s.of ? `${percent(s).toFixed(1)} % (${s.n}/${s.of})` : '–');

function row(file: string): Record<string, string> {
  const lng = path.basename(path.dirname(file)) as Language;
  const f = measureRound(readJson(file) as CorpusItem[], lng, (text, l) => detector.detect(text, l));
  return {
    file: path.relative(ROOT, file),
    messages: String(f.messages),
    'emergency caught': show(f.caught),
    'first message': show(f.first),
    'mid-screen': show(f.midscreen),
    'at once': show(f.atOnce),
    'urgent noticed': show(f.urgent),
    'harmless → emergency/urgent': show(f.harmlessAlarm),
    'harmless asked': show(f.harmlessAsked),
  };
}

const args = process.argv.slice(2).filter((a) => a !== '--lexicons-only');
const files = args.length
  ? args.map((f) => path.resolve(process.cwd(), f))
  : (['en', 'es'] as const).flatMap((lng) =>
      readdirSync(path.join(ROOT, 'test/fixtures/corpus', lng)).map((f) =>
        path.join(ROOT, 'test/fixtures/corpus', lng, f),
      ),
    );
const rows = files.map(row);
const cols = Object.keys(rows[0] ?? {});
console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(' | ')} |`);
