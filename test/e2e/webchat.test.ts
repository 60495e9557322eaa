// The web page in a real browser: Debian's Chromium driven by playwright-core, against the real
// server on loopback with its local Direct Line. One bubble per answer; a conversation in English,
// then in French after the design system's language toggle; the same with the keyboard only; the
// send box on screen at phone, tablet and desktop sizes and at 200 % zoom, with no horizontal scroll;
// accessibility checked with axe-core in both languages; no Content-Security-Policy violation.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/answers/compose.js';
import { testApp } from '../support/app.js';
import {
  focusedElement,
  launchChromium,
  recordCspViolations,
  sendMessage,
  seriousViolations,
  viewports,
} from '../support/browser.js';
import { listenDuringTests } from '../support/server.js';

const app = testApp();
const baseUrl = listenDuringTests(app.server);
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  browser = await launchChromium();
}, 300_000);
afterAll(async () => browser?.close());

const transcript = (page: Page) => page.locator('#webchat');
const botBubbles = (page: Page) => page.locator('#webchat .webchat__bubble:not(.webchat__bubble--from-user)');
const answerLead = (question: string, language: 'en' | 'fr' = 'en') =>
  app.assistant.reply(question, { subjects: [] }, language).reply.lead;

/**
 * What the bot's reply to a suggested action starts with: after an answer, the last suggestions are its
 * 👍/👎, which the bot takes as a rating of that answer (thanks), not as a question.
 */
function suggestionLead(label: string): string {
  const rating = app.assistant.ratingIn(label);
  if (!rating) return answerLead(label);
  const { memory } = app.assistant.reply('How long is the border?', { subjects: [] }, 'en');
  return app.assistant.rate(rating.rating, memory, 'en', rating.language).reply.lead;
}

