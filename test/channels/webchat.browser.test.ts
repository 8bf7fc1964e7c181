import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRINGS } from '../../public/strings.js';
import { startTestBot, type TestBot } from '../helpers/http-bot.js';
import { call, type DLActivity } from './support/directline-client.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

/** Answers by question id (values, as the buttons send them); anything else gets its first choice. */
const ANSWERS: Record<string, string | number | string[]> = { consent: 'agree', age: 35, 'pain.left': 'thigh', 'pain.right': 'none', 'pain.score': 4, 'pain.weeks': 2 };

let bot: TestBot;
let context: BrowserContext;
let profileDir: string;

if (!existsSync(CHROMIUM)) console.warn(`webchat browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

// In CI (.ci/run installs Chromium) a missing browser is a failure, not a skip.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the demo clinic page in Chromium', () => {
  beforeAll(async () => {
    bot = await startTestBot({ env: { WEBCHAT_TOKEN_RATE_LIMIT: '100' } });
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: 'en-US', viewport: { width: 1000, height: 900 } });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    rmSync(profileDir, { recursive: true, force: true });
    await bot?.dispose();
  });

  /**
   * Opens the page and returns helpers that follow the conversation through the server's own
   * transcript (GET activities with the page's token), so each step acts on the question id.
   */
  async function openPage(query = ''): Promise<{ page: Page; errors: string[]; sockets: () => number; initial: DLActivity[]; settle: (action: () => Promise<void>) => Promise<DLActivity[]> }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium only warns about a Permissions-Policy it cannot read (an unknown feature): count those too.
    page.on('console', (m) => (m.type() === 'error' || m.text().includes('Permissions-Policy')) && errors.push(m.text()));
    let sockets = 0;
    page.on('websocket', () => sockets++);
    const tokenResponse = page.waitForResponse((r) => r.url().endsWith('/api/webchat/token'));
    const posted = () => page.waitForResponse((r) => r.url().endsWith('/activities') && r.request().method() === 'POST', { timeout: 15_000 });
    const greeting = posted();
    await page.goto(`${bot.url}/${query}`);
    const { token, conversationId } = (await (await tokenResponse).json()) as { token: string; conversationId: string };
    const transcript = async () => (await call<{ activities: DLActivity[] }>(`${bot.url}/v3/directline/conversations/${conversationId}/activities`, { token })).body.activities;
    await greeting;
    let seen = 0;
    /** Runs a user action, waits for the turn it posts to finish, and returns the new activities. */
    const settle = async (action: () => Promise<void>) => {
      const done = posted();
      await action();
      await done;
      const all = await transcript();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    };
    const initial = await transcript();
    seen = initial.length;
    return { page, errors, sockets: () => sockets, initial, settle };
  }

  /** Answers the current question in the page the way a patient would: a button, the send box or the card. */
  async function answer(page: Page, q: NonNullable<NonNullable<DLActivity['channelData']>['question']>, value: string | number | string[] | undefined): Promise<void> {
    if (q.kind === 'choice') {
      const choice = q.choices!.find((c) => c.value === value) ?? q.choices![0]!;
      await page.locator('.webchat__suggested-actions').getByRole('button', { name: choice.title, exact: true }).click();
    } else if (q.kind === 'number') {
      const box = page.locator('[data-id="webchat-sendbox-input"]');
      await box.fill(String(value ?? q.min ?? 1));
      await box.press('Enter');
    } else {
      // Multi-select card: submit with nothing ticked ("none of these").
      await page.locator('.ac-adaptiveCard').last().locator('button.ac-pushButton').last().click();
    }
  }

  /** Clicks and types through the intake until an outcome; returns the question ids and the outcome activity. */
  async function triage(page: Page, settle: (a: () => Promise<void>) => Promise<DLActivity[]>, first: DLActivity[], answers: Record<string, unknown>) {
    const asked: string[] = [];
    let latest = first;
    for (let turn = 0; turn < 40; turn++) {
      const outcome = latest.find((a) => a.channelData?.triage);
      if (outcome) return { asked, outcome };
      const q = latest.filter((a) => a.channelData?.question).at(-1)?.channelData?.question;
      if (!q) throw new Error(`no question after ${asked.join(', ')}`);
      asked.push(q.id);
      const value = q.id in answers ? answers[q.id] : q.id.startsWith('redflag.') ? 'no' : undefined;
      latest = await settle(() => answer(page, q, value as string | number | string[] | undefined));
    }
    throw new Error(`no outcome after 40 turns: ${asked.join(', ')}`);
  }

  it('completes a triage by clicking the suggested actions and shows the outcome', async () => {
    const started = Date.now();
    const { page, errors, sockets, initial, settle } = await openPage();
    const { asked, outcome } = await triage(page, settle, initial, ANSWERS);
    expect(asked[0]).toBe('consent');
    expect(asked.some((id) => id.startsWith('redflag.'))).toBe(true);
    expect(outcome.channelData?.triage).toEqual({ disposition: 'self_care', flags: [] });
    await expect.poll(() => page.evaluate(() => document.body.dataset.triage)).toBe('self_care');
    // The outcome's words are on screen, and no emergency banner.
    // (Web Chat's Markdown turns straight quotes into typographic ones, so compare without them.)
    const plain = (t: string) => t.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
    await expect.poll(async () => plain(await page.locator('#webchat').innerText())).toContain(plain(outcome.text!.split('\n')[0]!));
    expect(await page.locator('#emergency').isHidden()).toBe(true);
    expect(sockets()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-self-care.png'), fullPage: true });
    console.info(`browser triage (${asked.length} questions) took ${Date.now() - started} ms`);
    await page.close();
  }, 120_000);

  it('shows the red emergency banner with a call button when the first red flag is answered Yes', async () => {
    const { page, errors, initial, settle } = await openPage();
    const consent = await settle(() => answer(page, initial.find((a) => a.channelData?.question)!.channelData!.question!, 'agree'));
    const age = await settle(() => answer(page, consent.find((a) => a.channelData?.question)!.channelData!.question!, 42));
    const flag = age.find((a) => a.channelData?.question)!.channelData!.question!;
    expect(flag.id).toMatch(/^redflag\./);
    const after = await settle(() => answer(page, flag, 'yes'));
    const outcome = after.find((a) => a.channelData?.triage);
    expect(outcome?.channelData?.triage).toEqual({ disposition: 'emergency', flags: [flag.id.slice('redflag.'.length)] });
    const banner = page.locator('#emergency');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(177, 14, 28)');
    const call = page.locator('#call');
    expect(await call.getAttribute('href')).toBe('tel:911');
    expect(await call.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('emergency');
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-emergency.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('switches the page and the messages it sends to Spanish with the language picker', async () => {
    const { page, errors, initial, settle } = await openPage();
    expect(initial[0]?.locale).toBe('en-US');
    await page.selectOption('#language', 'es');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.locator('h1').textContent()).toBe(STRINGS.es.title);
    const next = await settle(() => answer(page, initial.find((a) => a.channelData?.question)!.channelData!.question!, 'agree'));
    expect(next[0]?.locale).toBe('es');
    expect(next.filter((a) => a.from?.role === 'bot').every((a) => a.locale === 'es')).toBe(true);
    // Still connected after the switch: Web Chat shows no connectivity warning.
    await expect.poll(() => page.locator('[class*="connectivityStatus"]').allInnerTexts(), { timeout: 5000 }).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-spanish.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
