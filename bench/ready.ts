/**
 * Ready time: milliseconds from spawn to the first 200 on `/healthz`, for the compiled server
 * (`node <flags> dist/src/index.js`) and for `npm start` as a service manager runs it (npm, its
 * `prestart`, the shell it runs the script in, then node), each pinned to one core like the load's servers
 * (bench/load.ts PIN_CORE). Run alone as
 * `node --import tsx bench/ready.ts [--spawns 5]`; `npm run bench` uses it too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, median, pinned, serverEnv, startServer } from './load.js';

/** What one `npm start` did: how long to ready, and whether SIGTERM to npm stopped node too. */
export interface NpmStartRun {
  readyMs: number;
  /** True when npm exited on SIGTERM but the port was still held (an orphaned node). */
  orphaned: boolean;
}

const READY_TIMEOUT_MS = 30_000;

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

/** True when nothing accepts connections on the port. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * Spawns `npm start` in its own process group, waits for the first 200 on `/healthz`, then sends
 * SIGTERM to npm alone (what a service manager does) and checks that the port is freed. Whatever
 * is left of the group is killed afterwards, so a broken signal path cannot leak a server.
 */
async function npmStartOnce(opts: { cwd: string; env: Record<string, string> }): Promise<NpmStartRun> {
  const port = await freePort();
  const started = performance.now();
  const [command, args] = pinned(true, 'npm', ['start']);
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...opts.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (): void => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* group already gone */
    }
  };
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`npm start exited before ready (${child.exitCode ?? child.signalCode}): ${output}`);
      if (await healthOk(port)) break;
      if (performance.now() - started > READY_TIMEOUT_MS)
        throw new Error(`npm start not ready after ${READY_TIMEOUT_MS} ms`);
      await sleep(5);
    }
    const readyMs = performance.now() - started;
    child.kill('SIGTERM');
    const force = setTimeout(killGroup, 10_000);
    await exited;
    clearTimeout(force);
    // An orphaned node holds the port for good; one still closing frees it within a second.
    let free = await portFree(port);
    for (let i = 0; i < 20 && !free; i++) {
      await sleep(50);
      free = await portFree(port);
    }
    return { readyMs, orphaned: !free };
  } finally {
    killGroup();
  }
}

/** Ready times of `spawns` fresh starts of the compiled server. */
async function compiledReady(opts: {
  script: string;
  cwd: string;
  env: (dataDir: string) => Record<string, string>;
  spawns: number;
}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < opts.spawns; i++) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-ready-'));
    try {
      const handle = await startServer({ script: opts.script, cwd: opts.cwd, env: opts.env(dataDir), pin: true });
      times.push(handle.readyMs);
      await handle.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return times;
}

/** `spawns` runs of `npm start`, each stopped with SIGTERM to npm. */
export async function npmStartReady(opts: {
  cwd: string;
  env: (dataDir: string) => Record<string, string>;
  spawns: number;
}): Promise<NpmStartRun[]> {
  const runs: NpmStartRun[] = [];
  for (let i = 0; i < opts.spawns; i++) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-npm-start-'));
    try {
      runs.push(await npmStartOnce({ cwd: opts.cwd, env: opts.env(dataDir) }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return runs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { spawns: { type: 'string', default: '5' }, only: { type: 'string' } } });
  const spawns = Math.min(20, Math.max(1, Number(values.spawns) || 5));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const show = (name: string, times: number[]): void =>
    console.log(`${name}: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  if (values.only !== 'npm') {
    show(
      'compiled bot',
      await compiledReady({ script: join(root, 'dist/src/index.js'), cwd: root, env: (dir) => serverEnv(dir), spawns }),
    );
    show(
      'compiled echo',
      await compiledReady({
        script: join(root, 'dist/bench/echo-server.js'),
        cwd: root,
        env: (dir) => serverEnv(dir),
        spawns,
      }),
    );
  }
  if (values.only !== 'node') {
    const runs = await npmStartReady({ cwd: root, env: (dir) => serverEnv(dir), spawns });
    show(
      'npm start',
      runs.map((r) => r.readyMs),
    );
    console.log(`npm start: ${runs.filter((r) => r.orphaned).length} of ${runs.length} SIGTERMs left the port held`);
  }
}
