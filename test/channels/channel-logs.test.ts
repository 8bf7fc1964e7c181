import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMemoryStore } from '../../src/store/memory.store.js';
import { RestConversation } from './support/directline-client.js';

describe('channel logs', () => {
  it('never contain message text, phone numbers or raw conversation ids, even at debug level', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs += chunk.toString('utf8');
        done();
      },
    });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'channel-logs-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, TWILIO_AUTH_TOKEN: 'tok' });
    const app = await startApp({ config, logger: createLogger('debug', sink), store: createMemoryStore() });
    // restify logs to stdout by itself (e.g. a value returned from an async handler, with the request).
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      logs += String(chunk);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
    const base = `http://127.0.0.1:${app.port}`;
    try {
      const conv = await RestConversation.start(base);
      await conv.send({ text: 'numbness between my legs since tuesday' });
      await conv.post({ type: 'message', text: 'x' }, 'forged-token');
      const params = {
        From: '+447700900777',
        To: '+15005550006',
        Body: 'I wet myself and my legs are weak',
        MessageSid: 'SM0123',
      };
      await fetch(`${base}/api/sms`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': getExpectedTwilioSignature('tok', `${base}/api/sms`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      await fetch(`${base}/api/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
    } finally {
      process.stdout.write = write;
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['numbness', 'tuesday', 'wet myself', '7700900777', '447700900777', 'forged-token'])
      expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/"conv":"[A-Za-z0-9_-]{22}"/);
  });
});
