import { expect, type Locator, type Page } from '@playwright/test';

/** The library screen, by the names a screen reader user would hear. */
export class LibraryPage {
  readonly folderPath: Locator;
  readonly addFolder: Locator;
  readonly folders: Locator;
  readonly scan: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  readonly scanRegion: Locator;
  readonly photos: Locator;
  readonly problemsTab: Locator;
  readonly photosTab: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.folderPath = page.getByLabel('Folder path');
    this.addFolder = page.getByRole('button', { name: 'Add folder' });
    this.folders = page.getByRole('list', { name: 'Library folders' });
    this.scan = page.getByRole('button', { name: 'Scan', exact: true });
    this.cancel = page.getByRole('button', { name: 'Cancel scan', exact: true });
    this.progress = page.getByRole('progressbar', { name: 'Scan progress' });
    this.scanRegion = page.getByRole('region', { name: 'Scan' });
    this.photos = page.getByRole('list', { name: 'Photos' });
    this.photosTab = page.getByRole('tab', { name: /^Photos/ });
    this.problemsTab = page.getByRole('tab', { name: /^Problems/ });
    this.problems = page.getByRole('table');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Facets' })).toBeVisible();
  }

  async addRoot(path: string): Promise<void> {
    await this.folderPath.fill(path);
    await this.addFolder.click();
    await expect(this.folders.getByText(path, { exact: true })).toBeVisible();
  }

  /** Every job.progress event the page receives, collected over the app's own SSE endpoint. */
  async recordProgress(): Promise<() => Promise<Array<{ kind: string; state: string; done: number; total: number }>>> {
    await this.page.evaluate(() => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="facets-token"]')?.content ?? '';
      const seen: unknown[] = [];
      (window as unknown as { __progress: unknown[] }).__progress = seen;
      const source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
      source.addEventListener('job.progress', (event) => seen.push(JSON.parse((event as MessageEvent<string>).data)));
      return new Promise<void>((resolve) => source.addEventListener('open', () => resolve(), { once: true }));
    });
    return () =>
      this.page.evaluate(
        () =>
          (window as unknown as { __progress: Array<{ kind: string; state: string; done: number; total: number }> })
            .__progress,
      );
  }
}
