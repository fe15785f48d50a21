import { expect, type Locator, type Page } from '@playwright/test';

/** The search screen, by the names a screen reader user would hear. */
export class SearchPage {
  readonly nav: Locator;
  readonly box: Locator;
  readonly results: Locator;
  readonly status: Locator;
  readonly concepts: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.box = page.getByRole('searchbox', { name: 'Search photos' });
    this.results = page.getByRole('list', { name: 'Search results' });
    this.status = page.getByRole('status').filter({ hasText: /photos? for|Searching/ });
    this.concepts = page.getByRole('definition');
  }

  async go(view: 'Library' | 'Search' | 'Settings'): Promise<void> {
    await this.nav.getByRole('button', { name: view, exact: true }).click();
    await expect(this.nav.getByRole('button', { name: view, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  /** The result tiles in rank order. */
  tiles(): Locator {
    return this.results.getByRole('listitem').filter({ has: this.page.getByRole('figure') });
  }

  /** The reasons list under the result at `index` (0 = best). */
  reasons(index: number): Locator {
    return this.tiles().nth(index).getByRole('list', { name: 'Why it matched' });
  }
}
