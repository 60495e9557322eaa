// The insights page in a real browser (Debian's Chromium), on a bot run as two instances, each in its
// own process, sharing Blob storage (Azurite on loopback): the conversations each instance answered
// appear together on one instance's page; signed in through the form, the page draws each chart and
// its table in English and in French, with no serious accessibility violation (axe-core) and no
// Content-Security-Policy violation; an instance stopped right after its turns (SIGTERM) loses no event.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Azurite } from '../support/azurite.js';
import { launchChromium, recordCspViolations, seriousViolations, viewports } from '../support/browser.js';
import { seedConversations } from '../support/insightsSeed.js';
import { startBotProcess, waitFor, type BotProcess } from '../support/processes.js';

const token = 'insights-token-for-the-browser-test-0123';
let azurite: Azurite;
let bots: BotProcess[] = [];
let browser: Awaited<ReturnType<typeof launchChromium>>;
// Storage calls may take 10 s, not 2: the seeded turns arrive all at once, on a machine that may be busy, and a
// turn timed out would be recorded as 'unavailable' without its question (this test is not about timeouts).
const env = () => ({
  STORAGE: 'blob',
  BLOB_CONNECTION_STRING: azurite.connectionString,
  INSIGHTS_TOKEN: token,
  STORAGE_TIMEOUT_MS: '10000',
});

/** Messages sent so far, and the questions each instance declined. */
let sent = 0;
const declinedBy: [string[], string[]] = [[], []];

async function say(bot: BotProcess, conversationId: string, text: string, locale: string, channelId: string) {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: randomUUID(),
      channelId,
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: conversationId },
      from: { id: 'person' },
      recipient: { id: 'bot' },
      locale,
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  expect(res.status).toBe(200);
  await res.text();
  sent++;
}

