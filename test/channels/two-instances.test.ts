import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createPostgresDirectLineStorage } from '../../src/store/postgres.directline.js';
import { createPostgresStore } from '../../src/store/postgres.store.js';
import { Conversation } from '../helpers/http-bot.js';
import { runIntake, SELF_CARE_VALUES } from '../helpers/intake-script.js';
import { startStandInConnector } from '../helpers/stand-in-connector.js';
import { databaseUrl, TEST_DATABASE_URL, testSchema } from '../store/postgres.helpers.js';
import { call, newToken, readStream, RestConversation, type DLActivity } from './support/directline-client.js';

const SECRET = 'two-instances-secret-0123456789abcdef0123';
const DAY = 24 * 60 * 60 * 1000;

/** One bot instance on the shared database, as a load balancer would see it. */
interface Instance {
  name: string;
  url: string;
  app: App;
  dataDir: string;
}

const question = (activities: readonly { channelData?: DLActivity['channelData'] }[]) =>
  activities.filter((a) => a.channelData?.question).at(-1)?.channelData?.question?.id;

/** The answer a patient with a clean screen gives to `id` (as runIntake answers by value). */
function answerTo(id: string): unknown {
  if (id in SELF_CARE_VALUES) return SELF_CARE_VALUES[id];
  if (id.startsWith('redflag.')) return 'no';
  if (id.startsWith('redflags.')) return [];
  throw new Error(`no scripted answer for ${id}`);
}

