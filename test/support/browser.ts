/**
 * Real Chromium for the web app's tests: playwright-core driving Debian's `chromium` (installed by
 * scripts/services.sh ensure; EARSHOT_CHROMIUM names another binary), never a downloaded browser.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots land here (git-ignored); `npm run screenshots` points it at docs/screenshots. */
export const SCREENSHOT_DIR = process.env.EARSHOT_SCREENSHOTS_DIR ?? 'test-artifacts/web';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's serious and critical violations on the page as it is now (run through CDP, so the app's CSP does not block it). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Tabs through the page and returns the visible, enabled controls that never received focus:
 * every control must be reachable by keyboard.
 */
export async function controlsNotReachedByTab(page: Page, maxTabs = 400): Promise<string[]> {
  await page.evaluate(() => {
    let n = 0;
    const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')];
    for (const el of controls) {
      // checkVisibility() also sees content hidden in a closed <details>.
      const visible = el.checkVisibility({ checkVisibilityCSS: true }) && !(el as HTMLButtonElement).disabled;
      if (visible && !el.closest('.skip')) el.dataset.kbdControl = String(n++);
    }
    document.addEventListener('focusin', (e) => {
      const t = e.target as HTMLElement;
      if (t.dataset?.kbdControl) t.dataset.kbdReached = 'yes';
    });
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const total = await page.locator('[data-kbd-control]').count();
  for (let i = 0; i < Math.min(maxTabs, total + 20); i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator('[data-kbd-control]:not([data-kbd-reached])').count()) === 0) break;
  }
  return page.locator('[data-kbd-control]:not([data-kbd-reached])').evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 40) || (e as HTMLInputElement).name || e.getAttribute('aria-label') || ''}"`));
}