interface Data {
  totals: { messages: number };
  tables: { id: string; rows: unknown[][] }[];
}
async function data(bot: BotProcess, language = 'en'): Promise<Data> {
  const res = await fetch(`${bot.url}/insights/data?lang=${language}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Data;
}
const allWritten = (bot: BotProcess) =>
  waitFor(async () => (await data(bot)).totals.messages === sent, 30_000, 'every turn event to be written');

beforeAll(async () => {
  azurite = await Azurite.start();
  [bots, browser] = await Promise.all([
    Promise.all([startBotProcess(env()), startBotProcess(env())]),
    launchChromium(),
  ]);
  // The seeded conversations, every other one to each instance (the web chat on one, Teams on the other).
  await Promise.all(
    seedConversations.map(async (conversation, i) => {
      const instance = i % 2;
      const conversationId = randomUUID();
      for (const text of conversation.messages) {
        await say(bots[instance]!, conversationId, text, `${conversation.locale}-CA`, instance ? 'msteams' : 'webchat');
      }
    }),
  );
  seedConversations.forEach((conversation, i) => {
    if (conversation.declined) declinedBy[i % 2]!.push(conversation.messages[0]!);
  });
  await allWritten(bots[0]!);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(bots.map((bot) => bot.stop()));
  await azurite?.dispose();
}, 60_000);

const tablesWithCharts = ['messages-by-language', 'conversations-by-channel', 'outcomes', 'topics', 'ratings'];
const allTables = [...tablesWithCharts, 'declined'];
const titles = {
  en: {
    heading: 'Insights on the Canada–US Relations assistant',
    declined: 'Questions the assistant could not answer',
  },
  fr: {
    heading: 'Statistiques de l’assistant sur les relations Canada–États-Unis',
    declined: 'Questions auxquelles l’assistant n’a pas pu répondre',
  },
};

/** Signs in through the form, as a keeper would, and waits for the numbers. */
async function openInsights(context: BrowserContext, bot: BotProcess, language: 'en' | 'fr'): Promise<Page> {
  const page = await context.newPage();
  const first = await page.goto(`${bot.url}/insights?lang=${language}`);
  expect(first!.status()).toBe(401);
  await page.locator('gcds-input input').fill(token);
  await Promise.all([page.waitForURL(/\/insights\?lang=/), page.locator('gcds-button[type=submit] button').click()]);
  await page.locator('#main[data-loaded="true"]').waitFor({ timeout: 30_000 });
  return page;
}

/** How many of a canvas's pixels are drawn on. */
const drawnPixels = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    return drawn;
  }, `chart-${id}`);

describe.each(['en', 'fr'] as const)('the insights page (%s)', (language) => {
  let context: BrowserContext;
  let page: Page;
  let cspViolations: () => Promise<string[]>;
  beforeAll(async () => {
    context = await browser.newContext({ locale: `${language}-CA`, viewport: viewports.desktop });
    cspViolations = await recordCspViolations(context);
    page = await openInsights(context, bots[0]!, language);
  }, 60_000);
  afterAll(() => context?.close());

  it('shows what both instances were asked, the questions declined by each among them', async () => {
    expect(await page.locator('gcds-heading[tag="h1"]').innerText()).toBe(titles[language].heading);
    const declined = page.locator('#table-declined');
    expect(await page.locator('#caption-declined').innerText()).toBe(titles[language].declined);
    const shown = await declined.innerText();
    expect(declinedBy[0].length).toBeGreaterThan(0);
    expect(declinedBy[1].length).toBeGreaterThan(0);
    for (const question of [...declinedBy[0], ...declinedBy[1]].filter((q) => !q.includes('Tremblay')))
      expect(shown).toContain(question);
    // Masked before it was written: the name and the phone number never reach the page.
    expect(shown).toContain('[phone_number]');
    expect(await page.locator('main').innerText()).not.toMatch(/Tremblay|613-555-0199|GH 654321/);
  }, 30_000);

  it('draws each chart, each followed by its table with its numbers, and links each table as CSV', async () => {
    for (const id of tablesWithCharts) {
      const canvas = page.locator(`#chart-${id}`);
      expect(await canvas.getAttribute('role'), id).toBe('img');
      expect(await canvas.getAttribute('aria-label'), id).toMatch(/\. .+/);
      expect(
        await page.evaluate(
          (canvasId) =>
            Boolean((window as unknown as { Chart: { getChart(id: string): unknown } }).Chart.getChart(canvasId)),
          `chart-${id}`,
        ),
        id,
      ).toBe(true);
      expect(await drawnPixels(page, id), id).toBeGreaterThan(1000);
    }
    for (const id of allTables) {
      expect(await page.locator(`#table-${id} tbody tr`).count(), id).toBeGreaterThan(0);
      expect(await page.locator(`#table-${id} th[scope="col"]`).count(), id).toBeGreaterThan(1);
      const csv = await page.locator(`#section-${id} gcds-link`).getAttribute('href');
      expect(csv, id).toContain(`table=${id}`);
      expect(csv, id).toContain(`lang=${language}`);
    }
    // The channel chart's table: both instances' channels.
    const channels = await page.locator('#table-conversations-by-channel thead').innerText();
    expect(channels).toMatch(/Microsoft Teams/);
    expect(channels).toMatch(language === 'en' ? /Web chat/ : /Clavardage Web/);
  }, 30_000);

  it('has no serious or critical accessibility violation (axe-core), and no CSP violation', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 60_000);
});

describe('an instance restarted', () => {
  it('loses no event: what it recorded just before SIGTERM is on the page after', async () => {
    const conversationId = randomUUID();
    for (const text of ['Which provinces border Idaho?', 'how long is the border?', '👎 Not helpful'])
      await say(bots[1]!, conversationId, text, 'en-CA', 'msteams');
    // Stopped at once: the queue of events is written on SIGTERM, before the process exits.
    expect(await bots[1]!.stop()).toBe(0);
    bots[1] = await startBotProcess(env());
    await allWritten(bots[1]);
    const declined = (await data(bots[1])).tables.find((t) => t.id === 'declined')!;
    expect(declined.rows.flatMap((row) => row[1] as string[])).toContain('Which provinces border Idaho?');
    expect((await data(bots[0]!)).totals.messages).toBe(sent);
  }, 120_000);
});
