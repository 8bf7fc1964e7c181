import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_TURN_CONCURRENCY } from '../src/config.js';
import {
  PIN_CORE,
  START_FLAGS,
  killAllChildren,
  median,
  runPhase,
  serverEnv,
  startServer,
  type PhaseResult,
  type ServerHandle,
  type ServerKind,
} from './load.js';
import { npmStartReady, type NpmStartRun } from './ready.js';

/** Where the hand-measured sections of RESULTS.md begin; `npm run bench` keeps them. */
const KEPT_FROM = '## Red-flag rounds';
const USAGE = `npm run bench [-- --only bot|echo] [--duration 10] [--warmup 2] [--concurrency 1,32,128] [--spawns 5] [--rounds 2] [--limits 8,12,16,24] [--out bench/RESULTS.md]`;
const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1,32,128' },
    spawns: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    out: { type: 'string' },
    limits: { type: 'string', default: '8,12,16,24' },
    help: { type: 'boolean' },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const scripts: Record<ServerKind, string> = {
  bot: join(root, 'dist/src/index.js'),
  echo: join(root, 'dist/bench/echo-server.js'),
};
// Bounded on purpose: the whole bench must stay a few minutes long.
const seconds = (text: string, fallback: number, max: number): number =>
  Math.min(max, Math.max(0, Number(text) || fallback)) * 1000;
const durationMs = seconds(args.duration, 10, 60);
const warmupMs = seconds(args.warmup, 0, 30);
const levels = args.concurrency
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0 && n <= 1024);
const spawns = Math.min(20, Math.max(1, Number(args.spawns) || 5));
const rounds = Math.min(5, Math.max(1, Number(args.rounds) || 2));
// TURN_CONCURRENCY values the bot is also run with at 32 users ("" skips the sweep).
const limits = args.limits
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0 && n <= 256);
const kinds: ServerKind[] = args.only === 'bot' || args.only === 'echo' ? [args.only] : ['bot', 'echo'];