// In CI a missing database is a failure, not a skip (see test/store/postgres.store.test.ts).
describe.skipIf(!TEST_DATABASE_URL && !process.env.CI)('two instances on one PostgreSQL, no sticky sessions', () => {
  const schema = testSchema();
  let t = Date.parse('2026-05-01T08:00:00.000Z');
  const now = () => new Date(t);
  const instances: Instance[] = [];
  let A: Instance;
  let B: Instance;

  /** startApp as in production with DATABASE_URL, but on the test's schema. */
  async function start(name: string): Promise<Instance> {
    const url = databaseUrl();
    const store = await createPostgresStore({ url, schema: schema.name, poolSize: 4 });
    const directLine = await createPostgresDirectLineStorage({ url, schema: schema.name, poolSize: 2 });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sciatica-two-'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      DIRECTLINE_TOKEN_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      WEBCHAT_TOKEN_RATE_LIMIT: '1000',
    });
    const app = await startApp({ config, logger: createLogger('silent'), store, directLine, now });
    const instance = { name, url: `http://127.0.0.1:${app.port}`, app, dataDir };
    instances.push(instance);
    return instance;
  }

  beforeAll(async () => {
    await schema.create();
    [A, B] = [await start('A'), await start('B')];
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.app.close()));
    for (const i of instances) rmSync(i.dataDir, { recursive: true, force: true });
    await schema.drop();
  });

  it('GIVEN one conversation whose turns alternate between A and B THEN it asks what one instance alone would, and records one outcome', async () => {
    const ids = {
      conversation: `conv-${Math.random().toString(36).slice(2)}`,
      user: `user-${Math.random().toString(36).slice(2)}`,
    };
    const sides = [A, B].map((i) => new Conversation(i.url, 'webchat', 'en-GB', ids.conversation, ids.user));
    let current = sides[0]!;
    await current.say('hello');
    const asked: string[] = [];
    for (let turn = 1; !current.triage; turn++) {
      const id = current.question;
      if (!id || turn > 40) throw new Error(`no question and no outcome after ${asked.join(', ')}`);
      asked.push(id);
      const next = sides[turn % 2]!;
      next.last = current.last;
      current = next;
      await current.answer(answerTo(id));
    }
    expect(current.triage.disposition).toBe('self_care');

    const alone = new Conversation(A.url, 'webchat', 'en-GB');
    const single = await runIntake(alone, { mode: 'value' });
    expect(asked).toEqual(single.asked);
    expect(asked.length).toBeGreaterThan(4);
    const triages = await A.app.store.listRecords(`webchat:${ids.user}`, 'triage');
    expect(triages.map((r) => r.data.disposition)).toEqual(['self_care']);
  });

  it('GIVEN a Direct Line stream on A WHEN the messages are posted to B THEN the echoes and replies arrive on the stream, and both serve the transcript', async () => {
    const { token, conversationId } = await newToken(A.url);
    const started = await call<{ streamUrl: string }>(`${A.url}/v3/directline/conversations`, {
      method: 'POST',
      token,
    });
    expect(started.status).toBe(201);
    expect(started.body.streamUrl).toContain(`127.0.0.1:${A.app.port}/`);
    const stream = readStream(started.body.streamUrl);
    await stream.opened;
    const onB = new RestConversation(B.url, token, conversationId, started.body.streamUrl);

    expect((await onB.post({ type: 'message', text: 'hello', locale: 'en-GB' })).status).toBe(200);
    await stream.until(() => question(stream.activities) === 'consent');
    expect(stream.activities[0]).toMatchObject({ from: { role: 'user' }, text: 'hello' });
    expect(
      (await onB.post({ type: 'message', value: { answer: 'agree', question: 'consent' }, locale: 'en-GB' })).status,
    ).toBe(200);
    await stream.until(() => question(stream.activities) === 'age');

    const onA = new RestConversation(A.url, token, conversationId, started.body.streamUrl);
    const ids = stream.activities.map((a) => a.id);
    expect((await onB.get('0')).body.activities.map((a) => a.id)).toEqual(ids);
    expect((await onA.get('0')).body.activities.map((a) => a.id)).toEqual(ids);
    // The token refreshed on B works on A.
    const refreshed = await call<{ token: string }>(`${B.url}/v3/directline/tokens/refresh`, { method: 'POST', token });
    expect(refreshed.status).toBe(200);
    expect((await onA.get('0', refreshed.body.token)).status).toBe(200);
    stream.ws.close();
    await stream.closed;
  });

  it('GIVEN due reminders WHEN both schedulers tick at once THEN each reminder is sent exactly once', async () => {
    const connector = await startStandInConnector();
    try {
      const users = [A, B, A, B, A, B].map((i) => {
        const conv = new Conversation(i.url, 'webchat', 'en-GB');
        conv.serviceUrl = connector.url;
        return conv;
      });
      for (const conv of users) {
        await runIntake(conv, { mode: 'value' });
        expect(conv.question).toBe('reminder.days');
        await conv.say('3');
      }
      expect(await Promise.all([A.app.reminders.tick(), B.app.reminders.tick()])).toEqual([0, 0]);
      t += 3 * DAY + 60_000;
      // (A second tick() on one scheduler while it runs joins the running one: one per instance.)
      const sent = await Promise.all([A.app.reminders.tick(), B.app.reminders.tick()]);
      expect(sent.reduce((x, y) => x + y, 0)).toBe(users.length);
      expect(await Promise.all([A.app.reminders.tick(), B.app.reminders.tick()])).toEqual([0, 0]);
      expect(connector.delivered.map((d) => d.conversationId).sort()).toEqual(
        users.map((u) => u.conversationId).sort(),
      );
    } finally {
      await connector.close();
    }
  });

  it('GIVEN a patient streaming from A WHEN they confirm forget_me on B THEN the stream gets the confirmation and closes, and neither instance serves the transcript to their token', async () => {
    const { token, conversationId, userId } = await newToken(A.url);
    const started = await call<{ streamUrl: string }>(`${A.url}/v3/directline/conversations`, {
      method: 'POST',
      token,
    });
    const stream = readStream(started.body.streamUrl);
    await stream.opened;
    const onB = new RestConversation(B.url, token, conversationId, started.body.streamUrl);
    await onB.post({ type: 'message', text: 'hello', locale: 'en-GB' });
    await onB.post({ type: 'message', value: { answer: 'agree', question: 'consent' }, locale: 'en-GB' });
    await onB.post({ type: 'message', value: { answer: 35, question: 'age' }, locale: 'en-GB' });
    await onB.post({ type: 'message', text: 'forget me', locale: 'en-GB' });
    await stream.until(() => question(stream.activities) === 'forget.confirm');
    expect(await B.app.store.getUser(`webchat:${userId}`)).toBeDefined();

    const confirmed = await onB.post({
      type: 'message',
      value: { answer: 'delete', question: 'forget.confirm' },
      locale: 'en-GB',
    });
    expect(confirmed.status).toBe(200);
    expect(await stream.closed).toBe(1000);
    expect(stream.activities.at(-1)?.text).toMatch(/deleted everything/);

    expect(await A.app.store.getUser(`webchat:${userId}`)).toBeUndefined();
    for (const i of [A, B]) {
      const conv = new RestConversation(i.url, token, conversationId, started.body.streamUrl);
      const read = await conv.get('0');
      expect(read.status, i.name).toBe(403);
      expect(JSON.stringify(read.body)).not.toContain('forget me');
      expect((await conv.post({ type: 'message', text: 'hello again' })).status).toBe(403);
      expect((await call(`${i.url}/v3/directline/tokens/refresh`, { method: 'POST', token })).status).toBe(403);
      expect((await call(`${i.url}/v3/directline/conversations`, { method: 'POST', token })).status).toBe(403);
      await expect(
        readStream(started.body.streamUrl.replace(`:${A.app.port}/`, `:${i.app.port}/`)).opened,
      ).rejects.toThrow('HTTP 404');
    }
    // A new token starts again from the beginning, on either instance.
    const again = await RestConversation.start(B.url);
    expect(question(await again.send({ text: 'hello' }))).toBe('consent');
  });
});
