import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GRACE_SECONDS = 1;
/** The body reader gives a slow body 15 s: a shutdown that waited for the client would take that long. */
const SLOW_CLIENT_WOULD_HOLD_MS = 15_000;

/** Starts `src/index.ts` as `npm start` would run it, and resolves with the port once it logs "bot ready". */
function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'bot ready' && entry.port) resolve({ child, port: entry.port });
      } catch {
        /* not a log line */
      }
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

describe('shutdown', () => {
  it(
    'exits 0 within the grace period on SIGTERM while a client trickles its body, and frees the port',
    { timeout: 30_000 },
    async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sciatica-shutdown-'));
      cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const { child, port } = await startServer(dataDir);
      cleanup.push(() => child.kill('SIGKILL'));

      // A client that sends its headers, then one byte of a 1,000-byte body, and nothing more.
      const socket = net.connect(port, '127.0.0.1');
      cleanup.push(() => socket.destroy());
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      await new Promise<void>((resolve) =>
        socket.write(
          'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
          () => resolve(),
        ),
      );
      // The health check answers on another connection only after the slow request was accepted.
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);

      const started = Date.now();
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      const took = Date.now() - started;
      expect(took).toBeLessThan(SLOW_CLIENT_WOULD_HOLD_MS / 2);
      await closed;
      const free = net.createServer();
      await new Promise<void>((resolve, reject) => free.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => free.close(() => resolve()));
    },
  );
});
