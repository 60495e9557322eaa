// The launcher on a department's site (another origin, with a strict Content-Security-Policy that
// allows the bot's origin only in script-src and frame-src), in Debian's Chromium: a button named in
// the page's language opens a modal panel with the chat; focus moves in and stays in; Escape and the
// close button close it and give the focus back; the conversation survives going to another page of
// the site, and a new tab starts afresh; a badge counts the replies that came while it was closed;
// full screen on phones; axe-core finds no serious or critical violation with the panel open.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootDir, testApp } from '../support/app.js';
import {
  focusedElement,
  launchChromium,
  recordCspViolations,
  sendMessage,
  seriousViolations,
  viewports,
} from '../support/browser.js';
import { startHostSite } from '../support/hostSite.js';

const app = testApp();
let browser: Awaited<ReturnType<typeof launchChromium>>;
let botUrl: string;
let site: Awaited<ReturnType<typeof startHostSite>>;

beforeAll(async () => {
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  botUrl = `http://127.0.0.1:${app.server.address().port}`;
  site = await startHostSite(botUrl);
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await new Promise<void>((resolve) => app.server.close(() => resolve()));
});

/** The launcher's labels, per language (what embed.js gets from page-strings.json). */
const labels = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(rootDir, 'public/page-strings.json'), 'utf8'))).map(
    ([language, strings]) => [language, (strings as { launcher: Record<string, string> }).launcher],
  ),
) as Record<'en' | 'fr', Record<'open' | 'close' | 'unreadOne', string>>;
const answerLead = (question: string) => app.assistant.reply(question, { subjects: [] }, 'en').reply.lead;

const launcher = (page: Page) => page.locator('button.launcher');
const panel = (page: Page) => page.getByRole('dialog');
function chat(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(`${botUrl}/?embed=1`));
  if (!frame) throw new Error('the chat frame is not there');
  return frame;
}
const botBubbles = (frame: Frame) => frame.locator('#webchat .webchat__bubble:not(.webchat__bubble--from-user)');

/** Where the focus is, seen from the host page: in the launcher's shadow root, in the chat frame, or elsewhere. */
async function focusInHost(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active?.shadowRoot?.activeElement) {
      const inner = active.shadowRoot.activeElement;
      return inner.localName === 'iframe' ? 'chat frame' : `launcher ${inner.className}`;
    }
    return `page ${active?.localName ?? 'none'}`;
  });
}

