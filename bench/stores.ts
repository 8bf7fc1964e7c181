// LMDB vs PostgreSQL, and two instances vs one on one PostgreSQL database (issue 13 item 7), beside the echo bot.
//
//   scripts/test-postgres.sh npm run bench:stores -- --warmup 2 --duration 8 --rounds 1
//
// Every bot server runs as `npm start` runs it (bench/load.ts START_FLAGS), on a fresh store: its own DATA_DIR,
// and for PostgreSQL a new database (CREATE DATABASE on TEST_DATABASE_URL's cluster, dropped at the end) shared
// by the configuration's instances. With two instances each conversation's turns go round-robin over their ports,
// so consecutive turns of one conversation alternate between the instances (no sticky sessions). The section
// `## Stores (issue 13)` is written at the end of bench/RESULTS.md (after the kept hand-measured sections, so
// `npm run bench` keeps it), replacing an earlier one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  START_FLAGS,
  cpuMs,
  killAllChildren,
  runPhase,
  serverEnv,
  startServer,
  type PhaseResult,
  type ServerHandle,
} from './load.js';

const SECTION = '## Stores (issue 13)';
const USAGE = `scripts/test-postgres.sh npm run bench:stores -- [--stores lmdb,postgres] [--instances 1,2] [--concurrency 32,128] [--warmup 2] [--duration 8] [--rounds 1] [--no-echo] [--database-url URL] [--note TEXT] [--out bench/RESULTS.md]`;
const { values: args } = parseArgs({
  options: {
    stores: { type: 'string', default: 'lmdb,postgres' },
    instances: { type: 'string', default: '1,2' },
    concurrency: { type: 'string', default: '32,128' },
    warmup: { type: 'string', default: '2' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '1' },
    'no-echo': { type: 'boolean' },
    'database-url': { type: 'string' },
    note: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

type StoreKind = 'lmdb' | 'postgres';
const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = { bot: join(root, 'dist/src/index.js'), echo: join(root, 'dist/bench/echo-server.js') };
const list = (text: string): string[] =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
const seconds = (text: string, fallback: number, max: number): number =>
  Math.min(max, Math.max(0, Number(text) || fallback)) * 1000;
const warmupMs = seconds(args.warmup, 2, 30);
const durationMs = seconds(args.duration, 8, 60);
const rounds = Math.min(5, Math.max(1, Number(args.rounds) || 1));
const levels = list(args.concurrency)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0 && n <= 1024);
const stores = list(args.stores).filter((s): s is StoreKind => s === 'lmdb' || s === 'postgres');
const instanceCounts = list(args.instances)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n >= 1 && n <= 4);
const adminUrl = args['database-url'] ?? process.env.TEST_DATABASE_URL ?? '';
if (stores.includes('postgres') && !adminUrl) {
  console.error(`PostgreSQL needs TEST_DATABASE_URL (run under scripts/test-postgres.sh) or --database-url.\n${USAGE}`);
  process.exit(2);
}
for (const script of Object.values(scripts))
  if (!existsSync(script)) {
    console.error(`${script} not found: npm run build first`);
    process.exit(2);
  }

/** One server configuration: the echo bot, or the bot on one store with one or more instances. */
interface Config {
  server: 'bot' | 'echo';
  store: StoreKind | '-';
  instances: number;
  handles: ServerHandle[];
  databaseUrl?: string;
  runs: PhaseResult[];
  problem?: string;
}
const configs: Config[] = [];
const skipped: string[] = [];
for (const store of stores) {
  for (const instances of instanceCounts) {
    // LMDB is one process's store (its snapshot cache and Direct Line state are in memory): one instance only.
    if (store === 'lmdb' && instances > 1) {
      skipped.push(`lmdb × ${instances} (an LMDB store serves one process)`);
      continue;
    }
    configs.push({ server: 'bot', store, instances, handles: [], runs: [] });
  }
}
if (!args['no-echo']) configs.push({ server: 'echo', store: '-', instances: 1, handles: [], runs: [] });

async function admin<T>(sql: string, read?: (rows: Record<string, unknown>[]) => T): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query(sql);
    return read?.(result.rows as Record<string, unknown>[]);
  } finally {
    await client.end();
  }
}

