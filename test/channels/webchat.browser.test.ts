import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Response as PageResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRINGS } from '../../public/strings.js';
import { startTestBot, type TestBot } from '../helpers/http-bot.js';
import { call, type DLActivity } from './support/directline-client.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/webchat');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The two screens of issue 14: a laptop and a phone. */
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type SizeName = keyof typeof SIZES;

/** Answers by question id (values, as the buttons send them); anything else gets its first choice. */
const ANSWERS: Record<string, string | number | string[]> = {
  consent: 'agree',
  age: 35,
  'pain.left': 'thigh',
  'pain.right': 'none',
  'pain.score': 4,
  'pain.weeks': 2,
};

type Question = NonNullable<NonNullable<DLActivity['channelData']>['question']>;

let bot: TestBot;
let browser: Browser;

if (!existsSync(CHROMIUM))
  console.warn(`webchat browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

/** The bot in a process of its own, started as `npm start` starts it (the sources through tsx). */
interface BotProcess {
  url: string;
  /** SIGTERM, as a service manager stops it; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Starts src/index.ts with `env` (PORT 0 for any free port); resolves once it logs "bot ready". */
function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`the bot exited (${code ?? signal}) before it was ready:\n${stderr.join('\n')}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; port?: number } = {};
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        /* not a log line */
      }
      if (entry.msg === 'bot ready' && entry.port)
        resolve({
          url: `http://127.0.0.1:${entry.port}`,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
    });
  });
}

/** A file name part for a question id or a state. */
const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

