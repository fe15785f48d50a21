import { expect, type Locator, type Page } from '@playwright/test';

/** The header's jobs button and panel, by the names a screen reader user would hear. */
export class JobsPanel {
  readonly toggle: Locator;
  readonly panel: Locator;
  readonly readText: Locator;
  readonly jobs: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.getByRole('button', { name: /^Jobs/ });
    this.panel = page.getByRole('region', { name: 'Jobs' });
    this.readText = this.panel.getByRole('button', { name: 'Read text' });
    this.jobs = this.panel.getByRole('list', { name: 'Running and recent jobs' });
  }

  async open(): Promise<void> {
    if ((await this.toggle.getAttribute('aria-expanded')) !== 'true') await this.toggle.click();
    await expect(this.panel).toBeVisible();
  }

  async close(): Promise<void> {
    await this.panel.press('Escape');
    await expect(this.panel).toBeHidden();
  }

  /** A job's row by its label and state, e.g. ('Reading text', 'done'). */
  job(kind: string, state: string): Locator {
    return this.jobs.getByRole('listitem', { name: `${kind}, ${state}`, exact: true });
  }
}