/** CPU ms of the PostgreSQL cluster so far: the postmaster (with the children it has reaped) and its live children. */
function postgresCpu(postmaster: number): () => number {
  const stat = (pid: string | number): string[] | undefined => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    } catch {
      return undefined;
    }
  };
  return () => {
    const own = stat(postmaster);
    // utime, stime, cutime, cstime are fields 14–17 of /proc/PID/stat (11–14 after the command name); USER_HZ 100.
    let ms = own ? (Number(own[13]) + Number(own[14])) * 10 + cpuMs(postmaster) : Number.NaN;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      if (stat(pid)?.[1] === String(postmaster)) ms += cpuMs(Number(pid));
    }
    return ms;
  };
}

const dataDirs: string[] = [];
const databases: string[] = [];
const cleanUp = (): void => {
  killAllChildren();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const fmt = (n: number | undefined, digits = 1): string =>
  n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
const loadBefore = os.loadavg();
const tokenSecret = randomBytes(36).toString('base64url');
let postgresVersion = '';
let dbCpuMs: (() => number) | undefined;
let echoTurns = 10;

async function start(config: Config): Promise<void> {
  const script = config.server === 'bot' ? scripts.bot : scripts.echo;
  const extra: Record<string, string> = {};
  if (config.store === 'postgres') {
    const name = `bench_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    databases.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    config.databaseUrl = url.toString();
    Object.assign(extra, { DATABASE_URL: config.databaseUrl, DIRECTLINE_TOKEN_SECRET: tokenSecret });
  }
  // One after the other: the first applies the migrations (under their advisory lock), the others find them done.
  for (let i = 0; i < config.instances; i++) {
    const dataDir = mkdtempSync(join(os.tmpdir(), `bench-${config.store === '-' ? config.server : config.store}-`));
    dataDirs.push(dataDir);
    config.handles.push(await startServer({ script, cwd: root, env: serverEnv(dataDir, extra) }));
  }
}

try {
  if (stores.includes('postgres')) {
    postgresVersion =
      (await admin('SHOW server_version', (rows) => {
        const v = rows[0]?.server_version;
        return typeof v === 'string' ? v : '';
      })) ?? '';
    // The postmaster is the parent of this connection's backend (read while the backend still runs).
    const ppid = await admin(
      'SELECT pg_backend_pid() AS pid',
      (rows) =>
        readFileSync(`/proc/${Number(rows[0]?.pid)}/stat`, 'utf8')
          .split(') ')[1]
          ?.split(' ')[1],
    );
    if (ppid) dbCpuMs = postgresCpu(Number(ppid));
  }
  for (const config of configs) {
    try {
      await start(config);
    } catch (err) {
      config.problem = (err as Error).message;
      console.error(`${label(config)}: ${config.problem}`);
    }
  }
  // Rounds interleave the configurations level by level, so a noisy neighbour hurts all of them rather than one.
  for (let round = 1; round <= rounds; round++) {
    for (const concurrency of levels) {
      for (const config of configs) {
        if (config.problem) continue;
        const handles = config.handles;
        try {
          const phase = await runPhase({
            kind: config.server,
            port: handles.map((h) => h.port),
            pid: handles.map((h) => h.pid),
            alive: () => handles.every((h) => h.alive()),
            concurrency,
            warmupMs,
            durationMs,
            echoTurns,
            ...(config.store === 'postgres' && dbCpuMs ? { dbCpuMs } : {}),
          });
          config.runs.push(phase);
          if (config.server === 'bot' && echoTurns === 10 && phase.turnsPerConversation > 0)
            echoTurns = phase.turnsPerConversation;
          console.log(
            `round ${round} ${label(config)} x${concurrency}: ${fmt(phase.turnsPerSec)} turns/s, p50 ${fmt(phase.p50Ms)} ms, p99 ${fmt(phase.p99Ms)} ms, ` +
              `${phase.errors} errors, ${phase.timeouts} timeouts, ${fmt(phase.serverCpuMsPerTurn, 2)} CPU ms/turn` +
              (phase.dbCpuMsPerTurn === undefined ? '' : ` + PostgreSQL ${fmt(phase.dbCpuMsPerTurn, 2)}`) +
              (phase.firstError ? `; first error: ${phase.firstError}` : ''),
          );
        } catch (err) {
          config.problem = [(err as Error).message, ...handles.map((h) => h.stderr())].filter(Boolean).join(': ');
          console.error(`${label(config)}: ${config.problem}`);
        }
      }
    }
  }
  for (const config of configs) for (const handle of config.handles) await handle.stop();
} finally {
  cleanUp();
  for (const name of databases) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
}

function label(c: Config): string {
  return c.server === 'echo' ? 'echo' : `bot ${c.store} × ${c.instances}`;
}

const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
const loadAfter = os.loadavg();
const rows = configs.flatMap((c) => {
  if (c.runs.length === 0)
    return [
      `| ${c.server} | ${c.store} | ${c.instances} | - | failed: ${(c.problem ?? 'not run').replace(/\s*\n\s*/g, ' / ').replaceAll('|', '\\|')} | | | | | | | |`,
    ];
  return c.runs.map(
    (p) =>
      `| ${c.server} | ${c.store} | ${c.instances} | ${p.concurrency} | ${fmt(p.turnsPerSec)} | ${fmt(p.p50Ms)} | ${fmt(p.p99Ms)} | ${p.errors} | ${p.timeouts} | ` +
      `${fmt(p.serverCpuMsPerTurn, 2)} | ${p.dbCpuMsPerTurn === undefined ? '-' : fmt(p.dbCpuMsPerTurn, 2)} | ${fmt(p.peakRssMb)} | ${p.conversations} |`,
  );
});
const errorsSeen = configs.flatMap((c) => [
  ...c.runs
    .filter((p) => p.firstError)
    .map((p) => `- First error, ${label(c)} at ${p.concurrency} users (${p.errors} errors): ${p.firstError}`),
  ...(c.problem ? [`- ${label(c)} failed: ${c.problem.replace(/\s*\n\s*/g, ' / ')}`] : []),
]);
const section = [
  SECTION,
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpuModel}, nproc ${os.availableParallelism()}, ${fmt(os.totalmem() / 2 ** 30)} GiB RAM; load average ${loadBefore.map((l) => fmt(l, 2)).join(' / ')} at the start, ` +
    `${loadAfter.map((l) => fmt(l, 2)).join(' / ')} at the end${args.note ? ` (${args.note})` : ''}`,
  `- Node: ${process.version}${postgresVersion ? `; PostgreSQL ${postgresVersion}` : ''}`,
  `- Method: \`scripts/test-postgres.sh npm run bench:stores -- --warmup ${warmupMs / 1000} --duration ${durationMs / 1000} --rounds ${rounds}\` (bench/stores.ts over bench/load.ts). ` +
    `Servers run as \`node ${START_FLAGS.join(' ')} <compiled js>\` with LOG_LEVEL=silent and the default pool, statement timeout and TURN_CONCURRENCY, each configuration on a fresh store ` +
    `(LMDB: a temporary DATA_DIR; PostgreSQL: a new database on the throwaway cluster of scripts/test-postgres.sh, which runs with fsync=off, synchronous_commit=off, full_page_writes=off, ` +
    `so its commits cost no disk flush, while LMDB's are lmdb-js defaults). ` +
    `With 2 instances both use one database, and each conversation's turns go round-robin over the two ports, so consecutive turns alternate between the instances. ` +
    `Each level: ${warmupMs / 1000} s warm-up then ${durationMs / 1000} s measured, ${rounds} round(s) interleaving the configurations level by level. ` +
    `Virtual users run whole conversations back to back (bot: a triage answered by value to a self_care outcome; echo: ${echoTurns} text turns), request timeout 5 s. ` +
    `Server CPU ms/turn is the bot process(es)' user+system time per measured turn (summed over instances); PostgreSQL CPU ms/turn is the cluster's (postmaster and backends); ` +
    `the load client, the servers and PostgreSQL share the machine's cores. Peak RSS is summed over instances.` +
    (skipped.length ? ` Not run: ${skipped.join('; ')}.` : ''),
  '',
  '| server | store | instances | users | turns/s | p50 ms | p99 ms | errors | timeouts | server CPU ms/turn | PostgreSQL CPU ms/turn | peak RSS MB | conversations |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  ...(errorsSeen.length ? ['', ...errorsSeen] : []),
  '',
].join('\n');
console.log(`\n${section}`);

const out = args.out ?? join(root, 'bench/RESULTS.md');
const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
// Replaces an earlier Stores section (up to the next `## ` heading or the end), else appends at the end.
const at = previous.indexOf(`\n${SECTION}\n`);
const next = at < 0 ? -1 : previous.indexOf('\n## ', at + SECTION.length + 1);
const updated =
  at < 0
    ? `${previous.replace(/\n*$/, '')}\n\n${section}`
    : `${previous.slice(0, at + 1)}${section}${next < 0 ? '' : `\n${previous.slice(next + 1)}`}`;
writeFileSync(out, updated);
console.log(`written to ${out}`);
process.exitCode = configs.some((c) => c.problem) ? 1 : 0;
