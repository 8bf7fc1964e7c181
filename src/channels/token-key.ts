/**
 * The key that signs web chat tokens and visitor ids when DIRECTLINE_TOKEN_SECRET is not set and the
 * bot runs on its embedded store: made once and kept in DATA_DIR (owner-only), so that after a
 * restart an open page is still recognised and takes its conversation up again.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** File name of the kept key in DATA_DIR. */
export const TOKEN_KEY_FILE = 'webchat-token.key';

/** Shortest key accepted, as for DIRECTLINE_TOKEN_SECRET (an HMAC-SHA256 key). */
const MIN_KEY_LENGTH = 32;

function read(file: string): string | undefined {
  try {
    const key = readFileSync(file, 'utf8').trim();
    return key.length >= MIN_KEY_LENGTH ? key : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The key kept in `dataDir`, made (48 random bytes, mode 0600) the first time.
 * @throws Error when the file exists but is too short to be a key (it is not replaced: tokens
 * signed with it would silently stop working).
 */
export function keptTokenKey(dataDir: string): string {
  const file = path.join(dataDir, TOKEN_KEY_FILE);
  const kept = read(file);
  if (kept) return kept;
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const made = read(file);
  if (!made) throw new Error(`${file} is not a web chat token key (at least ${MIN_KEY_LENGTH} characters); remove it`);
  return made;
}
