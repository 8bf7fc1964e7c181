// Compiles the server (tsc -b tsconfig.build.json, incremental) and records a successful build.
// With --if-changed (what `npm start` runs first) it compiles only when a source, a tsconfig or
// package.json changed since the last successful build: a check of file times that takes a few
// milliseconds, where even a no-op tsc takes a few hundred. Plain JavaScript, so it runs before
// anything is compiled and without tsx.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CONFIG = 'tsconfig.build.json';
/** Written only after a build without errors, dated when that build began. */
const STAMP = join(ROOT, 'dist', '.build-ok');
const ENTRY = join(ROOT, 'dist', 'src', 'index.js');

/** The newest modification time among the build's inputs, directories included (a deleted file changes its directory). */
function newestInput() {
  const config = JSON.parse(readFileSync(join(ROOT, CONFIG), 'utf8'));
  const excluded = (config.exclude ?? []).map((p) => resolve(ROOT, p));
  let newest = 0;
  const visit = (path) => {
    if (excluded.some((e) => path === e || path.startsWith(`${e}${sep}`))) return;
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an include that does not exist (yet)
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const path of [...(config.include ?? []), CONFIG, 'tsconfig.json', 'package.json']) visit(resolve(ROOT, path));
  return newest;
}

function upToDate() {
  if (!existsSync(STAMP) || !existsSync(ENTRY)) return false;
  return newestInput() < statSync(STAMP).mtimeMs;
}

/** Runs tsc -b; a stop signal (a service manager stopping `npm start` mid-compile) is passed on to it. */
function build() {
  const startedAt = new Date();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const child = spawn(process.execPath, [tsc, '-b', CONFIG], { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      if (code !== 0) return resolve(code ?? 1);
      // Dated when the build began: a file saved while it ran counts as changed next time.
      writeFileSync(STAMP, '');
      utimesSync(STAMP, startedAt, startedAt);
      resolve(0);
    });
  });
}

if (process.argv.includes('--if-changed')) {
  if (upToDate()) process.exit(0);
  process.stderr.write(`Sources changed since the last build: compiling (tsc -b ${CONFIG})…\n`);
}
process.exitCode = await build();