const dataDirs: string[] = [];
const cleanUp = (): void => {
  killAllChildren();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

interface ServerReport {
  kind: ServerKind;
  readyMs: number[];
  runs: PhaseResult[];
  phases: Merged[];
  hwmMb: number;
  handle?: ServerHandle;
  /** Starts another server of this kind on a fresh store, with or without the GC probe. */
  start?: (gcProbe: boolean) => Promise<ServerHandle>;
  /** The run with the GC probe preloaded, one per level: allocation and collections only. */
  gcRuns: PhaseResult[];
  /** Why the GC run stopped, if it did (its columns then say n/a). */
  gcProblem?: string;
  problem?: string;
}
/** One server at one level over all rounds: the figures of its fastest round, with errors, timeouts and memory of all rounds. */
type Merged = PhaseResult & { roundsTurnsPerSec: number[] };

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function merge(runs: PhaseResult[]): Merged {
  const best = runs.reduce((a, b) => (b.turnsPerSec > a.turnsPerSec ? b : a));
  const dispositions: Record<string, number> = {};
  for (const [d, n] of runs.flatMap((r) => Object.entries(r.dispositions)))
    dispositions[d] = (dispositions[d] ?? 0) + n;
  return {
    ...best,
    dispositions,
    roundsTurnsPerSec: runs.map((r) => r.turnsPerSec),
    errors: sum(runs.map((r) => r.errors)),
    timeouts: sum(runs.map((r) => r.timeouts)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    hwmMb: Math.max(...runs.map((r) => r.hwmMb)),
    firstError: runs.find((r) => r.firstError)?.firstError,
  };
}

/** A level's figures with the allocation and collections of the GC run at the same level. */
function withGc(p: Merged, gc: PhaseResult | undefined): Merged {
  const { allocKbPerTurn, fullGcsPer10kTurns, scavengesPer10kTurns, gcPauseMsPerTurn, ...rest } = p;
  if (!gc) return rest;
  return {
    ...rest,
    ...(gc.allocKbPerTurn !== undefined && { allocKbPerTurn: gc.allocKbPerTurn }),
    ...(gc.fullGcsPer10kTurns !== undefined && { fullGcsPer10kTurns: gc.fullGcsPer10kTurns }),
    ...(gc.scavengesPer10kTurns !== undefined && { scavengesPer10kTurns: gc.scavengesPer10kTurns }),
    ...(gc.gcPauseMsPerTurn !== undefined && { gcPauseMsPerTurn: gc.gcPauseMsPerTurn }),
  };
}

/** Times `spawns` starts of the server as `npm start` runs it, then starts the one the load runs against (no probe). */
async function spawnAndTime(report: ServerReport, dataDirs: string[]): Promise<void> {
  if (!existsSync(scripts[report.kind]))
    throw new Error(`${scripts[report.kind]} not found (build failed or not written yet)`);
  const start = (gcProbe: boolean): Promise<ServerHandle> => {
    const dataDir = mkdtempSync(join(os.tmpdir(), `bench-${report.kind}-`));
    dataDirs.push(dataDir);
    return startServer({ script: scripts[report.kind], cwd: root, env: serverEnv(dataDir), pin: true, gcProbe });
  };
  for (let i = 0; i < spawns; i++) {
    const handle = await start(false);
    report.readyMs.push(handle.readyMs);
    await handle.stop();
  }
  report.start = start;
  report.handle = await start(false);
  console.log(
    `${report.kind}: ready in ${report.readyMs.map((ms) => fmt(ms, 0)).join(', ')} ms (median ${fmt(median(report.readyMs), 0)})`,
  );
}

/** The bot at 32 users with each TURN_CONCURRENCY of `limits`: how the default was chosen. */
async function sweepLimits(): Promise<{ limit: number; phase?: PhaseResult; problem?: string }[]> {
  const rows: { limit: number; phase?: PhaseResult; problem?: string }[] = [];
  for (const limit of kinds.includes('bot') ? limits : []) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-limit-'));
    dataDirs.push(dataDir);
    let handle: ServerHandle | undefined;
    try {
      handle = await startServer({
        script: scripts.bot,
        cwd: root,
        env: serverEnv(dataDir, { TURN_CONCURRENCY: String(limit) }),
        pin: true,
      });
      (globalThis as { gc?: () => void }).gc?.();
      const phase = await runPhase({
        kind: 'bot',
        port: handle.port,
        pid: handle.pid,
        alive: handle.alive,
        concurrency: 32,
        warmupMs,
        durationMs,
        echoTurns,
      });
      rows.push({ limit, phase });
      console.log(
        `TURN_CONCURRENCY=${limit}: ${fmt(phase.turnsPerSec)} turns/s at 32 users, ${fmt(phase.serverCpuMsPerTurn, 2)} CPU ms/turn, p99 ${fmt(phase.p99Ms)} ms`,
      );
    } catch (err) {
      rows.push({ limit, problem: (err as Error).message });
    } finally {
      await handle?.stop();
    }
  }
  return rows;
}

const reports: ServerReport[] = kinds.map((kind) => ({
  kind,
  readyMs: [],
  runs: [],
  phases: [],
  hwmMb: 0,
  gcRuns: [],
}));
let sweep: Awaited<ReturnType<typeof sweepLimits>> = [];
/** `npm start` as a clinic runs it (npm, its prestart check, node), each run stopped with SIGTERM to npm. */
let npmStart: NpmStartRun[] = [];
let npmStartProblem: string | undefined;
let echoTurns = 10; // echo conversations get as many turns as a bot conversation; 10 when the bot is not run
try {
  if (kinds.includes('bot')) {
    // First, while no server runs: `npm run bench` has just built, so npm start's prestart finds nothing to compile.
    try {
      npmStart = await npmStartReady({ cwd: root, env: (dataDir) => serverEnv(dataDir), spawns });
      console.log(
        `npm start: ready in ${npmStart.map((r) => fmt(r.readyMs, 0)).join(', ')} ms (median ${fmt(median(npmStart.map((r) => r.readyMs)), 0)}), ` +
          `${npmStart.filter((r) => r.orphaned).length} SIGTERM(s) left the port held`,
      );
    } catch (err) {
      npmStartProblem = (err as Error).message;
      console.error(`npm start: ${npmStartProblem}`);
    }
  }
  for (const report of reports) {
    try {
      await spawnAndTime(report, dataDirs);
    } catch (err) {
      report.problem = (err as Error).message;
      console.error(`${report.kind}: ${report.problem}`);
    }
  }
  // Rounds interleave the servers level by level, so a noisy neighbour hurts both rather than one.
  for (let round = 1; round <= rounds; round++) {
    for (const concurrency of levels) {
      for (const report of reports) {
        const handle = report.handle;
        if (report.problem || !handle) continue;
        (globalThis as { gc?: () => void }).gc?.();
        try {
          const phase = await runPhase({
            kind: report.kind,
            port: handle.port,
            pid: handle.pid,
            alive: handle.alive,
            concurrency,
            warmupMs,
            durationMs,
            echoTurns,
          });
          report.runs.push(phase);
          if (report.kind === 'bot' && echoTurns === 10 && phase.turnsPerConversation > 0)
            echoTurns = phase.turnsPerConversation;
          if (phase.firstError) console.log(`${report.kind} x${concurrency}: first error: ${phase.firstError}`);
          console.log(
            `round ${round} ${report.kind} x${concurrency}: ${fmt(phase.turnsPerSec)} turns/s, p50 ${fmt(phase.p50Ms)} ms, p99 ${fmt(phase.p99Ms)} ms, ` +
              `${phase.errors} errors, ${phase.timeouts} timeouts, ${phase.conversations} conversations, ${fmt(phase.serverCpuMsPerTurn, 2)} CPU ms/turn, ` +
              `${fmt(phase.allocKbPerTurn ?? Number.NaN)} KB/turn, ${fmt(phase.fullGcsPer10kTurns ?? Number.NaN)} full GCs/10k turns, RSS ${fmt(phase.peakRssMb)} MB`,
          );
        } catch (err) {
          report.problem = [(err as Error).message, handle.stderr()].filter(Boolean).join(': ');
          console.error(`${report.kind}: ${report.problem}`);
        }
      }
    }
  }
  for (const report of reports) await report.handle?.stop();
  // The GC probe (v8.GCProfiler and an IPC channel) costs the server memory and CPU of its own, so the
  // rounds above run without it and allocation and collections come from a run of their own.
  for (const report of reports) {
    if (!report.start) continue;
    let probed: ServerHandle | undefined;
    try {
      probed = await report.start(true);
      // Levels the main rounds ran without a problem.
      for (const concurrency of levels.filter((c) => report.runs.some((r) => r.concurrency === c))) {
        (globalThis as { gc?: () => void }).gc?.();
        const phase = await runPhase({
          kind: report.kind,
          port: probed.port,
          pid: probed.pid,
          alive: probed.alive,
          concurrency,
          warmupMs,
          durationMs,
          echoTurns,
          gc: probed.gc,
        });
        report.gcRuns.push(phase);
        console.log(
          `GC run ${report.kind} x${concurrency}: ${fmt(phase.allocKbPerTurn ?? Number.NaN)} KB/turn, ` +
            `${fmt(phase.fullGcsPer10kTurns ?? Number.NaN)} full GCs/10k turns, ${fmt(phase.gcPauseMsPerTurn ?? Number.NaN, 3)} ms GC pause/turn, ` +
            `${phase.errors} errors, ${phase.timeouts} timeouts`,
        );
      }
    } catch (err) {
      report.gcProblem = (err as Error).message;
      console.error(`${report.kind} GC run: ${report.gcProblem}`);
    } finally {
      await probed?.stop();
    }
  }
  sweep = await sweepLimits();
} finally {
  cleanUp();
}
for (const report of reports) {
  report.phases = levels
    .map((c) => report.runs.filter((r) => r.concurrency === c))
    .filter((runs) => runs.length > 0)
    .map(merge)
    .map((p) =>
      withGc(
        p,
        report.gcRuns.find((g) => g.concurrency === p.concurrency),
      ),
    );
  report.hwmMb = Math.max(0, ...report.phases.map((p) => p.hwmMb));
}

/** Optional in-process figures from other engineers' modules; absent modules are skipped quietly. */
async function hook(file: string, fn: string): Promise<Record<string, number | string> | undefined> {
  const url = new URL(file, import.meta.url);
  if (!existsSync(url)) return undefined;
  try {
    const mod = (await import(url.href)) as Record<string, unknown>;
    const measure = mod[fn];
    if (typeof measure !== 'function') return { error: `${file} has no ${fn}() export` };
    const figures = (await (measure as () => unknown)()) as Record<string, unknown> | null | undefined;
    return Object.fromEntries(
      Object.entries(figures ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]),
    );
  } catch (err) {
    return { error: `${fn}() failed: ${(err as Error).message}` };
  }
}

