// npm run screenshots: PNGs of the page and of a host site with the launcher open, on a phone and a
// desktop, in English and French, and of the insights page filled by a seeded run (two weeks of
// conversations, test/support/insightsSeed.ts) with its sign-in form, to reports/screenshots/ — to look
// at before a change to a page ships. The bot and the host site run on loopback; the browser is Debian's
// Chromium.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { rootDir } from '../test/support/app.js';
import { launchChromium, sendMessage, viewports } from '../test/support/browser.js';
import { startHostSite } from '../test/support/hostSite.js';
import { seedInsights } from '../test/support/insightsSeed.js';

const outDir = join(rootDir, 'reports', 'screenshots');
const sizes = { phone: viewports['phone-390'], desktop: viewports.desktop };
const questions = { en: 'Which consulate serves Ohio?', fr: 'Quel consulat dessert l’Ohio ?' };

/** Waits until the chat shows `count` messages from the bot, and for its last scroll to settle. */
async function botMessages(chat: Page | Frame, count: number): Promise<void> {
  await chat
    .locator('#webchat .webchat__bubble:not(.webchat__bubble--from-user)')
    .nth(count - 1)
    .waitFor({ timeout: 30_000 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(path);
}

async function photographPage(browser: Browser, botUrl: string, language: 'en' | 'fr'): Promise<void> {
  for (const [device, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, locale: language === 'fr' ? 'fr-CA' : 'en-CA' });
    const page = await context.newPage();
    await page.goto(`${botUrl}/?lang=${language}`);
    await botMessages(page, 1);
    await sendMessage(page, questions[language]);
    await botMessages(page, 2);
    await shoot(page, `page-${language}-${device}`);
    if (device === 'desktop') await shoot(page, `page-${language}-${device}-full`, true);
    await context.close();
  }
}

async function photographLauncher(
  browser: Browser,
  siteUrl: string,
  botUrl: string,
  language: 'en' | 'fr',
): Promise<void> {
  for (const [device, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, locale: language === 'fr' ? 'fr-CA' : 'en-CA' });
    const page = await context.newPage();
    await page.goto(`${siteUrl}${language === 'fr' ? '/fr/' : '/'}`);
    await page.locator('button.launcher').click();
    await page.getByRole('dialog').waitFor();
    const frame = await (await page.locator('dialog iframe').elementHandle()).contentFrame();
    await botMessages(frame!, 1);
    await sendMessage(frame!, questions[language]);
    await botMessages(frame!, 2);
    await shoot(page, `launcher-${language}-${device}-open`);
    if (device === 'desktop') {
      // Closed, and a reply comes (a question posted to the tab's conversation): the badge.
      await page.keyboard.press('Escape');
      const { conversationId, token } = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem('canada-us-assistant') ?? '{}').conversation,
      );
      await fetch(`${botUrl}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text: language === 'fr' ? 'Qu’est-ce que le NORAD ?' : 'What is NORAD?',
        }),
      });
      await page.locator('.badge').waitFor({ timeout: 20_000 });
      await shoot(page, `launcher-${language}-${device}-closed`);
    }
    await context.close();
  }
}

/** The sign-in form, then the page signed in through it, filled by the seeded run. */
async function photographInsights(browser: Browser, botUrl: string, language: 'en' | 'fr'): Promise<void> {
  for (const [device, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, locale: language === 'fr' ? 'fr-CA' : 'en-CA' });
    const page = await context.newPage();
    await page.goto(`${botUrl}/insights?lang=${language}`);
    await page.locator('gcds-input input').waitFor();
    if (device === 'desktop') await shoot(page, `insights-${language}-sign-in`);
    await page.locator('gcds-input input').fill(insightsToken);
    await Promise.all([page.waitForURL(/\/insights\?lang=/), page.locator('gcds-button[type=submit] button').click()]);
    await page.locator('#main[data-loaded="true"]').waitFor({ timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the web components' fonts and styles
    await shoot(page, `insights-${language}-${device}`);
    if (device === 'desktop') await shoot(page, `insights-${language}-${device}-full`, true);
    await context.close();
  }
}

mkdirSync(outDir, { recursive: true });
const insightsToken = 'screenshots-insights-token-0123456789';
const app = createApp(
  readConfig(
    {
      LOG_LEVEL: 'silent',
      EVENTS_LOG: join(mkdtempSync(join(tmpdir(), 'screenshots-')), 'events.jsonl'),
      INSIGHTS_TOKEN: insightsToken,
    },
    rootDir,
  ),
);
seedInsights(app);
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const botUrl = `http://127.0.0.1:${app.server.address().port}`;
const site = await startHostSite(botUrl);
const browser = await launchChromium();
try {
  for (const language of ['en', 'fr'] as const) {
    await photographPage(browser, botUrl, language);
    await photographLauncher(browser, site.url, botUrl, language);
    await photographInsights(browser, botUrl, language);
  }
} finally {
  await browser.close();
  await site.close();
  app.server.close();
}
process.exit(0);