async function openPage(context: BrowserContext, language: 'en' | 'fr'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/?lang=${language}`);
  await botBubbles(page).first().waitFor({ timeout: 30_000 });
  return page;
}

describe('the web chat page', () => {
  let context: BrowserContext;
  let page: Page;
  let cspViolations: () => Promise<string[]>;
  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-CA', viewport: viewports.desktop });
    cspViolations = await recordCspViolations(context);
    page = await openPage(context, 'en');
  }, 60_000);
  afterAll(() => context?.close());

  it('welcomes with one message: the card with the greeting and the privacy notice', async () => {
    await expect.poll(() => transcript(page).innerText()).toMatch(/do not share personal information/);
    expect(await botBubbles(page).count()).toBe(1);
  }, 30_000);

  it('answers a typed question', async () => {
    await sendMessage(page, 'how long is the border?');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toMatch(/9,000 km/);
  }, 60_000);

  it('answers a suggested action when it is clicked', async () => {
    await page.getByRole('button', { name: 'How many people cross the border each day?' }).last().click();
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toMatch(/400,000 people/);
  }, 60_000);

  it('shows an answer with a card as one bubble, its first sentence not repeated beside it', async () => {
    const before = await botBubbles(page).count();
    const question = 'Which consulate serves Ohio?';
    await sendMessage(page, question);
    await expect.poll(() => botBubbles(page).count(), { timeout: 20_000 }).toBe(before + 1);
    const lead = answerLead(question);
    expect(lead).toMatch(/Detroit/);
    // The card's heading says it once; a text bubble beside the card would say it a second time.
    const shown = (await botBubbles(page).last().innerText()).split(lead).length - 1;
    expect(shown).toBe(1);
    expect(await botBubbles(page).last().locator('.ac-adaptiveCard').count()).toBe(1);
  }, 60_000);

  it('answers a topic of the help card when its button is clicked', async () => {
    await sendMessage(page, 'what can you do?');
    const topic = page.getByRole('button', { name: say(app.facts, 'en', 'topic.trade') }).last();
    await topic.waitFor({ timeout: 20_000 });
    await topic.click();
    await expect
      .poll(() => transcript(page).innerText(), { timeout: 20_000 })
      .toMatch(/largest trading relationship in the world/);
  }, 60_000);

  it('switches the page and the chat to French with the design system’s language toggle, in place', async () => {
    const before = await botBubbles(page).count();
    await page
      .locator('gcds-lang-toggle')
      .getByRole('link', { name: /Français/ })
      .click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('fr');
    await expect.poll(() => page.title()).toBe('Assistant sur les relations Canada–États-Unis');
    // The same conversation, now in French: Web Chat's own labels too.
    expect(await botBubbles(page).count()).toBe(before);
    await expect
      .poll(() => page.locator('[data-id="webchat-sendbox-input"]').getAttribute('placeholder'))
      .toMatch(/message/i);
    await sendMessage(page, 'Quelle est la longueur de la frontière ?');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toMatch(/9\s000\skm/);
    await expect
      .poll(() =>
        page
          .locator('gcds-lang-toggle')
          .getByRole('link', { name: /English/ })
          .count(),
      )
      .toBe(1);
  }, 60_000);

  it('keeps the conversation when the page is reloaded in the same tab', async () => {
    const before = await botBubbles(page).count();
    await page.reload();
    await expect.poll(() => botBubbles(page).count(), { timeout: 30_000 }).toBe(before);
    await expect.poll(() => transcript(page).innerText()).toMatch(/9\s000\skm/);
  }, 60_000);

  it('has no serious or critical accessibility violation in French (axe-core)', async () => {
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('needs nothing its Content-Security-Policy does not allow', async () => {
    expect(await cspViolations()).toEqual([]);
  });
});

describe('a new tab', () => {
  it('starts a new conversation, in English, with no serious or critical accessibility violation, and replaces one it cannot resume', async () => {
    const context = await browser.newContext({ locale: 'en-CA', viewport: viewports['phone-390'] });
    try {
      const page = await openPage(context, 'en');
      expect(await botBubbles(page).count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await seriousViolations(page)).toEqual([]);
      // A conversation it cannot resume (its token expired, or the server restarted) is replaced.
      await page.evaluate(() =>
        sessionStorage.setItem(
          'canada-us-assistant:conversation',
          JSON.stringify({
            conversationId: 'gone',
            token: 'expired',
            watermark: '3',
            domain: `${location.origin}/v3/directline`,
          }),
        ),
      );
      await page.reload();
      await expect
        .poll(
          () =>
            page.evaluate(() => JSON.parse(sessionStorage.getItem('canada-us-assistant:conversation')!).conversationId),
          {
            timeout: 30_000,
          },
        )
        .not.toBe('gone');
      await expect.poll(() => botBubbles(page).count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator('#status').innerText()).toBe('');
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('with the keyboard only', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-CA', viewport: viewports.desktop });
    page = await openPage(context, 'en');
  }, 60_000);
  afterAll(() => context?.close());

  /** Presses a key until the focused element matches, at most `limit` times. */
  async function pressUntil(key: string, matches: RegExp, limit = 12): Promise<string> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      const focused = await focusedElement(page);
      if (matches.test(focused)) return focused;
    }
    throw new Error(`${key} never reached ${matches}; focus on ${await focusedElement(page)}`);
  }

  it('skips to the chat, reaches the send box and sends a question', async () => {
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatch(/^a\.gcds-link.*Skip to main content/);
    await page.keyboard.press('Enter');
    await pressUntil('Tab', /send-box-text-box/);
    await page.keyboard.type('How long is the border?');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toMatch(/9,000 km/);
  }, 60_000);

  it('activates a suggested action', async () => {
    const suggestion = await pressUntil('Shift+Tab', /webchat__suggested-action/);
    const label = suggestion.replace(/^\S+\s/, '');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toContain(suggestionLead(label));
  }, 60_000);

  it('activates a button on a card', async () => {
    await page.locator('[data-id="webchat-sendbox-input"]').focus();
    await page.keyboard.type('what can you do?');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toContain(say(app.facts, 'en', 'help'));
    // Into the transcript, to its last message (the help card), into the card: its first topic.
    await pressUntil('Shift+Tab', /^div\.webchat__basic-transcript\b/);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toContain(say(app.facts, 'en', 'topic.relations'));
    await page.keyboard.press('Enter');
    const question = say(app.facts, 'en', 'suggest.relations.overview');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toContain(answerLead(question));
  }, 60_000);
});

/** Where the send box is (in CSS pixels, fractions included), and whether the page scrolls sideways. */
function layout(page: Page) {
  return page.evaluate(() => {
    const box = document.querySelector('[data-id="webchat-sendbox-input"]')!.getBoundingClientRect();
    return {
      sendBoxTop: box.top,
      sendBoxBottom: box.bottom,
      viewportHeight: innerHeight,
      horizontalScroll: document.documentElement.scrollWidth > innerWidth,
    };
  });
}

describe.each(['en', 'fr'] as const)('the page’s layout in %s', (language) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-CA', viewport: viewports['phone-360'] });
    page = await openPage(context, language);
    // A conversation longer than the screen: the send box must stay where the person types.
    await sendMessage(page, language === 'fr' ? 'Liste des consulats' : 'List the consulates');
    await botBubbles(page).nth(1).waitFor({ timeout: 20_000 });
  }, 90_000);
  afterAll(() => context?.close());

  it.each(Object.entries(viewports))(
    'keeps the send box on screen at %s, with no horizontal scroll',
    async (_name, size) => {
      await page.setViewportSize(size);
      await page.evaluate(() => scrollTo(0, 0));
      await expect.poll(() => layout(page)).toMatchObject({ horizontalScroll: false });
      const { sendBoxTop, sendBoxBottom, viewportHeight } = await layout(page);
      expect(sendBoxTop).toBeGreaterThan(0);
      expect(Math.floor(sendBoxBottom)).toBeLessThanOrEqual(viewportHeight);
    },
    30_000,
  );

  it('stays usable at 200 % zoom (1280×800 zoomed: 640×400 CSS pixels)', async () => {
    await page.setViewportSize({ width: 640, height: 400 });
    await expect.poll(() => layout(page)).toMatchObject({ horizontalScroll: false });
    // The chat keeps a usable height; the page scrolls to the send box rather than squeezing it.
    const chatHeight = await page.locator('#webchat').evaluate((chat) => chat.getBoundingClientRect().height);
    expect(chatHeight).toBeGreaterThanOrEqual(16 * 16);
    await page.locator('[data-id="webchat-sendbox-input"]').scrollIntoViewIfNeeded();
    const { sendBoxTop, sendBoxBottom, viewportHeight } = await layout(page);
    expect(sendBoxTop).toBeGreaterThanOrEqual(0);
    expect(Math.floor(sendBoxBottom)).toBeLessThanOrEqual(viewportHeight);
    await sendMessage(page, language === 'fr' ? 'Qu’est-ce que le NORAD ?' : 'What is NORAD?');
    await expect.poll(() => transcript(page).innerText(), { timeout: 20_000 }).toMatch(/NORAD/);
  }, 60_000);

  it('stays usable with text twice as large', async () => {
    await page.setViewportSize(viewports['phone-390']);
    await page.addStyleTag({ content: 'html { font-size: 200%; }' });
    await page.evaluate(() => scrollTo(0, 0));
    await expect.poll(() => layout(page)).toMatchObject({ horizontalScroll: false });
    await page.locator('[data-id="webchat-sendbox-input"]').scrollIntoViewIfNeeded();
    const { sendBoxBottom, viewportHeight } = await layout(page);
    expect(Math.floor(sendBoxBottom)).toBeLessThanOrEqual(viewportHeight);
  }, 30_000);
});
