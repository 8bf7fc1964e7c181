import http from 'node:http';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROBE_START, PROBE_STOP, type GcFigures } from './gc-probe.js';

/** A question as carried in `channelData.question` (CONTRACT §3). */
export interface Question {
  id: string;
  kind: 'choice' | 'multi' | 'number';
  choices?: { value: string; title: string }[];
  min?: number;
  max?: number;
}

interface ReplyActivity {
  text?: string;
  channelData?: { question?: Question; triage?: { disposition: string; flags: string[] } };
}

/** Which server a phase talks to: the real bot (full triage conversations) or the echo bot. */
export type ServerKind = 'bot' | 'echo';

/** A request that took longer than the per-request timeout. */
export class TimeoutError extends Error {}

/** Per-request timeout; a slower answer counts as a timeout, not as a latency sample. */
export const REQUEST_TIMEOUT_MS = 5000;
/** A bot conversation longer than this counts as one that never reaches an outcome. */
export const MAX_TURNS_PER_CONVERSATION = 60;

const FIXED_ANSWERS = new Map<string, unknown>([
  ['consent', 'agree'],
  ['age', 35],
  ['country', 'US'],
  ['pain.left', 'thigh'],
  ['pain.right', 'none'],
  ['pain.score', 4],
  ['pain.weeks', 2],
]);

/** The answer a benchmark user gives, chosen so that the triage ends in `self_care`. */
export function answerFor(q: Question): unknown {
  if (FIXED_ANSWERS.has(q.id)) return FIXED_ANSWERS.get(q.id);
  if (q.id.startsWith('redflag.')) return 'no';
  if (q.id.startsWith('redflags.')) return [];
  const first = q.choices?.[0]?.value;
  if (q.kind === 'multi') return first === undefined ? [] : [first];
  if (q.kind === 'number') return q.min ?? 0;
  return first;
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const children = new Set<ChildProcess>();

/** Kills every server this process spawned and has not stopped yet (for exit handlers). */
export function killAllChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** The median of a list (NaN when empty). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] ?? 0) + (s[s.length >> 1] ?? 0)) / 2 : Number.NaN;
}

/** The environment of a benchmarked server. */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  // Empty values beat a developer's .env (dotenv never overrides) and mean "unset" (the default) to loadConfig.
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: '',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    TURN_CONCURRENCY: '',
    ...extra,
  };
}

/** A spawned server that answered 200 on `/healthz`. */
export interface ServerHandle {
  pid: number;
  port: number;
  /** Milliseconds from spawn to the first 200 on `/healthz`. */
  readyMs: number;
  /** False once the process has exited. */
  alive: () => boolean;
  /** The last 2 KB the process wrote to stderr (a crash's stack trace). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the process has exited. */
  stop(): Promise<void>;
  /** The server's GC probe (bench/gc-probe.ts), when it was started with one. */
  gc?: GcProbe;
}

/** Starts and stops the measurement of a server's GC probe; `stop` gives undefined when it does not answer in time. */
export interface GcProbe {
  start(): void;
  stop(): Promise<GcFigures | undefined>;
}

function healthOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Node flags of `npm start` (the heap limit), so both servers run the way a clinic runs the bot
 * and the comparison stays fair.
 */
export const START_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--'));
})();

/**
 * The core a pinned server runs on: core 1 when `taskset` exists and there are two cores or more
 * (the load client then mostly has the others), else undefined (not pinned).
 */
export const PIN_CORE: number | undefined =
  os.cpus().length >= 2 && spawnSync('taskset', ['-c', '1', 'true']).status === 0 ? 1 : undefined;

/** A command line, run on {@link PIN_CORE} by `taskset` when `pin` is set and pinning is possible. */
export function pinned(pin: boolean | undefined, command: string, args: string[]): [string, string[]] {
  return pin && PIN_CORE !== undefined ? ['taskset', ['-c', String(PIN_CORE), command, ...args]] : [command, args];
}

/** The compiled probe that both servers preload in `npm run bench` (`npm run build` compiles it). */
const GC_PROBE = fileURLToPath(new URL('../dist/bench/gc-probe.js', import.meta.url));
const PROBE_TIMEOUT_MS = 5000;

