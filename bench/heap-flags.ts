/**
 * Heap flags against the bot's CPU and memory: the compiled bot run as `npm start` runs it, with
 * extra V8 flags per configuration, pinned and with the GC probe like `npm run bench`'s servers, at
 * 32 and 128 users; configurations interleave round by round and each figure is the median of the
 * rounds. Not part of `npm run bench` (a few minutes); run after `npm run build` as
 * `node --import tsx bench/heap-flags.ts [--rounds 3] [--duration 5]`, with the configurations to
 * try as JSON in HEAP_FLAGS (`{"name": ["--flag", …]}`) or the defaults below.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { START_FLAGS, killAllChildren, median, runPhase, serverEnv, startServer, type PhaseResult } from './load.js';

const DEFAULT_CONFIGS: Record<string, string[]> = {
  '(none)': [],
  '--single-threaded-gc': ['--single-threaded-gc'],
  '--max-semi-space-size=8': ['--max-semi-space-size=8'],
  '--max-semi-space-size=32': ['--max-semi-space-size=32'],
  '--heap-growing-percent=20': ['--heap-growing-percent=20'],
  '--heap-growing-percent=10': ['--heap-growing-percent=10'],
  '--optimize-for-size': ['--optimize-for-size'],
};
const LEVELS = [32, 128];

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '5' } },
});
const rounds = Math.min(5, Math.max(1, Number(args.rounds) || 3));
const durationMs = Math.min(30, Math.max(1, Number(args.duration) || 5)) * 1000;
const configs = process.env.HEAP_FLAGS
  ? (JSON.parse(process.env.HEAP_FLAGS) as Record<string, string[]>)
  : DEFAULT_CONFIGS;
const root = fileURLToPath(new URL('..', import.meta.url));
process.on('exit', killAllChildren);

const runs = new Map<string, PhaseResult[]>();
for (let round = 1; round <= rounds; round++) {
  for (const [name, extra] of Object.entries(configs)) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-flags-'));
    const handle = await startServer({
      script: join(root, 'dist/src/index.js'),
      cwd: root,
      env: serverEnv(dataDir),
      pin: true,
      gcProbe: true,
      flags: [...START_FLAGS, ...extra],
    });
    try {
      for (const concurrency of LEVELS) {
        const phase = await runPhase({
          kind: 'bot',
          port: handle.port,
          pid: handle.pid,
          alive: handle.alive,
          concurrency,
          warmupMs: 2000,
          durationMs,
          echoTurns: 0,
          gc: handle.gc,
        });
        const key = `${name}@${concurrency}`;
        runs.set(key, [...(runs.get(key) ?? []), phase]);
        console.log(
          `round ${round} ${key}: ${phase.serverCpuMsPerTurn.toFixed(3)} CPU ms/turn, peak RSS ${phase.peakRssMb.toFixed(1)} MB`,
        );
      }
    } finally {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const of = (phases: PhaseResult[], pick: (p: PhaseResult) => number | undefined, digits: number): string =>
  median(phases.map((p) => pick(p) ?? Number.NaN)).toFixed(digits);
console.log(
  [
    '',
    `Flags added to \`${START_FLAGS.join(' ')}\`; medians of ${rounds} round(s), ${durationMs / 1000} s measured after 2 s.`,
    '',
    '| flags | users | server CPU ms/turn | alloc KB/turn | full GCs /10k turns | scavenges /10k turns | GC pause ms/turn | peak RSS MB | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[...runs].map(([key, phases]) => {
      const [name, users] = key.split('@');
      return (
        `| ${name} | ${users} | ${of(phases, (p) => p.serverCpuMsPerTurn, 3)} | ${of(phases, (p) => p.allocKbPerTurn, 1)} | ` +
        `${of(phases, (p) => p.fullGcsPer10kTurns, 1)} | ${of(phases, (p) => p.scavengesPer10kTurns, 0)} | ` +
        `${of(phases, (p) => p.gcPauseMsPerTurn, 3)} | ${of(phases, (p) => p.peakRssMb, 1)} | ${of(phases, (p) => p.p99Ms, 1)} | ` +
        `${phases.reduce((n, p) => n + p.errors + p.timeouts, 0)} |`
      );
    }),
  ].join('\n'),
);
