// Debian's Chromium driven by playwright-core, for the browser tests and `npm run screenshots`
// (installed by scripts/ensure-chromium.sh when missing; never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { rootDir } from './app.js';

const chromiumPath = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) execFileSync(join(rootDir, 'scripts/ensure-chromium.sh'), { stdio: 'inherit' });
  return chromium.launch({
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
}

/** The sizes the page and the launcher are checked and photographed at (CSS pixels). */
export const viewports = {
  'phone-360': { width: 360, height: 640 },
  'phone-390': { width: 390, height: 844 },
  tablet: { width: 768, height: 1024 },
  desktop: { width: 1280, height: 800 },
} as const;

/** The element that has the focus, through shadow roots (not into frames): tag, classes and name. */
export function focusedElement(page: Page | Frame): Promise<string> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return 'none';
    // The text a person sees, slotted text included (the design system's links slot their text).
    const textOf = (node: Node): string => {
      if (node instanceof HTMLSlotElement) return node.assignedNodes({ flatten: true }).map(textOf).join('');
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      return [...node.childNodes].map(textOf).join('');
    };
    const name = element.getAttribute('aria-label') ?? textOf(element).replace(/\s+/g, ' ').trim().slice(0, 60);
    return `${element.localName}.${[...element.classList].join('.')} ${name}`;
  });
}

/** Types a message in Web Chat's send box and sends it with Enter, as a person would. */
export async function sendMessage(chat: Page | Frame, text: string): Promise<void> {
  const input = chat.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Serious and critical axe-core violations (the page and its frames), as "rule: help (nodes)". */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Records Content-Security-Policy violations in every document the page loads (frames included). */
export async function recordCspViolations(context: BrowserContext): Promise<() => Promise<string[]>> {
  const violations: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, text: string) => violations.push(text));
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(
        `${location.origin}: ${event.effectiveDirective} blocked ${event.blockedURI}`,
      ),
    ),
  );
  return async () => violations;
}
