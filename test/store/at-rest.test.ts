import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLmdbStore, type LmdbStore } from '../../src/store/lmdb.store.js';
import type { Store } from '../../src/store/store.js';

const KEY = 'a-store-key-of-at-least-32-characters!';
const PHONE = '+447700900123';
const USER = `sms:${PHONE}`;
const SENTENCE = 'my left foot went numb on the stairs at the allotment';
const OTHER = 'web:someone-else';
const OTHER_SENTENCE = 'the other patient keeps a garden diary';

/** What must not be found, each in UTF-8 and UTF-16LE: the phone number, its digits alone, the sentence. */
const CANARIES = [PHONE, PHONE.slice(1), SENTENCE];

/** Every file under `dir`, read raw. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((entry) => {
    if (!entry.isFile()) return [];
    const file = path.join(entry.parentPath, entry.name);
    return [{ file: path.relative(dir, file), bytes: fs.readFileSync(file) }];
  });
}

/** `file: needle (encoding)` for every needle found in any file under `dir`. */
function found(dir: string, needles: readonly string[]): string[] {
  return filesUnder(dir).flatMap(({ file, bytes }) =>
    needles.flatMap((needle) =>
      (['utf8', 'utf16le'] as const)
        .filter((enc) => bytes.includes(Buffer.from(needle, enc)))
        .map((enc) => `${file}: ${needle} (${enc})`),
    ),
  );
}

/** Writes the canaries through every kind of data the store keeps, and another user's data. */
async function seed(store: Store): Promise<void> {
  const at = new Date().toISOString();
  await store.saveUser(USER, { locale: 'en-GB', createdAt: at, updatedAt: at, note: SENTENCE });
  await store.appendRecord(USER, { kind: 'checkin', data: { said: SENTENCE, phone: PHONE } });
  const eTag = await store.saveConversation(
    'sms:sms-0123456789abcdef',
    { userKey: USER, machineVersion: 1, snapshot: { context: { said: SENTENCE } }, updatedAt: at },
    undefined,
  );
  // An overwritten snapshot leaves its old version in a freed page.
  await store.saveConversation(
    'sms:sms-0123456789abcdef',
    { userKey: USER, machineVersion: 1, snapshot: { context: { said: `${SENTENCE}!` } }, updatedAt: at },
    eTag,
  );
  await store.addReminder({
    userKey: USER,
    conversationKey: 'sms:sms-0123456789abcdef',
    dueAt: at,
    reference: { user: { id: PHONE }, text: SENTENCE },
  });
  await store.saveConversation(
    `webchat:conv-of-${PHONE}`,
    { userKey: USER, machineVersion: 1, snapshot: {}, updatedAt: at },
    undefined,
  );
  await store.saveUser(OTHER, { createdAt: at, updatedAt: at, note: OTHER_SENTENCE });
  await store.appendRecord(OTHER, { kind: 'triage', data: { said: OTHER_SENTENCE } });
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-at-rest-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const open = (dir: string, key?: string): Promise<LmdbStore> =>
  createLmdbStore({ path: dir, ...(key && { encryptionKey: key }), rewriteDelayMs: 3_600_000 });

describe('the store files at rest', () => {
  it('hold none of the canaries, in any file, when the store is encrypted', async () => {
    const dir = tempDir();
    const store = await open(dir, KEY);
    await seed(store);
    await store.close();
    expect(found(dir, [...CANARIES, OTHER_SENTENCE])).toEqual([]);
    const reopened = await open(dir, KEY);
    expect((await reopened.getUser(USER))?.note).toBe(SENTENCE);
    await reopened.close();
  });

  it('hold the canaries in clear without a key (the search sees plain data)', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await seed(store);
    await store.close();
    const hits = found(dir, CANARIES);
    for (const canary of CANARIES) expect(hits).toContain(`store.mdb: ${canary} (utf8)`);
  });

  for (const key of [undefined, KEY]) {
    it(`hold nothing of a deleted user after close, ${key ? 'with' : 'without'} a key, and keep the others' data`, async () => {
      const dir = tempDir();
      const store = await open(dir, key);
      await seed(store);
      await store.deleteUser(USER);
      await store.close();
      expect(found(dir, CANARIES)).toEqual([]);
      expect(found(dir, [OTHER_SENTENCE])).toEqual(
        key ? [] : ['store.mdb: the other patient keeps a garden diary (utf8)'],
      );
      const reopened = await open(dir, key);
      expect((await reopened.getUser(OTHER))?.note).toBe(OTHER_SENTENCE);
      expect(await reopened.listRecords(OTHER)).toHaveLength(1);
      expect(await reopened.getUser(USER)).toBeUndefined();
      await reopened.close();
    });
  }

  it('hold nothing of a deleted user once the rewrite after the delete has run, while the store stays open', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await seed(store);
    await store.deleteUser(USER);
    expect(found(dir, CANARIES).length).toBeGreaterThan(0);
    await store.compact();
    expect(found(dir, CANARIES)).toEqual([]);
    expect((await store.getUser(OTHER))?.note).toBe(OTHER_SENTENCE);
    await store.close();
  });

  it('hold nothing of a user the retention sweep deleted', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await seed(store);
    expect(await store.deleteIdleUser(USER, new Date(Date.now() + 2 * 86_400_000))).toBe(true);
    await store.close();
    expect(found(dir, CANARIES)).toEqual([]);
  });

  it('hold nothing of a deleted user when the process died before the rewrite: it is done at the next start', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'crash.mts');
    const storeModule = path.resolve(import.meta.dirname, '../../src/store/lmdb.store.ts');
    fs.writeFileSync(
      script,
      `import { createLmdbStore } from ${JSON.stringify(storeModule)};
const store = await createLmdbStore({ path: ${JSON.stringify(path.join(dir, 'data'))}, rewriteDelayMs: 3_600_000 });
await store.saveUser(${JSON.stringify(USER)}, { createdAt: 'x', updatedAt: 'x', note: ${JSON.stringify(SENTENCE)} });
await store.deleteUser(${JSON.stringify(USER)});
process.exit(0);
`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const data = path.join(dir, 'data');
    expect(found(data, [SENTENCE])).not.toEqual([]);
    const store = await open(data);
    expect(found(data, CANARIES)).toEqual([]);
    await store.close();
  });
});
