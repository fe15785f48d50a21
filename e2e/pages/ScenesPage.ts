import { expect, type Locator, type Page } from '@playwright/test';

/** The scenes and scene screens, by the names a screen reader user would hear. */
export class ScenesPage {
  readonly nav: Locator;
  readonly scenes: Locator;
  readonly scenePhotos: Locator;
  readonly exportDialog: Locator;
  readonly similarDialog: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.scenes = page.getByRole('list', { name: 'Scenes' });
    this.scenePhotos = page.getByRole('list', { name: 'Photos in this scene' });
    this.exportDialog = page.getByRole('dialog', { name: 'Export scenes' });
    this.similarDialog = page.getByRole('dialog', { name: /^More like / });
  }

  async go(view: 'Library' | 'Scenes' | 'Search'): Promise<void> {
    await this.nav.getByRole('button', { name: view, exact: true }).click();
    await expect(this.nav.getByRole('button', { name: view, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  /** Display names of the scenes on screen, largest first. */
  async names(): Promise<string[]> {
    const labels = await this.scenes
      .getByRole('button', { name: /^Open / })
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''));
    return labels.map((label) => label.replace(/^Open /, ''));
  }

  card(name: string): Locator {
    return this.scenes
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('button', { name: `Open ${name}`, exact: true }) });
  }

  /** The number in a card's "N photos" line. */
  async photoCount(name: string): Promise<number> {
    const text =
      (await this.card(name)
        .getByText(/\d+ photos?$/)
        .textContent()) ?? '';
    return Number(text.replace(/\D/g, ''));
  }
}