const extras: [string, Record<string, number | string> | undefined][] = [
  ['Turn cost (bench/turn-cost.ts)', await hook('./turn-cost.ts', 'measureTurnCost')],
  ['Detector (bench/detector.bench.ts)', await hook('./detector.bench.ts', 'measureDetector')],
];

const bot = reports.find((r) => r.kind === 'bot');
const echo = reports.find((r) => r.kind === 'echo');
const at = (r: ServerReport | undefined, c: number): Merged | undefined => r?.phases.find((p) => p.concurrency === c);
const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL');
const bot1 = at(bot, 1),
  echo1 = at(echo, 1),
  bot32 = at(bot, 32),
  echo32 = at(echo, 32),
  bot128 = at(bot, 128),
  echo128 = at(echo, 128);
const peakMb = (r: ServerReport | undefined): number =>
  r ? Math.max(r.hwmMb, ...r.phases.map((p) => p.peakRssMb)) : Number.NaN;
const botPeakMb = peakMb(bot);
const botErrors = bot ? sum(bot.phases.map((p) => p.errors + p.timeouts)) : 0;
const npmStartMs = median(npmStart.map((r) => r.readyMs));
const cpuRatio = bot32 && echo32 ? bot32.serverCpuMsPerTurn / echo32.serverCpuMsPerTurn : Number.NaN;
const targets: [string, string, string][] = [
  [
    'bot server CPU per turn ≤ 1.0 × echo at 32 users (goal beyond: ≤ 0.7 ×)',
    bot32 && echo32
      ? `${fmt(bot32.serverCpuMsPerTurn, 2)} vs ${fmt(echo32.serverCpuMsPerTurn, 2)} ms (${fmt(cpuRatio, 2)} ×)`
      : '-',
    verdict(Number.isFinite(cpuRatio) ? cpuRatio <= 1 : undefined),
  ],
  [
    'bot p99 at 128 users ≤ 100 ms, no errors or timeouts',
    bot128 ? `${fmt(bot128.p99Ms)} ms, ${bot128.errors} errors, ${bot128.timeouts} timeouts` : '-',
    verdict(bot128 ? bot128.p99Ms <= 100 && bot128.errors === 0 && bot128.timeouts === 0 : undefined),
  ],
  [
    'bot peak RSS ≤ 200 MB',
    bot ? `${fmt(botPeakMb)} MB` : '-',
    verdict(bot && botPeakMb > 0 ? botPeakMb <= 200 : undefined),
  ],
  [
    `compiled bot ready ≤ 0.8 s (median of ${spawns})`,
    bot ? `${fmt(median(bot.readyMs), 0)} ms` : '-',
    verdict(bot ? median(bot.readyMs) <= 800 : undefined),
  ],
  [
    `\`npm start\` ready ≤ 1.5 s (median of ${spawns}), SIGTERM to npm frees the port`,
    npmStart.length
      ? `${fmt(npmStartMs, 0)} ms, ${npmStart.filter((r) => r.orphaned).length} held`
      : (npmStartProblem ?? '-'),
    verdict(npmStart.length ? npmStartMs <= 1500 && npmStart.every((r) => !r.orphaned) : undefined),
  ],
  [
    'bot ran every level without errors or timeouts',
    bot ? (bot.problem ?? `${botErrors} errors or timeouts`) : '-',
    verdict(bot ? !bot.problem && botErrors === 0 : undefined),
  ],
];