function probeOf(child: ChildProcess): GcProbe {
  return {
    start: () => child.send(PROBE_START),
    stop: () =>
      new Promise((resolve) => {
        const done = (figures: GcFigures | undefined): void => {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(figures);
        };
        const onMessage = (message: unknown): void => {
          const figures = (message as { gcProbe?: GcFigures } | null)?.gcProbe;
          if (figures) done(figures);
        };
        const timer = setTimeout(() => done(undefined), PROBE_TIMEOUT_MS);
        child.on('message', onMessage);
        child.send(PROBE_STOP);
      }),
  };
}

/**
 * Spawns `node <flags> <script>` on a free loopback port and waits (bounded) until it is ready;
 * pinned to {@link PIN_CORE} with `pin`, and with the GC probe preloaded with `gcProbe`.
 */
export async function startServer(opts: {
  script: string;
  cwd: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
  pin?: boolean;
  gcProbe?: boolean;
  /** Node flags instead of {@link START_FLAGS} (to try others). */
  flags?: readonly string[];
}): Promise<ServerHandle> {
  const port = await freePort();
  const started = performance.now();
  const probe = opts.gcProbe ? ['--import', pathToFileURL(GC_PROBE).href] : [];
  const flags = opts.flags ?? START_FLAGS;
  const [command, args] = pinned(opts.pin, process.execPath, [...flags, ...probe, opts.script]);
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...opts.env, PORT: String(port), ...(opts.gcProbe && { BENCH_GC_PROBE: '1' }) },
    stdio: opts.gcProbe ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['ignore', 'ignore', 'pipe'],
  });
  const stderrOf = child.stderr!;
  children.add(child);
  let stderr = '';
  stderrOf.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (!alive()) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  };
  const deadline = started + (opts.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (!alive()) {
      throw new Error(
        `${opts.script} exited before ready (code ${child.exitCode ?? child.signalCode}): ${withoutNoise(stderr)}`,
      );
    }
    if (await healthOk(port)) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${opts.script} not ready after ${opts.readyTimeoutMs ?? 20_000} ms: ${withoutNoise(stderr)}`);
    }
    await sleep(5);
  }
  return {
    pid: child.pid ?? -1,
    port,
    readyMs: performance.now() - started,
    alive,
    stderr: () => withoutNoise(stderr),
    stop,
    ...(opts.gcProbe && { gc: probeOf(child) }),
  };
}

// restify 11 on Node 20 warns about process.binding at every start; that says nothing about a crash.
function withoutNoise(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.trim() && !/DeprecationWarning|--trace-deprecation/.test(line))
    .join('\n');
}

function statusKb(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
}

/** User + system CPU time a process has used so far, in ms (Linux `/proc`); NaN elsewhere. */
export function cpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks * 10; // USER_HZ is 100 on every mainstream Linux build
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's VmRSS every 100 ms and reads its VmHWM (Linux `/proc`); 0 elsewhere. */
export function sampleRss(pid: number): { stop(): { peakRssMb: number; hwmMb: number } } {
  let peak = 0;
  let hwm = 0;
  const read = (): void => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peak = Math.max(peak, statusKb(status, 'VmRSS'));
      hwm = Math.max(hwm, statusKb(status, 'VmHWM'));
    } catch {
      /* process gone or no /proc */
    }
  };
  read();
  const timer = setInterval(read, 100);
  return {
    stop: () => {
      read();
      clearInterval(timer);
      return { peakRssMb: peak / 1024, hwmMb: hwm / 1024 };
    },
  };
}

function post(
  agent: http.Agent,
  port: number,
  activity: object,
): Promise<{ status: number; activities: ReplyActivity[] }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(activity);
    let timedOut = false;
    const fail = (err: Error): void => {
      clearTimeout(timer);
      reject(timedOut ? new TimeoutError() : err);
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          if (res.statusCode !== 200) {
            resolve({ status: res.statusCode ?? 0, activities: [] });
            return;
          }
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { activities?: ReplyActivity[] };
            resolve({ status: 200, activities: body.activities ?? [] });
          } catch {
            resolve({ status: -1, activities: [] }); // unreadable body counts as an error
          }
        });
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, REQUEST_TIMEOUT_MS);
    req.on('error', fail);
    req.end(payload);
  });
}

/** What one phase (one server, one concurrency) measured in its measurement window. */
export interface PhaseResult {
  server: ServerKind;
  concurrency: number;
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  /** Server CPU (user + system) per measured turn: comparable even when the client shares the cores. */
  serverCpuMsPerTurn: number;
  /** CPU of the database's processes per measured turn, when `dbCpuMs` was given (the store's cost outside the server). */
  dbCpuMsPerTurn?: number;
  /** From the server's GC probe, when it has one: KB allocated per turn. */
  allocKbPerTurn?: number;
  /** Full (mark-compact) and young-generation collections per 10,000 turns. */
  fullGcsPer10kTurns?: number;
  scavengesPer10kTurns?: number;
  /** Main-thread GC pauses per turn, in ms. */
  gcPauseMsPerTurn?: number;
  /** Conversations that reached their end (outcome for the bot, all turns for echo). */
  conversations: number;
  /** Median turns of a finished conversation. */
  turnsPerConversation: number;
  dispositions: Record<string, number>;
  /** The first error seen, to tell why without rerunning. */
  firstError?: string;
  peakRssMb: number;
  hwmMb: number;
}

interface PhaseState {
  kind: ServerKind;
  ports: readonly number[];
  agent: http.Agent;
  runId: string;
  measureFrom: number;
  end: number;
  echoTurns: number;
  turns: number;
  latencies: number[];
  errors: number;
  timeouts: number;
  lengths: number[];
  dispositions: Record<string, number>;
  firstError?: string;
}

function fail(s: PhaseState, counted: boolean, why: string): void {
  if (!counted) return;
  s.errors++;
  s.firstError ??= why;
}

async function turn(
  s: PhaseState,
  ids: { conv: string; user: string; vu: number; n: number },
  message: object,
): Promise<ReplyActivity[] | undefined> {
  const start = performance.now();
  const counted = start >= s.measureFrom;
  const activity = {
    type: 'message',
    id: `m${ids.n}`,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    from: { id: ids.user },
    recipient: { id: 'bot' },
    conversation: { id: ids.conv },
    ...message,
  };
  try {
    // Several instances: a conversation's turns go round-robin over them, so consecutive turns alternate.
    const port = s.ports[(ids.vu + ids.n) % s.ports.length] ?? 0;
    const { status, activities } = await post(s.agent, port, activity);
    const end = performance.now();
    if (status !== 200) {
      fail(s, counted, status < 0 ? 'unreadable response body' : `HTTP ${status}`);
      return undefined;
    }
    if (counted) {
      s.latencies.push(end - start);
      if (end <= s.end) s.turns++;
    }
    return activities;
  } catch (err) {
    if (err instanceof TimeoutError) {
      if (counted) s.timeouts++;
    } else fail(s, counted, (err as Error).message);
    return undefined;
  }
}

async function conversation(s: PhaseState, vu: number, seq: number): Promise<void> {
  const ids = { conv: `${s.runId}-c${vu}-${seq}`, user: `${s.runId}-u${vu}-${seq}`, vu, n: 0 };
  const startedInWindow = performance.now() >= s.measureFrom;
  const maxTurns = s.kind === 'bot' ? MAX_TURNS_PER_CONVERSATION : s.echoTurns;
  let message: object = { text: 'hi' };
  let lastId = '';
  for (ids.n = 1; ids.n <= maxTurns; ids.n++) {
    if (performance.now() >= s.end) return; // cut off by the deadline: not an error
    const counted = performance.now() >= s.measureFrom;
    const replies = await turn(s, ids, message);
    if (!replies) return;
    if (s.kind === 'echo') {
      const said = (message as { text: string }).text;
      if (!replies.some((a) => a.text === said)) {
        fail(s, counted, 'echo reply differs from the text sent');
        return;
      }
      message = { text: `turn ${ids.n + 1}` };
      continue;
    }
    const triage = replies.find((a) => a.channelData?.triage)?.channelData?.triage;
    if (triage) {
      if (startedInWindow) {
        s.lengths.push(ids.n);
        s.dispositions[triage.disposition] = (s.dispositions[triage.disposition] ?? 0) + 1;
      }
      return;
    }
    const question = [...replies].reverse().find((a) => a.channelData?.question)?.channelData?.question;
    // Nothing to answer: the conversation would never reach an outcome.
    if (!question) {
      fail(s, counted, `no question and no outcome in the reply to ${JSON.stringify(message)}`);
      return;
    }
    message = { value: { answer: answerFor(question) } };
    lastId = question.id;
  }
  if (s.kind === 'echo') {
    if (startedInWindow) s.lengths.push(maxTurns);
  } else fail(s, startedInWindow, `no outcome after ${maxTurns} turns (last question ${lastId})`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Runs `concurrency` virtual users doing conversations back to back; bounded by warm-up + duration + one timeout.
 * With several ports (instances of one server sharing a store), each conversation's turns go round-robin over
 * them; CPU per turn and peak RSS are then the sums over `pid`'s processes.
 */
export async function runPhase(o: {
  kind: ServerKind;
  port: number | readonly number[];
  pid: number | readonly number[];
  alive: () => boolean;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  echoTurns: number;
  /** CPU ms used so far by the database the server uses (e.g. PostgreSQL's processes), if any. */
  dbCpuMs?: () => number;
  /** The server's GC probe, if it was started with one: allocation and collections in the window. */
  gc?: GcProbe;
}): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const pids = typeof o.pid === 'number' ? [o.pid] : o.pid;
  const rss = pids.map((pid) => sampleRss(pid));
  const serverCpuMs = (): number => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const t0 = performance.now();
  const s: PhaseState = {
    kind: o.kind,
    ports: typeof o.port === 'number' ? [o.port] : o.port,
    agent,
    runId: `${o.kind}-${o.concurrency}-${Date.now().toString(36)}`,
    measureFrom: t0 + o.warmupMs,
    end: t0 + o.warmupMs + o.durationMs,
    echoTurns: o.echoTurns,
    turns: 0,
    latencies: [],
    errors: 0,
    timeouts: 0,
    lengths: [],
    dispositions: {},
  };
  // The server's figures are taken over the window whose turns are counted: warm-up end to deadline.
  let cpuAtStart = Number.NaN;
  let dbCpuAtStart = Number.NaN;
  const openTimer = setTimeout(() => {
    cpuAtStart = serverCpuMs();
    dbCpuAtStart = o.dbCpuMs?.() ?? Number.NaN;
    o.gc?.start();
  }, o.warmupMs);
  let measured: { cpu: number; dbCpu: number | undefined; gc: Promise<GcFigures | undefined> } | undefined;
  const closeWindow = (): void => {
    measured ??= {
      cpu: serverCpuMs() - cpuAtStart,
      dbCpu: o.dbCpuMs ? o.dbCpuMs() - dbCpuAtStart : undefined,
      gc: o.gc ? o.gc.stop() : Promise.resolve(undefined),
    };
  };
  const closeTimer = setTimeout(closeWindow, o.warmupMs + o.durationMs);
  // A dead server would make every request fail at once: stop instead of spinning until the deadline.
  await Promise.all(
    Array.from({ length: o.concurrency }, async (_, vu) => {
      for (let seq = 0; performance.now() < s.end && o.alive(); seq++) await conversation(s, vu, seq);
    }),
  );
  clearTimeout(openTimer);
  clearTimeout(closeTimer);
  closeWindow(); // when the last turns ended before the timer could run
  const { cpu, dbCpu } = measured!;
  const gc = await measured!.gc;
  const mem = rss
    .map((r) => r.stop())
    .reduce((a, b) => ({ peakRssMb: a.peakRssMb + b.peakRssMb, hwmMb: a.hwmMb + b.hwmMb }));
  agent.destroy();
  if (!o.alive()) throw new Error(`the ${o.kind} server exited during the load at ${o.concurrency} users`);
  const sorted = s.latencies.sort((a, b) => a - b);
  const lengths = s.lengths.sort((a, b) => a - b);
  return {
    server: o.kind,
    concurrency: o.concurrency,
    turnsPerSec: s.turns / (o.durationMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: s.errors,
    timeouts: s.timeouts,
    serverCpuMsPerTurn: cpu / s.turns,
    ...(dbCpu === undefined ? {} : { dbCpuMsPerTurn: dbCpu / s.turns }),
    ...(gc && {
      allocKbPerTurn: gc.allocatedBytes / 1024 / s.turns,
      fullGcsPer10kTurns: (gc.markCompacts * 10_000) / s.turns,
      scavengesPer10kTurns: (gc.scavenges * 10_000) / s.turns,
      gcPauseMsPerTurn: gc.pauseMs / s.turns,
    }),
    conversations: lengths.length,
    turnsPerConversation: percentile(lengths, 50) || 0,
    dispositions: s.dispositions,
    firstError: s.firstError,
    peakRssMb: mem.peakRssMb,
    hwmMb: mem.hwmMb,
  };
}