// In CI (.ci/run installs Chromium) a missing browser is a failure, not a skip.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the demo clinic page in Chromium', () => {
  beforeAll(async () => {
    bot = await startTestBot({ env: { WEBCHAT_TOKEN_RATE_LIMIT: '200' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    // Unset when beforeAll failed before assigning them.
    await (browser as Browser | undefined)?.close();
    await (bot as TestBot | undefined)?.dispose();
  });

  interface OpenPage {
    page: Page;
    errors: string[];
    sockets: () => number;
    initial: DLActivity[];
    userId: string;
    conversationId: string;
    token: string;
    settle: (action: () => Promise<void>) => Promise<DLActivity[]>;
    transcript: () => Promise<DLActivity[]>;
    shot: (state: string) => Promise<void>;
  }

  /**
   * Opens the page in a fresh browser profile (its own storage, so its own visitor) and returns
   * helpers that follow the conversation through the server's own transcript (GET activities with
   * the page's token), so each step acts on the question id.
   */
  async function openPage(size: SizeName, story: string, query = '', base = bot.url): Promise<OpenPage> {
    const context = await browser.newContext({ viewport: SIZES[size], locale: 'en-US' });
    const page = await context.newPage();
    page.on('close', () => void context.close());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium only warns about a Permissions-Policy it cannot read (an unknown feature): count those too.
    page.on(
      'console',
      (m) => (m.type() === 'error' || m.text().includes('Permissions-Policy')) && errors.push(m.text()),
    );
    let sockets = 0;
    page.on('websocket', () => sockets++);
    const conv = await follow(page, () => page.goto(`${base}/${query}`).then(() => undefined), base);
    let seen = conv.initial.length;
    let shots = 0;
    return {
      page,
      errors,
      sockets: () => sockets,
      initial: conv.initial,
      userId: conv.userId,
      conversationId: conv.conversationId,
      token: conv.token,
      transcript: conv.transcript,
      settle: async (action) => {
        const done = posted(page);
        try {
          await action();
        } catch (err) {
          done.catch(() => undefined);
          throw err;
        }
        await done;
        const all = await conv.transcript();
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
      shot: async (state) => {
        await page.screenshot({
          path: path.join(ARTIFACTS, size, `${story}-${String(++shots).padStart(2, '0')}-${slug(state)}.png`),
        });
      },
    };
  }

  /** The next POST of an activity by the page. */
  const posted = (page: Page) =>
    page.waitForResponse((r) => r.url().endsWith('/activities') && r.request().method() === 'POST', {
      timeout: 15_000,
    });

  /**
   * Runs `load` (a navigation, a reload, a reconnect), and follows the conversation the page then
   * opens or resumes, up to the bot's greeting or its pending question put again.
   */
  async function follow(
    page: Page,
    load: () => Promise<void>,
    base = bot.url,
  ): Promise<{
    userId: string;
    conversationId: string;
    token: string;
    initial: DLActivity[];
    transcript: () => Promise<DLActivity[]>;
    request: Record<string, unknown>;
  }> {
    // What the page posts from now on: its opening message may be answered before the token's body has been read here.
    const postedTo: string[] = [];
    const onResponse = (r: PageResponse) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/activities')) postedTo.push(r.url());
    };
    page.on('response', onResponse);
    let res: PageResponse;
    let body: { token: string; conversationId: string; userId: string };
    try {
      // The token the page connects with (a refused resume is followed by a token for a new conversation).
      const tokenResponse = page.waitForResponse((r) => r.url().endsWith('/api/webchat/token') && r.ok(), {
        timeout: 20_000,
      });
      // Awaited below; a `load` that fails must not leave it rejected unobserved.
      tokenResponse.catch(() => undefined);
      await load();
      res = await tokenResponse;
      body = (await res.json()) as typeof body;
      // The page's opening message to this conversation has had its turn.
      const opened = `/conversations/${body.conversationId}/activities`;
      await expect.poll(() => postedTo.some((url) => url.endsWith(opened)), { timeout: 15_000 }).toBe(true);
    } finally {
      page.off('response', onResponse);
    }
    const request = JSON.parse(res.request().postData() ?? '{}') as Record<string, unknown>;
    const { token, conversationId, userId } = body;
    const transcript = async () =>
      (
        await call<{ activities: DLActivity[] }>(`${base}/v3/directline/conversations/${conversationId}/activities`, {
          token,
        })
      ).body.activities;
    let initial: DLActivity[] = [];
    await expect
      .poll(async () => (initial = await transcript()).some((a) => a.channelData?.question), { timeout: 15_000 })
      .toBe(true);
    return { userId, conversationId, token, initial, transcript, request };
  }

  /** Answers the current question in the page the way a patient would: a button, the send box or the card. */
  async function answer(page: Page, q: Question, value: string | number | string[] | undefined): Promise<void> {
    if (q.kind === 'choice') {
      const choice = q.choices!.find((c) => c.value === value) ?? q.choices![0]!;
      await page
        .locator('.webchat__suggested-actions')
        .getByRole('button', { name: choice.title, exact: true })
        .click();
    } else if (q.kind === 'number') {
      const box = page.locator('[data-id="webchat-sendbox-input"]');
      await box.fill(String(value ?? q.min ?? 1));
      await box.press('Enter');
    } else {
      // Multi-select card: its explicit "None of these".
      await page.locator('.ac-adaptiveCard').last().getByRole('button', { name: 'None of these' }).click();
    }
  }

  /** The latest question of a batch of activities. */
  const latestQuestion = (activities: DLActivity[]) =>
    activities.filter((a) => a.channelData?.question).at(-1)?.channelData?.question;

  /**
   * Whether the pending question (the last message of the transcript), its buttons and the send
   * box are on screen: inside the window and inside the transcript's scrolled view. Returns what
   * is not, for a readable failure.
   */
  async function outOfView(page: Page, q: Question): Promise<string[]> {
    return page.evaluate((kind) => {
      const problems: string[] = [];
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      const inWindow = (r: DOMRect) => r.top >= -1 && r.left >= -1 && r.bottom <= vh + 1 && r.right <= vw + 1;
      const scroller = document.querySelector('.webchat__basic-transcript__scrollable');
      const view = scroller?.getBoundingClientRect();
      const inTranscript = (r: DOMRect) => !!view && r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
      const activities = [...document.querySelectorAll('.webchat__basic-transcript__activity')];
      const last = activities.at(-1);
      if (!last) return ['no message'];
      const bubbles = [...last.querySelectorAll('.webchat__bubble')];
      for (const [i, bubble] of bubbles.entries()) {
        const r = bubble.getBoundingClientRect();
        // A message taller than the whole chat can't be; then its start must show.
        const tall = !!view && r.height > view.height;
        if (!inWindow(r) && !tall)
          problems.push(`bubble ${i} outside the window (${Math.round(r.top)}–${Math.round(r.bottom)} of ${vh})`);
        if (!tall && !inTranscript(r))
          problems.push(
            `bubble ${i} scrolled out (${Math.round(r.top)}–${Math.round(r.bottom)}, view ${Math.round(view?.top ?? 0)}–${Math.round(view?.bottom ?? 0)})`,
          );
        if (tall && (r.top < view.top - 1 || r.top > view.bottom)) problems.push(`tall bubble ${i} start not shown`);
      }
      const buttons =
        kind === 'choice'
          ? [...document.querySelectorAll('.webchat__suggested-actions button')]
          : kind === 'multi'
            ? [...last.querySelectorAll('.ac-adaptiveCard button, .ac-adaptiveCard input')]
            : [];
      if (kind !== 'number' && !buttons.length) problems.push('no buttons');
      for (const b of buttons) {
        const r = b.getBoundingClientRect();
        if (!inWindow(r)) problems.push(`button "${b.textContent.trim()}" outside the window`);
        if (kind === 'multi' && !inTranscript(r)) problems.push(`button "${b.textContent.trim()}" scrolled out`);
      }
      const send = document.querySelector('[data-id="webchat-sendbox-input"]');
      if (!send || !inWindow(send.getBoundingClientRect())) problems.push('send box outside the window');
      return problems;
    }, q.kind);
  }

  /** Elements whose text is cut with an ellipsis (text-overflow: ellipsis and wider content than box). */
  async function cutTexts(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => {
          const s = getComputedStyle(el);
          return (
            s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim().length > 0
          );
        })
        .map((el) => `${el.className}: ${el.textContent.trim().slice(0, 60)}`),
    );
  }

  /** Waits until the page shows the question just asked (its buttons, card or bubble). */
  async function shown(page: Page, q: Question, before: number): Promise<void> {
    if (q.kind === 'choice')
      await page
        .locator('.webchat__suggested-actions')
        .getByRole('button', { name: q.choices![0]!.title, exact: true })
        .waitFor();
    else await expect.poll(() => page.locator('.webchat__basic-transcript__activity').count()).toBeGreaterThan(before);
    if (q.kind === 'multi')
      await page.locator('.ac-adaptiveCard').last().getByRole('button', { name: 'None of these' }).waitFor();
  }

  /** Runs axe-core on the page (or part of it); returns its serious and critical violations. */
  async function axe(page: Page, include?: string): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    return page.evaluate(async (selector) => {
      const run = (
        window as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown,
            ) => Promise<{
              violations: { id: string; impact: string; nodes: { target: unknown; failureSummary?: string }[] }[];
            }>;
          };
        }
      ).axe.run;
      const result = await run(selector ? { include: [selector] } : document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => [n.target, n.failureSummary])).slice(0, 400)}`,
        );
    }, include);
  }

  for (const size of Object.keys(SIZES) as SizeName[]) {
    it(`keeps each pending question, its buttons and the send box in view and cuts no option at ${SIZES[size].width}×${SIZES[size].height}, through a whole triage`, async () => {
      const started = Date.now();
      const { page, errors, sockets, initial, settle, shot } = await openPage(size, 'triage');
      const asked: string[] = [];
      let latest = initial;
      let outcome: DLActivity | undefined;
      let multiChecked = false;
      for (let turn = 0; turn < 40 && !outcome; turn++) {
        const q = latestQuestion(latest);
        if (!q) throw new Error(`no question after ${asked.join(', ')}`);
        await shown(page, q, 0);
        await expect.poll(() => outOfView(page, q), { timeout: 5000, message: `${size} ${q.id}` }).toEqual([]);
        expect(await cutTexts(page), q.id).toEqual([]);
        await shot(q.id);
        if (q.kind === 'multi' && !multiChecked) {
          multiChecked = true;
          expect(await axe(page, '.ac-adaptiveCard'), `axe on the ${q.id} card`).toEqual([]);
        }
        asked.push(q.id);
        const value = q.id in ANSWERS ? ANSWERS[q.id] : q.id.startsWith('redflag.') ? 'no' : undefined;
        const count = await page.locator('.webchat__basic-transcript__activity').count();
        latest = await settle(() => answer(page, q, value));
        outcome = latest.find((a) => a.channelData?.triage);
        if (!outcome) await shown(page, latestQuestion(latest) ?? q, count);
      }
      expect(asked.length).toBeGreaterThanOrEqual(10);
      expect(asked[0]).toBe('consent');
      expect(multiChecked).toBe(true);
      expect(outcome?.channelData?.triage).toEqual({ disposition: 'self_care', flags: [] });
      await expect.poll(() => page.evaluate(() => document.body.dataset.triage)).toBe('self_care');
      // The outcome's words are on screen, and no emergency banner.
      // (Web Chat's Markdown turns straight quotes into typographic ones, so compare without them.)
      const plain = (t: string) => t.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
      await expect
        .poll(async () => plain(await page.locator('#webchat').innerText()))
        .toContain(plain(outcome!.text!.split('\n')[0]!));
      expect(await page.locator('#emergency').isHidden()).toBe(true);
      // The page is one screen: the window itself never scrolls.
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
      expect(await cutTexts(page)).toEqual([]);
      expect(await axe(page)).toEqual([]);
      await shot('outcome');

      // On to today's exercises: the first step comes with its drawing, shown whole, and its lines apart.
      let step: DLActivity | undefined;
      const reminder = latestQuestion(latest);
      if (reminder) latest = await settle(() => answer(page, reminder, 0));
      latest = await settle(async () => {
        const box = page.locator('[data-id="webchat-sendbox-input"]');
        await box.fill('exercises');
        await box.press('Enter');
      });
      for (let turn = 0; turn < 8 && !step; turn++) {
        step = latest.find((a) => (a.channelData as Record<string, unknown> | undefined)?.exercise);
        if (step) break;
        const q = latestQuestion(latest);
        if (!q) throw new Error('no question on the way to an exercise');
        await shown(page, q, 0);
        latest = await settle(() => answer(page, q, q.id === 'pain.now' ? 'thigh' : undefined));
      }
      expect(step?.attachments?.[0]?.contentType).toBe('image/png');
      const image = page.locator('.webchat__basic-transcript__activity').last().locator('img').first();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
        .toBe(true);
      const fit = await image.evaluate((img: HTMLImageElement) => {
        const r = img.getBoundingClientRect();
        const box = img.parentElement!.getBoundingClientRect();
        // Shown whole: the image keeps its shape and fills its box (no crop, no empty band).
        return {
          ratio: r.height / r.width,
          natural: img.naturalHeight / img.naturalWidth,
          inside: r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && box.height - r.height < 2,
          alt: img.alt,
          heights: [r.height, box.height, img.parentElement!.getAttribute('style')],
        };
      });
      expect(fit.ratio).toBeCloseTo(fit.natural, 1);
      expect(fit.inside, JSON.stringify(fit)).toBe(true);
      // Cropped to the figure: a drawing is no longer a mostly empty 320×200 canvas.
      expect(fit.natural).toBeLessThan(0.55);
      expect(fit.alt.length).toBeGreaterThan(20);
      const lines = step!.text!.split('\n').map(plain).filter(Boolean);
      expect(lines.length).toBeGreaterThan(2);
      const shownLines = (await page.locator('.webchat__basic-transcript__activity').last().innerText())
        .split('\n')
        .map(plain);
      for (const line of lines) expect(shownLines, line).toContain(line);
      await expect.poll(() => outOfView(page, latestQuestion([step!])!), { timeout: 5000 }).toEqual([]);
      await shot('exercise-step');
      expect(sockets()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      console.info(`browser triage at ${size} (${asked.length} questions) took ${Date.now() - started} ms`);
      await page.close();
    }, 180_000);
  }

  it('shows the red emergency banner with a call button when the first red flag is answered Yes', async () => {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      const { page, errors, initial, settle, shot } = await openPage(size, 'emergency');
      const consent = await settle(() => answer(page, latestQuestion(initial)!, 'agree'));
      const age = await settle(() => answer(page, latestQuestion(consent)!, 42));
      const flag = latestQuestion(age)!;
      expect(flag.id).toMatch(/^redflag\./);
      const after = await settle(() => answer(page, flag, 'yes'));
      const outcome = after.find((a) => a.channelData?.triage);
      expect(outcome?.channelData?.triage).toEqual({
        disposition: 'emergency',
        flags: [flag.id.slice('redflag.'.length)],
      });
      const banner = page.locator('#emergency');
      await banner.waitFor({ state: 'visible' });
      expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(177, 14, 28)');
      const call = page.locator('#call');
      expect(await call.getAttribute('href')).toBe('tel:911');
      expect(await call.isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('emergency');
      expect(errors).toEqual([]);
      await shot('emergency');
      await page.close();
    }
  }, 120_000);

  it('keeps the visitor across a reload, and "start again as someone else" makes a new one', async () => {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      const { page, errors, initial, settle, userId, shot } = await openPage(size, 'visitor');
      const consent = await settle(() => answer(page, latestQuestion(initial)!, 'agree'));
      await settle(() => answer(page, latestQuestion(consent)!, 50));
      const reloaded = await follow(page, () => page.reload().then(() => undefined));
      expect(typeof reloaded.request.visitor).toBe('string');
      expect(reloaded.userId).toBe(userId);
      expect(latestQuestion(reloaded.initial)).toBeDefined();
      await shown(page, latestQuestion(reloaded.initial)!, 0);
      // No "Hello" the patient never typed.
      expect(await page.locator('#webchat').innerText()).not.toMatch(/^Hello$/m);
      await shot('after-reload');
      const fresh = await follow(page, () => page.getByRole('button', { name: STRINGS.en.startOver }).click());
      expect(fresh.request.visitor).toBeUndefined();
      expect(fresh.userId).not.toBe(userId);
      expect(latestQuestion(fresh.initial)?.id).toBe('consent');
      await shown(page, latestQuestion(fresh.initial)!, 0);
      await shot('started-again');
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('switches the page and re-asks the pending question in Spanish with the language picker', async () => {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      const { page, errors, initial, transcript, shot } = await openPage(size, 'language');
      expect(initial[0]?.locale).toBe('en-US');
      const consent = latestQuestion(initial)!;
      await shown(page, consent, 0);
      await page.selectOption('#language', 'es');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      expect(await page.locator('h1').textContent()).toBe(STRINGS.es.title);
      // The bot says the pending question again, in Spanish, and the page shows its buttons.
      await expect
        .poll(
          async () =>
            (await transcript())
              .filter((a) => a.from?.role === 'bot' && a.channelData?.question?.id === 'consent')
              .at(-1)?.channelData?.question?.choices?.[0]?.title,
          { timeout: 10_000 },
        )
        .toBe('Acepto');
      await page.locator('.webchat__suggested-actions').getByRole('button', { name: 'Acepto', exact: true }).waitFor();
      await expect
        .poll(() => outOfView(page, { ...consent, choices: [{ value: 'agree', title: 'Acepto' }] }), { timeout: 5000 })
        .toEqual([]);
      // The page's own exchange (the "language" question) is not shown.
      expect(await page.locator('#webchat').innerText()).not.toContain('Which language');
      await expect
        .poll(() => page.locator('[class*="connectivityStatus"]').allInnerTexts(), { timeout: 5000 })
        .toEqual([]);
      expect(await cutTexts(page)).toEqual([]);
      expect(await axe(page)).toEqual([]);
      expect(errors).toEqual([]);
      await shot('spanish');
      await page.close();
    }
  }, 120_000);

  /** The note the page shows above the chat (its `data-state`, the key of its words), or '' when there is none. */
  const statusNote = (page: Page) =>
    page.locator('#status').evaluate((el: HTMLElement) => (el.hidden ? '' : (el.dataset.state ?? '?')));

  /**
   * Opens the page on a bot process of its own, answers the consent so that the age is asked, then
   * restarts the process (SIGTERM, and started again on the same port and DATA_DIR) while the page
   * stays open, and answers the pending question: the post is refused, the message shows "Send
   * failed. Retry.", and the page shows "Reconnecting…" while it gets a new token. With the token
   * key kept (`resumes`), it resumes the same conversation and the bot asks the age again; without
   * it, nobody can prove the conversation is theirs, and the page starts a new one. Then the answer
   * is given again (its Retry in the resumed chat): the bot asks the next question.
   * `env` is the bot's configuration on both starts.
   */
  async function restartWhileOpen(size: SizeName, story: string, env: Record<string, string>, resumes: boolean) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sciatica-restart-'));
    const config = { ...env, DATA_DIR: dataDir, WEBCHAT_TOKEN_RATE_LIMIT: '200' };
    let server: BotProcess | undefined;
    try {
      server = await startBotProcess({ ...config, PORT: '0' });
      const url = server.url;
      const { page, errors, initial, userId, conversationId, settle, shot } = await openPage(size, story, '', url);
      const consent = latestQuestion(initial)!;
      expect(consent.id).toBe('consent');
      await shown(page, consent, 0);
      let count = await page.locator('.webchat__basic-transcript__activity').count();
      const asked = latestQuestion(await settle(() => answer(page, consent, 'agree')))!;
      expect(asked.id).toBe('age');
      await shown(page, asked, count);
      await shot('before-restart');

      // The restart, while the page is open: its stream closes and its post is refused.
      await server.stop();
      server = await startBotProcess({ ...config, PORT: new URL(url).port });
      // The new token is held back until the note has been seen.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/webchat/token', async (route) => {
        await held;
        await route.fallback();
      });
      // The patient answers the pending question: the page's post is refused, and it reconnects.
      count = await page.locator('.webchat__basic-transcript__activity').count();
      const renewed = follow(page, () => answer(page, asked, ANSWERS.age), url);
      await expect.poll(() => statusNote(page), { timeout: 15_000 }).toBe('reconnecting');
      const retry = page.locator('.webchat__activity-status').getByRole('button', { name: 'Retry' });
      if (resumes) await retry.waitFor();
      await shot('reconnecting');
      release();
      const again = await renewed;
      await page.unroute('**/api/webchat/token');
      expect(typeof again.request.visitor).toBe('string');
      const pending = latestQuestion(again.initial)!;
      if (resumes) {
        // What was said stays on screen, and the bot puts the pending question below it.
        await expect
          .poll(() => page.locator('.webchat__basic-transcript__activity').count())
          .toBeGreaterThan(count + 1);
      }
      await shown(page, pending, 0);
      await expect.poll(() => statusNote(page)).toBe('');
      // Web Chat's own "Connecting…" has gone too.
      await expect
        .poll(() => page.locator('[class*="connectivityStatus"]').allInnerTexts(), { timeout: 5000 })
        .toEqual([]);
      await expect.poll(() => outOfView(page, pending), { timeout: 5000 }).toEqual([]);
      await shot('reconnected');

      // The answer again: the message's Retry where the chat was resumed (the failed message stays
      // with the resumed chat), the send box in a new chat. The bot takes it and asks the next question.
      count = await page.locator('.webchat__basic-transcript__activity').count();
      const seen = (await again.transcript()).length;
      const done = posted(page);
      if (resumes) await retry.click();
      else await answer(page, pending, ANSWERS[pending.id]);
      await done;
      let next: Question | undefined;
      await expect
        .poll(async () => (next = latestQuestion((await again.transcript()).slice(seen)))?.id, { timeout: 10_000 })
        .toBeDefined();
      await shown(page, next!, count);
      await expect.poll(() => outOfView(page, next!), { timeout: 5000 }).toEqual([]);
      // Nothing is left unsent.
      expect(await retry.count()).toBe(0);
      await shot('answered-after-restart');
      // The refused post and the old stream leave network errors in the console, and nothing else.
      expect(
        errors.filter((e) => !/Failed to load resource|WebSocket connection|Failed to post activity/.test(e)),
      ).toEqual([]);
      const answers = (await again.transcript()).filter((a) => a.from?.role === 'user' && a.type === 'message');
      await page.close();
      return { userId, conversationId, again, pending, next: next!, answers };
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('reconnects after a restart of the server with its token key: the same conversation goes on at the pending question', async () => {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      const { userId, conversationId, again, pending, next, answers } = await restartWhileOpen(
        size,
        'restart',
        { DIRECTLINE_TOKEN_SECRET: 'restart-test-token-key-of-32-characters' },
        true,
      );
      // DIRECTLINE_TOKEN_SECRET also signs the visitor: the page's visitor is still known, and
      // resumes its own conversation where it was.
      expect(again.request.conversationId).toBe(conversationId);
      expect(again.conversationId).toBe(conversationId);
      expect(again.userId).toBe(userId);
      expect(pending.id).toBe('age');
      // The age, once, said to be for the age question (CONTRACT §3): the question after it is the first red flag.
      expect(answers.map((a) => [a.text, (a.channelData as Record<string, unknown>).forQuestion])).toEqual([
        [String(ANSWERS.age), 'age'],
      ]);
      expect(next.id).toMatch(/^redflag\./);
    }
  }, 120_000);

  it('resumes the same conversation when a post is refused for an expired token, and the message goes with its Retry', async () => {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      const { page, errors, initial, conversationId, userId, settle, shot } = await openPage(size, 'expired-token');
      const asked = latestQuestion(await settle(() => answer(page, latestQuestion(initial)!, 'agree')))!;
      expect(asked.id).toBe('age');
      // The next post is refused as Direct Line refuses an expired token.
      let refused = false;
      await page.route('**/v3/directline/conversations/*/activities', async (route) => {
        if (refused || route.request().method() !== 'POST') return route.fallback();
        refused = true;
        await route.fulfill({
          status: 403,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'TokenExpired', message: 'the token has expired; get a new one' } }),
        });
      });
      const count = await page.locator('.webchat__basic-transcript__activity').count();
      const again = await follow(page, () => answer(page, asked, ANSWERS.age));
      await page.unroute('**/v3/directline/conversations/*/activities');
      expect(again.conversationId).toBe(conversationId);
      expect(again.userId).toBe(userId);
      expect(again.request.conversationId).toBe(conversationId);
      expect(latestQuestion(again.initial)?.id).toBe('age');
      await expect.poll(() => page.locator('.webchat__basic-transcript__activity').count()).toBeGreaterThan(count + 1);
      await expect.poll(() => statusNote(page)).toBe('');
      const retry = page.locator('.webchat__activity-status').getByRole('button', { name: 'Retry' });
      await retry.waitFor();
      await expect
        .poll(() => page.locator('[class*="connectivityStatus"]').allInnerTexts(), { timeout: 5000 })
        .toEqual([]);
      await shot('resumed');
      const next = await settle(() => retry.click());
      expect(latestQuestion(next)?.id).toMatch(/^redflag\./);
      await shown(page, latestQuestion(next)!, 0);
      expect(await retry.count()).toBe(0);
      const ages = (await again.transcript()).filter((a) => a.from?.role === 'user' && a.text === String(ANSWERS.age));
      expect(ages).toHaveLength(1);
      await shot('answered');
      expect(errors.filter((e) => !/Failed to load resource|Failed to post activity/.test(e))).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('reconnects after a restart without DIRECTLINE_TOKEN_SECRET: the key kept in DATA_DIR still knows the page', async () => {
    for (const size of Object.keys(SIZES) as SizeName[]) {
      const { userId, conversationId, again, pending, next } = await restartWhileOpen(
        size,
        'restart-unkeyed',
        {},
        true,
      );
      // On the embedded store an unset key is made once and kept in DATA_DIR: the same visitor
      // resumes the same conversation at its pending question.
      expect(again.userId).toBe(userId);
      expect(again.conversationId).toBe(conversationId);
      expect(pending.id).toBe('age');
      expect(next.id).toMatch(/^redflag\./);
    }
  }, 120_000);
});
