import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { checkStoreKey, deriveStoreKey, replaceFile, STORE_FILE, writeKeyCheck, type StoreKey } from './lmdb.files.js';
import { copyDatabases, MAX_DBS, openDatabases, type Databases } from './lmdb.schema.js';

/** `meta` flag: data was deleted and the file still holds it in freed pages until the next rewrite. */
const REWRITE_OWED = 'rewrite-owed';

/** A rewrite (ops waiting) takes at most 1/PAUSE_SHARE of the time while deletes keep coming. */
const PAUSE_SHARE = 20;

/**
 * Address space mapped for a plain (unencrypted) store file, not memory: the file stays as large
 * as its data, and lmdb grows the map past this if it ever fills. Left to itself lmdb starts at
 * 128 KB and maps the file again each time it outgrows the map, keeping the earlier maps, whose
 * pages then count several times in the process's resident memory (+20 MB in `npm run bench`).
 * An encrypted store maps its file in chunks (lmdb's `remapChunks`) and keeps lmdb's default.
 */
const MAP_SIZE = 2 ** 30;

/** Options of {@link openLmdbEnvironment}. */
export interface LmdbEnvironmentOptions {
  /** DATA_DIR: holds `store.mdb`, its lock file and, when encrypted, `store.key-check`. */
  dir: string;
  /** STORE_ENCRYPTION_KEY; without it the file is not encrypted. */
  encryptionKey?: string;
  /**
   * How long after a delete the file is rewritten, so deletes close together cost one rewrite.
   * Never less than {@link PAUSE_SHARE} times the last rewrite took: ops wait during a rewrite.
   */
  rewriteDelayMs: number;
  /** Told when a rewrite after a delete failed (it is tried again after the next delete, at close or start). */
  onRewriteError: (err: Error) => void;
  /** One-time upgrades of the data, run when the environment is first opened. */
  upgrade: (env: RootDatabase, db: Databases) => void;
}

/** The LMDB environment of the store, which a rewrite replaces underneath its users. */
export interface LmdbEnvironment {
  /** The environment and its databases; read them again after any `await`. */
  current(): { env: RootDatabase; db: Databases };
  /**
   * Runs `op` at once, or after the rewrite in progress (the handles change). Ops that wait
   * start in call order, so LMDB still sees writes in the order they were asked for.
   */
  run<T>(op: () => Promise<T>): Promise<T>;
  /** Call inside the transaction that deletes user data: the file is rewritten after the delay. */
  markDeleted(): void;
  /** Rewrites the file now (see {@link openLmdbEnvironment}). */
  rewrite(): Promise<void>;
  /** Rewrites if owed, then closes. */
  close(): Promise<void>;
}

/**
 * Opens the store file in `opts.dir`, checking the encryption key first (see lmdb.files.ts).
 *
 * **Rewrites.** LMDB never wipes freed pages: a deleted value or key (`sms:+44…`) stays in the
 * file until its page is reused. After a delete the file is therefore rewritten: every live
 * entry is copied into a new file, which replaces the old one by rename; ops wait meanwhile.
 * The rewrite is owed from the deleting transaction on (a `meta` flag), so a crash before it
 * happens means it happens at the next start. The same copy encrypts a plain store the first
 * time a key is set; lmdb's own `backup(path, compact)` is not used because its copy of an
 * encrypted store can't be opened again. The copy is one synchronous transaction: 10 000 users
 * (20 MB) take about half a second, hence the delay that gathers deletes. The swap assumes one
 * process per DATA_DIR (several instances use PostgreSQL).
 */
export async function openLmdbEnvironment(opts: LmdbEnvironmentOptions): Promise<LmdbEnvironment> {
  mkdirSync(opts.dir, { recursive: true });
  const file = join(opts.dir, STORE_FILE);
  const next = `${file}.rewrite`;
  const key = opts.encryptionKey === undefined ? undefined : deriveStoreKey(opts.encryptionKey);
  const openEnv = (k: StoreKey | undefined) =>
    open({ path: file, maxDbs: MAX_DBS, ...(k ? { encryptionKey: k.lmdbKey } : { mapSize: MAP_SIZE }) });

  const discardCopy = () => [next, `${next}-lock`].forEach((f) => rmSync(f, { force: true }));

  // A copy left by a crash mid-rewrite is incomplete; the file it was to replace is intact.
  discardCopy();
  if (checkStoreKey(opts.dir, key) === 'encrypt' && key) {
    const plain = openEnv(undefined);
    opts.upgrade(plain, openDatabases(plain));
    await copyInto(plain, key);
    writeKeyCheck(opts.dir, key);
    await plain.close();
    replaceFile(next, file);
  }

  let env = openEnv(key);
  let db = openDatabases(env);
  opts.upgrade(env, db);
  let paused: Promise<void> | undefined;
  let rewriting: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let lastRewriteMs = 0;

  /** Copies `from` into a new file at `next`, never into what an earlier failed rewrite left there. */
  async function copyInto(from: RootDatabase, k: StoreKey | undefined): Promise<void> {
    discardCopy();
    const to = open({ path: next, maxDbs: MAX_DBS, ...(k && { encryptionKey: k.lmdbKey }) });
    try {
      copyDatabases(from, to);
    } finally {
      await to.close();
    }
  }

  async function rewriteNow(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const started = Date.now();
    let resume!: () => void;
    paused = new Promise<void>((resolve) => (resume = resolve));
    try {
      // Queued after every write asked for before the pause: once it commits, they all have.
      await env.transaction(() => undefined);
      try {
        await copyInto(env, key);
      } catch (err) {
        discardCopy();
        throw err;
      }
      await env.close();
      try {
        replaceFile(next, file);
      } finally {
        env = openEnv(key);
        db = openDatabases(env);
      }
      await db.meta.remove(REWRITE_OWED);
    } finally {
      paused = undefined;
      resume();
      lastRewriteMs = Date.now() - started;
    }
  }

  const rewrite = (): Promise<void> => (rewriting ??= rewriteNow().finally(() => (rewriting = undefined)));

  const schedule = (): void => {
    if (timer || closed) return;
    timer = setTimeout(
      () => void rewrite().catch(opts.onRewriteError),
      Math.max(opts.rewriteDelayMs, PAUSE_SHARE * lastRewriteMs),
    );
    timer.unref();
  };

  if (db.meta.get(REWRITE_OWED)) await rewrite();

  return {
    current: () => ({ env, db }),
    run: (op) => (paused ? waitOpen().then(op) : op()),
    markDeleted() {
      void db.meta.put(REWRITE_OWED, true);
      schedule();
    },
    rewrite,
    async close() {
      closed = true;
      await rewriting?.catch(() => undefined);
      if (timer || db.meta.get(REWRITE_OWED)) await rewrite().catch(opts.onRewriteError);
      await env.close();
    },
  };

  async function waitOpen(): Promise<void> {
    while (paused) await paused;
  }
}