async function openPanel(page: Page): Promise<Frame> {
  await launcher(page).click();
  await expect.poll(() => panel(page).isVisible()).toBe(true);
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${botUrl}/?embed=1`))).toBe(true);
  const frame = chat(page);
  await botBubbles(frame).first().waitFor({ timeout: 30_000 });
  return frame;
}

describe('the launcher on an English page', () => {
  let context: BrowserContext;
  let page: Page;
  let cspViolations: () => Promise<string[]>;
  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-CA', viewport: viewports.desktop });
    cspViolations = await recordCspViolations(context);
    page = await context.newPage();
    await page.goto(`${site.url}/`);
    await launcher(page).waitFor();
  }, 60_000);
  afterAll(() => context?.close());

  it('is a button in the bottom corner, named in the page’s language, that loads nothing until used', async () => {
    await expect.poll(() => page.getByRole('button', { name: labels.en.open, exact: true }).count()).toBe(1);
    const box = (await launcher(page).boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(viewports.desktop.width - 40);
    expect(box.y + box.height).toBeGreaterThan(viewports.desktop.height - 40);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(page.frames()).toHaveLength(1);
  });

  it('opens the chat in a modal panel and moves the focus into it, to the send box', async () => {
    const frame = await openPanel(page);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    expect(await panel(page).getAttribute('aria-labelledby')).toBeTruthy();
    await expect.poll(() => focusInHost(page)).toBe('chat frame');
    await expect.poll(() => focusedElement(frame)).toMatch(/send-box-text-box/);
    // Not full screen on a desktop: the page stays visible around it.
    const box = (await panel(page).boundingBox())!;
    expect(box.width).toBeLessThan(viewports.desktop.width / 2);
  }, 60_000);

  it('keeps the focus inside the panel (Tab and Shift+Tab)', async () => {
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press(key);
        // The chat is another site's frame, in another process: focus crosses into and out of it
        // asynchronously, so the page may show no focus for a moment; it must then land inside.
        await expect
          .poll(() => focusInHost(page), { message: `${key} ×${i + 1}`, timeout: 5_000 })
          .toMatch(/^(chat frame|launcher close)$/);
      }
    }
  }, 60_000);

  it('closes with Escape from the chat and gives the focus back to the button', async () => {
    await chat(page).locator('[data-id="webchat-sendbox-input"]').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await focusInHost(page)).toBe('launcher launcher');
    // The dialog's 'close' event (which sets it) comes a task after the panel hides and the focus returns.
    await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('false');
  }, 30_000);

  it('closes with its close button and with Escape on it, the focus back on the button', async () => {
    await launcher(page).click();
    await page.getByRole('button', { name: labels.en.close }).click();
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await focusInHost(page)).toBe('launcher launcher');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await page.getByRole('button', { name: labels.en.close }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await focusInHost(page)).toBe('launcher launcher');
  }, 30_000);

  it('has no serious or critical accessibility violation with the panel open (axe-core)', async () => {
    await launcher(page).click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  }, 90_000);

  it('counts the replies that came while it was closed', async () => {
    const frame = chat(page);
    await sendMessage(frame, 'How long is the border?');
    await expect.poll(() => frame.locator('#webchat').innerText(), { timeout: 20_000 }).toMatch(/9,000 km/);
    await page.getByRole('button', { name: labels.en.close }).click();
    // A reply while closed: the conversation gets a message the person did not type here (as when a
    // question sent just before closing is answered after), through the Direct Line the frame uses.
    // The host page keeps the tab's conversation for the frame (embed.js, in the site's sessionStorage).
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('canada-us-assistant')!).conversation);
    const posted = await fetch(`${botUrl}/v3/directline/conversations/${saved.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${saved.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'What is NORAD?', locale: 'en-CA' }),
    });
    expect(posted.status).toBe(200);
    await expect
      .poll(() => launcher(page).getAttribute('aria-label'), { timeout: 20_000 })
      .toBe(`${labels.en.open} (${labels.en.unreadOne})`);
    expect(await page.locator('.badge').innerText()).toBe('1');
    expect(await page.getByRole('status').innerText()).toBe(labels.en.unreadOne);
  }, 60_000);

  it('resumes the conversation on another page of the site, the unread count with it', async () => {
    await page.getByRole('link', { name: 'Trade' }).click();
    await page.waitForURL(`${site.url}/trade`);
    await expect
      .poll(() => launcher(page).getAttribute('aria-label'), { timeout: 20_000 })
      .toBe(`${labels.en.open} (${labels.en.unreadOne})`);
    const frame = await openPanel(page);
    await expect.poll(() => frame.locator('#webchat').innerText(), { timeout: 20_000 }).toMatch(/9,000 km/);
    await expect.poll(() => frame.locator('#webchat').innerText()).toContain(answerLead('What is NORAD?'));
    // Opened: nothing unread; replayed history is not counted again.
    await expect.poll(() => page.locator('.badge').isVisible()).toBe(false);
    expect(await launcher(page).getAttribute('aria-label')).toBe(labels.en.open);
    await sendMessage(frame, 'and its trade?');
    await expect.poll(() => botBubbles(frame).count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  }, 90_000);

  it('starts afresh in a new tab', async () => {
    const tab = await context.newPage();
    try {
      await tab.goto(`${site.url}/trade`);
      const frame = await openPanel(tab);
      expect(await botBubbles(frame).count()).toBe(1);
      expect(await frame.locator('#webchat').innerText()).not.toMatch(/9,000 km/);
    } finally {
      await tab.close();
    }
  }, 60_000);

  it('needs nothing the host site’s Content-Security-Policy or the bot’s own does not allow', async () => {
    expect(await cspViolations()).toEqual([]);
  });
});

describe('the launcher on a French page, on a phone', () => {
  /** Opens the French page at a phone's size; checks the launcher's French name and the full-screen panel. */
  async function openOnPhone(
    size: { width: number; height: number },
    check: (page: Page) => Promise<void> = async () => {},
  ) {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: size });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/fr/`);
      await expect.poll(() => page.getByRole('button', { name: labels.fr.open, exact: true }).count()).toBe(1);
      const frame = await openPanel(page);
      expect(await page.getByRole('button', { name: labels.fr.close }).count()).toBe(1);
      const box = (await panel(page).boundingBox())!;
      expect(box).toEqual({ x: 0, y: 0, width: size.width, height: size.height });
      const input = (await frame.locator('[data-id="webchat-sendbox-input"]').boundingBox())!;
      expect(input.y + input.height).toBeLessThanOrEqual(size.height);
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe('fr');
      await expect.poll(() => frame.locator('#webchat').innerText()).toMatch(/Bonjour/);
      await check(page);
    } finally {
      await context.close();
    }
  }

  it('is named in French and fills a 360×640 screen, with no serious or critical accessibility violation (axe-core)', async () => {
    await openOnPhone(viewports['phone-360'], async (page) => expect(await seriousViolations(page)).toEqual([]));
  }, 120_000);

  it('fills a 390×844 screen with the send box on it', async () => {
    await openOnPhone(viewports['phone-390']);
  }, 60_000);
});
