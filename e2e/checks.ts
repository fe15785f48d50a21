import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Saves a full-window screenshot of the current view as e2e/artifacts/<name>.png (kept as a CI artifact). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  // Images still decoding would show as empty frames.
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

export type AxeFinding = { id: string; impact: string; help: string; targets: string[] };

/** Runs axe on the page as it is and fails on any serious or critical violation, listing them by rule. */
export async function expectAccessible(page: Page, view: string): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const findings = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
  const blocking = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
  expect(blocking, `serious or critical accessibility violations on ${view}`).toEqual([]);
  console.log(
    `axe ${view}: ${results.passes.length} rules passed, ${findings.length} minor/moderate violations` +
      (findings.length ? ` (${findings.map((finding) => `${finding.id}:${finding.impact}`).join(', ')})` : ''),
  );
  return findings;
}

export type WatchedPage = { context: BrowserContext; page: Page; errors: string[] };

/**
 * A page in a context of its own (axe needs one: it opens a blank page beside it for its results), recording every
 * uncaught error and console error so a spec can require none.
 */
export async function openWatchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}
