import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptTokenKey, TOKEN_KEY_FILE } from '../../src/channels/token-key.js';

describe('the web chat token key kept in DATA_DIR', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'token-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is made once, readable by its owner only, and the same after a restart', () => {
    const dir = path.join(tmp(), 'data');
    const first = keptTokenKey(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, TOKEN_KEY_FILE)).mode & 0o077).toBe(0);
    expect(keptTokenKey(dir)).toBe(first);
  });

  it('differs between two data directories', () => {
    expect(keptTokenKey(tmp())).not.toBe(keptTokenKey(tmp()));
  });

  it('refuses a file that is not a key rather than replacing it', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, TOKEN_KEY_FILE), 'short\n');
    expect(() => keptTokenKey(dir)).toThrow(/not a web chat token key/);
    expect(readFileSync(path.join(dir, TOKEN_KEY_FILE), 'utf8')).toBe('short\n');
  });
});
