import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `npm start` compiles first when sources changed since the last build, which can take a while on a busy machine. */
const START_TIMEOUT_MS = 90_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Started {
  npm: ChildProcess;
  ready: Record<string, unknown>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logged: string[];
}

/** `npm start` as a service manager runs it (its own process group, output piped), resolved at the ready line. */
function npmStart(port: number, dataDir: string): Promise<Started> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_SECONDS: '1',
      DATABASE_URL: '',
      MicrosoftAppId: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once('close', (code, signal) => resolve({ code, signal })),
  );
  const logged: string[] = [];
  let stderr = '';
  npm.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    void exited.then(({ code }) => reject(new Error(`npm start exited with ${code} before it was ready: ${stderr}`)));
    createInterface({ input: npm.stdout }).on('line', (line) => {
      logged.push(line);
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === 'bot ready') resolve({ npm, ready: entry, exited, logged });
    });
  });
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

async function started(): Promise<Started & { port: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sciatica-npm-start-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const run = await npmStart(port, dataDir);
  cleanup.push(() => {
    if (groupAlive(run.npm.pid!)) process.kill(-run.npm.pid!, 'SIGKILL');
  });
  return { ...run, port };
}

describe('npm start', () => {
  it(
    'logs one ready line with the URL, and on SIGTERM to npm alone stops node and frees the port',
    { timeout: START_TIMEOUT_MS },
    async () => {
      const { npm, ready, exited, port } = await started();
      expect(ready).toMatchObject({ port, address: `http://localhost:${port}` });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      npm.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(groupAlive(npm.pid!)).toBe(false);
      expect(await portFree(port)).toBe(true);
    },
  );

  it('shuts down once on Ctrl-C, which reaches npm and node both', { timeout: START_TIMEOUT_MS }, async () => {
    const { npm, exited, port, logged } = await started();
    process.kill(-npm.pid!, 'SIGINT');
    expect((await exited).code).toBe(0);
    expect(groupAlive(npm.pid!)).toBe(false);
    expect(await portFree(port)).toBe(true);
    expect(logged.filter((l) => l.includes('"shutting down"'))).toHaveLength(1);
  });
});
