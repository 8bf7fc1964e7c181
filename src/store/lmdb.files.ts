import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** The LMDB data file in DATA_DIR (its lock file is `store.mdb-lock`). */
export const STORE_FILE = 'store.mdb';

/**
 * Next to an encrypted store: a check value of its key (an HMAC under the secret, which reveals
 * neither the secret nor the encryption key). LMDB itself cannot tell a wrong key: it reads the
 * pages as garbage, and lmdb-js crashes the process when the key is missing or not needed.
 */
const KEY_CHECK_FILE = 'store.key-check';

/** Thrown at start when the store in DATA_DIR can't be opened as configured; the message says what to do. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** What STORE_ENCRYPTION_KEY gives the store. */
export interface StoreKey {
  /** The key lmdb takes: exactly 32 bytes (32 base64 characters, 192 bits). */
  lmdbKey: string;
  /** The check value kept in `store.key-check`. */
  check: string;
}

/** Derives the LMDB key and its check value from the secret (any length ≥ 32 characters). */
export function deriveStoreKey(secret: string): StoreKey {
  const derive = (label: string) => createHmac('sha256', secret).update(`sciatica-bot/lmdb/${label}`).digest('base64');
  return { lmdbKey: derive('encryption-key/v1').slice(0, 32), check: derive('key-check/v1') };
}

/** How a store file is stored on disk. */
type FileState = 'missing' | 'plain' | 'encrypted';

/** LMDB's meta page 0: the magic number after a 24-byte page header (data format 2), then the env flags. */
const MDB_MAGIC = 0xbeefc0de;
const MAGIC_OFFSET = 24;
const FLAGS_OFFSET = 52;
/** `MDB_ENCRYPT` in the meta page's flags. */
const MDB_ENCRYPT = 0x2000;

/** Reads the meta page of an LMDB file (kept in clear, also when the data is encrypted). */
function fileState(file: string): FileState {
  if (!existsSync(file)) return 'missing';
  const header = Buffer.alloc(64);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read === 0) return 'missing';
  if (read < header.length || header.readUInt32LE(MAGIC_OFFSET) !== MDB_MAGIC) {
    throw new StoreOpenError(
      `${file} is not an LMDB store this version can read; move it away or point DATA_DIR elsewhere`,
    );
  }
  return header.readUInt16LE(FLAGS_OFFSET) & MDB_ENCRYPT ? 'encrypted' : 'plain';
}

function readKeyCheck(dir: string): string | undefined {
  const path = join(dir, KEY_CHECK_FILE);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

function sameCheck(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Writes `store.key-check` durably (temp file, fsync, rename). */
export function writeKeyCheck(dir: string, key: StoreKey): void {
  const path = join(dir, KEY_CHECK_FILE);
  writeFileSync(`${path}.tmp`, `${key.check}\n`, { mode: 0o600 });
  syncFile(`${path}.tmp`);
  renameSync(`${path}.tmp`, path);
  syncDir(dir);
}

/**
 * Checks the store file in `dir` against the configured key before lmdb opens it. Throws a
 * {@link StoreOpenError} for an encrypted store without a key or with another key; returns
 * `'encrypt'` when a plain store must first be encrypted with the key now set, else `'open'`.
 */
export function checkStoreKey(dir: string, key: StoreKey | undefined): 'open' | 'encrypt' {
  const state = fileState(join(dir, STORE_FILE));
  if (state === 'missing') {
    if (key) writeKeyCheck(dir, key);
    else rmSync(join(dir, KEY_CHECK_FILE), { force: true });
    return 'open';
  }
  if (state === 'plain') return key ? 'encrypt' : 'open';
  if (!key) {
    throw new StoreOpenError(
      'the store in DATA_DIR is encrypted: set STORE_ENCRYPTION_KEY to the key it was written with',
    );
  }
  const check = readKeyCheck(dir);
  if (check === undefined) {
    throw new StoreOpenError(
      `the store in DATA_DIR is encrypted but ${KEY_CHECK_FILE} is missing, so STORE_ENCRYPTION_KEY can't be checked: ` +
        `restore ${KEY_CHECK_FILE} from the backup of this store`,
    );
  }
  if (!sameCheck(check, key.check)) {
    throw new StoreOpenError('STORE_ENCRYPTION_KEY is not the key the store in DATA_DIR was encrypted with');
  }
  return 'open';
}

/** Flushes a file to disk. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory's entries (a rename) to disk where the platform can (not on Windows). */
function syncDir(dir: string): void {
  try {
    syncFile(dir);
  } catch (err) {
    if (!['EISDIR', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}

/** Replaces `file` with `next` atomically, durably, and drops `next`'s lock file. */
export function replaceFile(next: string, file: string): void {
  syncFile(next);
  renameSync(next, file);
  syncDir(dirname(file));
  rmSync(`${next}-lock`, { force: true });
}