/** One figure of both servers, and the bot's as a multiple of the echo's. */
function sideBySide(name: string, b: number | undefined, e: number | undefined, digits: number): string {
  const ratio = b !== undefined && e !== undefined && e > 0 ? `${fmt(b / e, 2)} ×` : '-';
  return `| ${name} | ${fmt(b ?? Number.NaN, digits)} | ${fmt(e ?? Number.NaN, digits)} | ${ratio} |`;
}

const cpus = os.cpus();
const lines = [
  '# Benchmark results',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${fmt(os.totalmem() / 2 ** 30)} GiB RAM`,
  `- Node: ${process.version}`,
  `- Method: \`npm run bench\`; both servers run as \`node ${START_FLAGS.join(' ')} <compiled js>\` (the flags of \`npm start\`)` +
    (PIN_CORE === undefined
      ? ', not pinned (no taskset, or one core), '
      : `, pinned to core ${PIN_CORE} with \`taskset -c ${PIN_CORE}\` (as is \`npm start\` when timed), `) +
    `with LOG_LEVEL=silent and the default TURN_CONCURRENCY (${DEFAULT_TURN_CONCURRENCY}) on 127.0.0.1; the load client runs on the same machine, unpinned. ` +
    `Each level: ${warmupMs / 1000} s warm-up then ${durationMs / 1000} s measured, ${rounds} round(s) interleaving the servers; ` +
    `a row shows the fastest round, with errors, timeouts, outcomes and memory of all rounds. ` +
    `Virtual users run whole conversations back to back (bot: triage answered by value to a self_care outcome; echo: ${echoTurns} text turns). ` +
    `Request timeout 5 s. Server figures cover the measured window only (warm-up end to deadline). ` +
    `CPU ms/turn: the server's utime+stime from \`/proc/<pid>/stat\` (all its threads: GC, libuv and LMDB's included). ` +
    `Allocation and GCs come from a separate run of each server, one round over the same levels on a fresh store, that preloads bench/gc-probe.ts (\`--import\`; inert without BENCH_GC_PROBE=1 and the bench's IPC channel); the rounds above run without it, the probe costing the server memory (about 13 MB) and CPU of its own. ` +
    `where v8.GCProfiler records every collection with the heap in use before and after it: allocation = Σ (in use before a collection − in use after the one before) + the growth after the last, ` +
    `i.e. every byte allocated on the V8 heap (Buffers' memory outside it not counted); full GCs = mark-sweep-compact collections; GC pause = their main-thread time.`,
  '',
  '## Load',
  '',
  '| server | users | turns/s | rounds turns/s | p50 ms | p99 ms | errors | timeouts | conversations | turns/conv | server CPU ms/turn | alloc KB/turn | full GCs /10k turns | GC pause ms/turn | peak RSS MB | outcomes |',
  '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...reports.flatMap((r) =>
    r.phases.map(
      (p) =>
        `| ${p.server} | ${p.concurrency} | ${fmt(p.turnsPerSec)} | ${p.roundsTurnsPerSec.map((t) => fmt(t, 0)).join(', ')} | ${fmt(p.p50Ms)} | ${fmt(p.p99Ms)} | ${p.errors} | ${p.timeouts} | ${p.conversations} | ${p.turnsPerConversation} | ${fmt(p.serverCpuMsPerTurn, 2)} | ` +
        `${fmt(p.allocKbPerTurn ?? Number.NaN)} | ${fmt(p.fullGcsPer10kTurns ?? Number.NaN)} | ${fmt(p.gcPauseMsPerTurn ?? Number.NaN, 3)} | ${fmt(p.peakRssMb)} | ` +
        `${
          Object.entries(p.dispositions)
            .map(([d, n]) => `${d} ${n}`)
            .join(', ') || '-'
        } |`,
    ),
  ),
  '',
  '## Bot and echo side by side (same flags, same run; per-turn figures at 32 users)',
  '',
  '| figure | bot | echo | bot ÷ echo |',
  '|---|---:|---:|---:|',
  sideBySide('server CPU ms/turn', bot32?.serverCpuMsPerTurn, echo32?.serverCpuMsPerTurn, 2),
  sideBySide('allocation KB/turn', bot32?.allocKbPerTurn, echo32?.allocKbPerTurn, 1),
  sideBySide('full GCs per 10,000 turns', bot32?.fullGcsPer10kTurns, echo32?.fullGcsPer10kTurns, 1),
  sideBySide('GC pause ms/turn', bot32?.gcPauseMsPerTurn, echo32?.gcPauseMsPerTurn, 3),
  sideBySide('turns/s at 1 user', bot1?.turnsPerSec, echo1?.turnsPerSec, 1),
  sideBySide('turns/s at 32 users', bot32?.turnsPerSec, echo32?.turnsPerSec, 1),
  sideBySide('turns/s at 128 users', bot128?.turnsPerSec, echo128?.turnsPerSec, 1),
  sideBySide('p99 ms at 1 user', bot1?.p99Ms, echo1?.p99Ms, 1),
  sideBySide('p99 ms at 32 users', bot32?.p99Ms, echo32?.p99Ms, 1),
  sideBySide('p99 ms at 128 users', bot128?.p99Ms, echo128?.p99Ms, 1),
  sideBySide(
    `compiled server ready ms (median of ${spawns})`,
    bot && median(bot.readyMs),
    echo && median(echo.readyMs),
    0,
  ),
  sideBySide('peak RSS MB (all levels)', bot && peakMb(bot), echo && peakMb(echo), 1),
  '',
  '## Ready time (spawn → first 200 on /healthz)',
  '',
  '| server | median ms | all ms | VmHWM MB |',
  '|---|---:|---|---:|',
  ...reports.map(
    (r) =>
      `| ${r.kind} | ${fmt(median(r.readyMs), 0)} | ${r.readyMs.map((ms) => fmt(ms, 0)).join(', ') || '-'} | ${fmt(r.hwmMb)} |`,
  ),
  ...(npmStart.length
    ? [
        `| bot via \`npm start\` | ${fmt(median(npmStart.map((r) => r.readyMs)), 0)} | ${npmStart.map((r) => fmt(r.readyMs, 0)).join(', ')} | - |`,
      ]
    : []),
  ...reports.filter((r) => r.problem).map((r) => `\n**${r.kind} failed:** ${r.problem}`),
  ...reports
    .filter((r) => r.gcProblem)
    .map((r) => `\n**${r.kind} GC run failed** (allocation and collections n/a): ${r.gcProblem}`),
  ...reports.flatMap((r) =>
    r.phases
      .filter((p) => p.firstError)
      .map((p) => `\n- First error, ${p.server} at ${p.concurrency} users: ${p.firstError}`),
  ),
  ...extras.flatMap(([title, figures]) =>
    figures
      ? [
          '',
          `## ${title}`,
          '',
          '| figure | value |',
          '|---|---:|',
          ...Object.entries(figures).map(([k, v]) => `| ${k} | ${typeof v === 'number' ? fmt(v, 3) : v} |`),
        ]
      : [],
  ),
  ...(sweep.length
    ? [
        '',
        '## Turn concurrency (bot at 32 users, one server per value of TURN_CONCURRENCY, one round)',
        '',
        '| TURN_CONCURRENCY | turns/s | p50 ms | p99 ms | server CPU ms/turn | errors |',
        '|---:|---:|---:|---:|---:|---:|',
        ...sweep.map(({ limit, phase, problem }) =>
          phase
            ? `| ${limit}${limit === DEFAULT_TURN_CONCURRENCY ? ' (default)' : ''} | ${fmt(phase.turnsPerSec)} | ${fmt(phase.p50Ms)} | ${fmt(phase.p99Ms)} | ${fmt(phase.serverCpuMsPerTurn, 2)} | ${phase.errors} |`
            : `| ${limit} | failed: ${problem} | | | | |`,
        ),
      ]
    : []),
  '',
  '## Targets',
  '',
  '| target | measured | result |',
  '|---|---|---|',
  ...targets.map(
    ([name, measured, result]) =>
      `| ${name} | ${measured.replace(/\s*\n\s*/g, ' / ').replaceAll('|', '\\|')} | ${result} |`,
  ),
  '',
];
const markdown = lines.join('\n');
console.log(`\n${markdown}`);
// A partial run (--only) must not overwrite the full results unless asked to.
const out = args.out ?? (kinds.length === 2 ? join(root, 'bench/RESULTS.md') : undefined);
// Sections measured by hand (the red-flag rounds) are kept from the file being replaced.
const kept = out && existsSync(out) ? readFileSync(out, 'utf8').split(KEPT_FROM)[1] : undefined;
if (out) {
  writeFileSync(out, kept === undefined ? markdown : `${markdown}\n${KEPT_FROM}${kept}`);
  console.log(`written to ${out}`);
}
process.exitCode = reports.some((r) => r.problem ?? r.gcProblem) ? 1 : 0;
