import { expect, type Locator, type Page } from '@playwright/test';

/** The people, person, find-by-photo and export screens, by the names a screen reader user would hear. */
export class PeoplePage {
  readonly nav: Locator;
  readonly people: Locator;
  readonly peopleTab: Locator;
  readonly personPhotos: Locator;
  readonly personFaces: Locator;
  readonly exportDialog: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.people = page.getByRole('list', { name: 'People' });
    this.peopleTab = page.getByRole('tab', { name: /^People/ });
    this.personPhotos = page.getByRole('list', { name: 'Photos of this person' });
    this.personFaces = page.getByRole('list', { name: 'Faces of this person' });
    this.exportDialog = page.getByRole('dialog', { name: 'Export people' });
  }

  async go(view: 'Library' | 'People' | 'Find by photo'): Promise<void> {
    await this.nav.getByRole('button', { name: view, exact: true }).click();
    await expect(this.nav.getByRole('button', { name: view, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  card(name: string): Locator {
    return this.people
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('button', { name: `Open ${name}`, exact: true }) });
  }

  /** Display names of the people on screen, in order. */
  async names(): Promise<string[]> {
    const labels = await this.people
      .getByRole('button', { name: /^Open / })
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''));
    return labels.map((label) => label.replace(/^Open /, ''));
  }

  /** The number in a card's "N photos · M faces" line. */
  async count(name: string, noun: 'photo' | 'face'): Promise<number> {
    const text =
      (await this.card(name)
        .getByText(/photos? ·/)
        .textContent()) ?? '';
    const match = new RegExp(`([\\d,]+) ${noun}`).exec(text);
    if (!match?.[1]) throw new Error(`no ${noun} count in "${text}"`);
    return Number(match[1].replace(/,/g, ''));
  }

  async peopleTotal(): Promise<number> {
    return Number(((await this.peopleTab.textContent()) ?? '').replace(/\D/g, ''));
  }

  async rename(from: string, to: string): Promise<void> {
    await this.page.getByRole('button', { name: `Rename ${from}`, exact: true }).click();
    const field = this.page.getByLabel(`Name for ${from}`, { exact: true });
    await expect(field).toBeFocused();
    await field.fill(to);
    await field.press('Enter');
    await expect(this.page.getByRole('button', { name: `Rename ${to}`, exact: true })).toBeVisible();
  }

  async open(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${name}`, exact: true }).click();
  }
}
