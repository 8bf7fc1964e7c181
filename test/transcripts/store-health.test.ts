import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES_DIR } from '../../src/app.js';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { Conversation, startTestBot, type TestBot, postWithId, questionIn } from '../helpers/http-bot.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/test-database.js';
import { databaseProxy, TEST_DATABASE_URL } from '../store/postgres.helpers.js';

const t = createI18n(loadLocaleResources(LOCALES_DIR)).getFixedT('en');

async function health(bot: TestBot): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${bot.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

// In CI (.ci/run starts PostgreSQL through scripts/test-postgres.sh) a missing database is a failure, not a skip.
describe.skipIf(!TEST_DATABASE_URL && !process.env.CI)(
  'the bot on PostgreSQL while the database is unreachable',
  () => {
    let database: { url: string };
    let proxy: Awaited<ReturnType<typeof databaseProxy>>;
    let bot: TestBot;
    const lines: string[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      proxy = await databaseProxy();
      const url = new URL(proxy.url);
      url.pathname = new URL(database.url).pathname;
      const destination = new PassThrough();
      destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
      bot = await startTestBot({
        databaseUrl: url.toString(),
        env: { DATABASE_STATEMENT_TIMEOUT_MS: '1000' },
        log: { level: 'info', destination },
      });
    });
    afterAll(async () => {
      await bot.dispose();
      await proxy.close();
      await dropTestDatabase(database.url);
    });

    it('names the store it runs on when ready', () => {
      const ready = lines
        .map((l) => JSON.parse(l) as { msg?: string; store?: string })
        .find((l) => l.msg === 'bot ready');
      expect(ready?.store).toBe('postgres');
    });

    it('is not ready while the store cannot be reached, gives the fallback, half-writes nothing, and is ready again once it can', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.answer('agree');
      expect(conv.question).toBe('age');
      expect(await health(bot)).toEqual({ status: 200, body: { status: 'ok' } });

      proxy.cut();
      expect(await health(bot)).toEqual({ status: 503, body: { status: 'not ready' } });
      const failed = await postWithId(bot.url, conv, 'age-answer', { value: { answer: 40, question: 'age' } });
      expect(failed.map((r) => r.text)).toEqual([t('messages:error_fallback')]);

      proxy.restore();
      expect(await health(bot)).toEqual({ status: 200, body: { status: 'ok' } });
      // The channel's retry of the same activity is taken: nothing of the failed turn was written, not even its mark.
      expect(
        questionIn(await postWithId(bot.url, conv, 'age-answer', { value: { answer: 40, question: 'age' } })),
      ).toBe('redflag.saddle_anaesthesia');
      const store = await bot.openStore();
      try {
        expect(await store.getUser(`webchat:${conv.userId}`)).toMatchObject({ consent: 'agree', age: 40 });
      } finally {
        await store.close();
      }
    });
  },
);
