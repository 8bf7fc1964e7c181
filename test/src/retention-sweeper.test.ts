import { describe, expect, it } from 'vitest';
import { createRetentionSweeper } from '../../src/bot/retention-sweeper.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import type { Store } from '../../src/store/store.js';
import { Conversation, startTestBot } from '../helpers/http-bot.js';

const DAY_MS = 86_400_000;
const T0 = new Date('2030-01-01T09:00:00.000Z');
const daysAfter = (days: number) => new Date(T0.getTime() + days * DAY_MS);

/** A logger that keeps what was logged, to check that no id gets into a line. */
function recordingLogger(): { logger: Logger; lines: unknown[] } {
  const lines: unknown[] = [];
  const logger = createLogger('silent');
  logger.info = (obj: unknown, msg?: string) => void lines.push([obj, msg]);
  return { logger, lines };
}

async function seedUser(store: Store, userKey: string, day: Date): Promise<void> {
  const at = day.toISOString();
  await store.saveUser(userKey, { locale: 'en', createdAt: at, updatedAt: at });
  await store.appendRecord(userKey, { kind: 'triage', data: { disposition: 'self_care' }, at });
  await store.saveConversation(
    `web:conv-${userKey}`,
    { userKey, machineVersion: 1, snapshot: {}, updatedAt: at },
    undefined,
  );
  await store.addReminder({ userKey, conversationKey: `web:conv-${userKey}`, dueAt: at, reference: {} });
}

describe('retention sweeper', () => {
  it('deletes users idle longer than the retention period with all their data, and keeps the others', async () => {
    const store = createMemoryStore();
    await seedUser(store, 'web:idle', T0);
    await seedUser(store, 'web:active', daysAfter(300));
    await store.saveConversation(
      'web:lone-hello',
      { userKey: 'web:nobody', machineVersion: 1, snapshot: {}, updatedAt: T0.toISOString() },
      undefined,
    );
    let clock = daysAfter(365);
    const { logger, lines } = recordingLogger();
    const sweeper = createRetentionSweeper({ store, logger, retentionDays: 365, now: () => clock });

    // Exactly a year: not yet longer than the retention period.
    expect(await sweeper.sweep()).toEqual({ users: 0, messageIds: 0 });
    clock = daysAfter(367);
    expect(await sweeper.sweep()).toEqual({ users: 2, messageIds: 0 });
    expect(await store.getUser('web:idle')).toBeUndefined();
    expect(await store.listRecords('web:idle')).toEqual([]);
    expect(await store.getConversation('web:conv-web:idle')).toBeUndefined();
    expect(await store.listReminders('web:idle')).toEqual([]);
    expect(await store.getConversation('web:lone-hello')).toBeUndefined();
    expect(await store.getUser('web:active')).toBeDefined();
    expect(await store.listRecords('web:active')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/web:/);
    expect(lines).toEqual([[{ users: 2, messageIds: 0, retentionDays: 365 }, 'retention sweep']]);
  });

  it('deletes nobody when the retention is 0, but still forgets expired message ids', async () => {
    const store = createMemoryStore();
    await seedUser(store, 'web:old', T0);
    await store.claimMessageId('sms:SM1', T0, daysAfter(1));
    const sweeper = createRetentionSweeper({
      store,
      logger: createLogger('silent'),
      retentionDays: 0,
      now: () => daysAfter(5000),
    });
    expect(await sweeper.sweep()).toEqual({ users: 0, messageIds: 1 });
    expect(await store.getUser('web:old')).toBeDefined();
  });

  it('deletes more users than fit in one round', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 450; i++)
      await store.saveUser(`web:u${i}`, { createdAt: T0.toISOString(), updatedAt: T0.toISOString() });
    const sweeper = createRetentionSweeper({
      store,
      logger: createLogger('silent'),
      retentionDays: 30,
      now: () => daysAfter(31),
    });
    expect((await sweeper.sweep()).users).toBe(450);
    expect(await store.listIdleUsers(daysAfter(31), 10)).toEqual([]);
  });

  it('is started and stopped by the app, with RETENTION_DAYS from the config and the app clock', async () => {
    let clock = T0;
    const store = createMemoryStore();
    const bot = await startTestBot({ store, now: () => clock, env: { RETENTION_DAYS: '30' } });
    try {
      const conversation = new Conversation(bot.url);
      await conversation.say('hello');
      const userKey = `webchat:${conversation.userId}`;
      expect(await store.listConversations(userKey)).toHaveLength(1);
      clock = daysAfter(30);
      expect((await bot.app.retention.sweep()).users).toBe(0);
      clock = daysAfter(32);
      expect((await bot.app.retention.sweep()).users).toBe(1);
      expect(await store.listConversations(userKey)).toEqual([]);
      expect(await store.getUser(userKey)).toBeUndefined();
    } finally {
      await bot.dispose();
    }
  });
});

describe('the consent question', () => {
  const consentText = async (env: Record<string, string>, locale = 'en-US') => {
    const bot = await startTestBot({ store: createMemoryStore(), env });
    try {
      const conversation = new Conversation(bot.url, 'webchat', locale);
      const replies = await conversation.say('hello');
      return replies.find((r) => r.channelData?.question?.id === 'consent')?.text;
    } finally {
      await bot.dispose();
    }
  };

  it('says how long answers are kept: RETENTION_DAYS, or until the user asks when it is 0', async () => {
    expect(await consentText({ RETENTION_DAYS: '90' })).toContain(
      'I delete them 90 days after your last message, or sooner if you ask me to.',
    );
    expect(await consentText({})).toContain('365 days after your last message');
    expect(await consentText({ RETENTION_DAYS: '0' })).toContain('I keep them until you ask me to delete them.');
    expect(await consentText({ RETENTION_DAYS: '90' }, 'es-ES')).toContain(
      'Las borro 90 días después de tu último mensaje',
    );
    expect(await consentText({ RETENTION_DAYS: '1' })).toContain('1 day after');
  });
});
