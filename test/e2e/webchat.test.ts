// The web page in a real browser: Debian's Chromium driven by playwright-core, against the real
// server on loopback with its local Direct Line. Chat in English, click a suggested action and a topic
// on the help card, switch to French and chat in French, check accessibility with axe-core, keep a
// screenshot.
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootDir, testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const chromiumPath = '/usr/bin/chromium';
const baseUrl = listenDuringTests(testApp().server);
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) execFileSync(join(rootDir, 'scripts/ensure-chromium.sh'), { stdio: 'inherit' });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ locale: 'en-CA' });
  page = await context.newPage();
  await page.goto(`${baseUrl()}/?lang=en`);
}, 300_000);
afterAll(async () => browser?.close());

const transcript = () => page.locator('#webchat');
async function send(text: string) {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

describe('web chat page', () => {
  it('greets, then answers a typed question', async () => {
    await expect.poll(() => transcript().innerText(), { timeout: 20_000 }).toMatch(/Canada–US Relations assistant/);
    await send('how long is the border?');
    await expect.poll(() => transcript().innerText(), { timeout: 20_000 }).toMatch(/9,000 km/);
  }, 60_000);

  it('answers a suggested action when it is clicked', async () => {
    await page.getByRole('button', { name: 'How many people cross the border each day?' }).last().click();
    await expect.poll(() => transcript().innerText(), { timeout: 20_000 }).toMatch(/400,000 people/);
  }, 60_000);

  it('answers a topic of the help card when its button is clicked', async () => {
    await send('what can you do?');
    const topic = page.getByRole('button', { name: 'Trade: size, jobs and benefits' }).last();
    await topic.waitFor({ timeout: 20_000 });
    await topic.click();
    await expect
      .poll(() => transcript().innerText(), { timeout: 20_000 })
      .toMatch(/largest trading relationship in the world/);
  }, 60_000);

  it('switches the page to French and answers in French', async () => {
    await page.getByRole('button', { name: 'Afficher cette page en français' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await send('Quelle est la longueur de la frontière ?');
    await expect.poll(() => transcript().innerText(), { timeout: 20_000 }).toMatch(/9\s000\skm/);
  }, 60_000);

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = results.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.length}`).join('; ');
    console.log(`axe: ${results.passes.length} rules passed; violations: ${summary || 'none'}`);
    mkdirSync(join(rootDir, 'test/artifacts'), { recursive: true });
    await page.screenshot({ path: join(rootDir, 'test/artifacts/webchat.png'), fullPage: true });
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }, 60_000);
});
