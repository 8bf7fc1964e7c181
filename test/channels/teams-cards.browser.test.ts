import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, startTestBot, type Reply, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/teams');
const AC_BUNDLE = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.js');
const AC_CSS = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.css');
/** The narrow Teams pane of issue 14, where options were cut ("Pelvi…", "I'm d…"). */
const WIDTH = 480;

let bot: TestBot;
let browser: Browser;

// In CI (.ci/run installs Chromium) a missing browser is a failure, not a skip.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('Teams cards drawn by the Adaptive Cards renderer', () => {
  beforeAll(async () => {
    bot = await startTestBot();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    // Unset when beforeAll failed before assigning them.
    await (browser as Browser | undefined)?.close();
    await (bot as TestBot | undefined)?.dispose();
  });

  it(`cuts no option, label or step at ${WIDTH} px, in English and Spanish`, async () => {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;width:${WIDTH}px;font-family:sans-serif"><div id="card"></div></body></html>`,
    );
    await page.addStyleTag({ path: AC_CSS });
    await page.addScriptTag({ path: AC_BUNDLE });
    for (const lng of ['en', 'es'] as const) {
      const conv = new Conversation(bot.url, 'msteams', lng === 'es' ? 'es-ES' : 'en-GB');
      const { replies } = await runIntake(conv, { mode: 'value', lng, answers: { 'redflags.infection': ['fever'] } });
      const cards = replies
        .flat()
        .filter((r): r is Reply & { attachments: NonNullable<Reply['attachments']> } => !!r.attachments?.length);
      expect(cards.length).toBeGreaterThan(10);
      for (const [i, r] of cards.entries()) {
        const problems = await page.evaluate((content) => {
          const AC = (window as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
          const card = new AC.AdaptiveCard();
          card.parse(content);
          const host = document.getElementById('card')!;
          host.replaceChildren(card.render()!);
          return [...host.querySelectorAll('*')]
            .filter(
              (el) =>
                getComputedStyle(el).textOverflow === 'ellipsis' &&
                el.scrollWidth > el.clientWidth + 1 &&
                el.textContent.trim() !== '',
            )
            .map((el) => el.textContent.trim().slice(0, 60));
        }, r.attachments[0]!.content);
        expect(problems, `${lng} ${r.channelData?.question?.id ?? 'outcome'}`).toEqual([]);
        const id = r.channelData?.question?.id ?? 'outcome';
        if (i < 3 || id.startsWith('pain.') || id.startsWith('redflags.') || id === 'outcome') {
          await page.locator('#card').screenshot({
            path: path.join(
              ARTIFACTS,
              `${lng}-${String(i + 1).padStart(2, '0')}-${id.replace(/[^a-z0-9]+/gi, '-')}.png`,
            ),
          });
        }
      }
    }
    await page.close();
  }, 120_000);
});
