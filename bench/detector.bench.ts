/**
 * Red-flag detector speed: runs the labelled corpora and the development rounds (never the held-out
 * files) through the detector for several rounds and reports per-message timings. `npm run bench`
 * calls `measureDetector()`; run alone with `npx tsx bench/detector.bench.ts [rounds]` (the last
 * line is JSON).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRedFlagDetector } from '../src/understand/red-flag-detector.js';
import type { Language } from '../src/understand/language.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(`${root}${path}`, 'utf8'));

/** Median and p99 ms per message over both corpora, after one warm-up pass, and the build time. */
export async function measureDetector(rounds = 20): Promise<Record<string, number>> {
  const built = performance.now();
  const detector = createRedFlagDetector({
    en: readJson('locales/en/redflags.json'),
    es: readJson('locales/es/redflags.json'),
  });
  const buildMs = performance.now() - built;
  const files = (lng: Language): string[] => [
    `test/fixtures/redflag-corpus.${lng}.json`,
    `test/fixtures/corpus/${lng}/round-2.json`,
    `test/fixtures/corpus/${lng}/round-3.json`,
  ];
  const messages: { text: string; lng: Language }[] = (['en', 'es'] as const).flatMap((lng) =>
    files(lng).flatMap((file) => (readJson(file) as { text: string }[]).map((m) => ({ text: m.text, lng }))),
  );
  // One warm-up pass: the first sight of each word fills the typo cache, as in a long-running bot.
  for (const m of messages) detector.detect(m.text, m.lng);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const t0 = performance.now();
      detector.detect(m.text, m.lng);
      samples.push(performance.now() - t0);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const round = (ms: number): number => Math.round(ms * 10_000) / 10_000;
  return {
    messages: messages.length,
    rounds,
    buildMs: Math.round(buildMs * 10) / 10,
    detectorMedianMs: round(at(0.5)),
    detectorP99Ms: round(at(0.99)),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await measureDetector(Number(process.argv[2] ?? 20));
  console.log(JSON.stringify(figures));
}
