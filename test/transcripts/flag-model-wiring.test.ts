/**
 * The learned backstop as the running bot uses it: its models are read from the app's model folder
 * (here a toy model that knows one made-up word), what it asks comes over HTTP as the flag's catalog
 * question, and a model file that does not load stops the bot rather than leaving it without its screen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trainFlagModel, type TrainingItem } from '../../src/tools/flag-model-training.js';
import { Conversation, startTestBot, type TestBot } from '../helpers/http-bot.js';

const toy: TrainingItem[] = [
  ...['zorblax', 'my zorblax again', 'zorblax since monday', 'the zorblax is back'].map((text) => ({
    text,
    expect: 'emergency',
    flags: ['chest_pain'],
  })),
  ...['hello', 'hi', 'my back hurts', 'seven', 'left leg only', 'the stretches help', 'no', 'yes'].map((text) => ({
    text,
    expect: 'none',
    flags: [],
  })),
];

function modelDir(files: { en: unknown; es: unknown }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flag-model-'));
  writeFileSync(path.join(dir, 'en.json'), JSON.stringify(files.en));
  writeFileSync(path.join(dir, 'es.json'), JSON.stringify(files.es));
  return dir;
}

describe('the learned backstop in the running bot', () => {
  const dirs: string[] = [];
  let bot: TestBot;
  beforeAll(async () => {
    dirs.push(modelDir({ en: trainFlagModel(toy, 'en', ['toy']), es: trainFlagModel(toy, 'es', ['toy']) }));
    bot = await startTestBot({ flagModelDir: dirs[0]! });
  });
  afterAll(async () => {
    await bot.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('asks the catalog question of a flag only the model noticed, with no outcome yet', async () => {
    const conv = new Conversation(bot.url, 'webchat', 'en-GB');
    await conv.say('zorblax');
    expect(conv.question).toBe('redflag.chest_pain');
    expect(conv.triage).toBeUndefined();
    await conv.answer('yes');
    expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['chest_pain'] });
  });

  it('stops the bot when a model file does not load: not ready, told once, no message read without the screen', async () => {
    const broken = modelDir({ en: { lng: 'en' }, es: trainFlagModel(toy, 'es', ['toy']) });
    dirs.push(broken);
    const onFailure = vi.fn();
    const failing = await startTestBot({ flagModelDir: broken, onFailure });
    try {
      await vi.waitFor(() => expect(onFailure).toHaveBeenCalledTimes(1), { timeout: 5000 });
      expect(String(onFailure.mock.calls[0]![0])).toMatch(/redflag-model\/en\.json is malformed/);
      expect((await fetch(`${failing.url}/healthz`)).status).toBe(503);
      const conv = new Conversation(failing.url, 'webchat', 'en-GB');
      await conv.say('hello');
      expect(conv.question).toBeUndefined();
      expect(conv.last.length).toBeGreaterThan(0);
      expect(onFailure).toHaveBeenCalledTimes(1);
    } finally {
      await failing.dispose();
    }
  });
});
