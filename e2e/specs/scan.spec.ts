import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS } from '../checks.js';
import { LibraryPage } from '../pages/LibraryPage.js';
import { buildSampleLibrary, type SampleLibrary } from '../sampleLibrary.js';

const COPIES = ['2017', '2018', '2019'];
const CORRUPT = 'broken-transfer.jpg';

let fixture: SampleLibrary;

test.beforeAll(async () => {
  fixture = await buildSampleLibrary(COPIES, CORRUPT);
});

test.afterAll(async () => {
  await rm(fixture.dir, { recursive: true, force: true });
});

test('add a folder, scan it, watch progress, see thumbnails and the broken file', async ({ page }) => {
  const url = process.env['FACETS_E2E_URL'];
  if (!url) throw new Error('FACETS_E2E_URL is not set: run through e2e/playwright.config.ts');
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  const library = new LibraryPage(page);
  await library.open(url);
  await expect(page.getByText('No photos yet')).toBeVisible();
  await expect(library.scan).toBeDisabled();

  await library.addRoot(fixture.dir);
  await expect(library.scan).toBeEnabled();

  const progressEvents = await library.recordProgress();
  await library.scan.click();
  await expect(library.progress).toBeVisible();

  const total = fixture.photoCount + 1;
  await expect(library.scanRegion.getByText('Scan complete')).toBeVisible({ timeout: 90_000 });
  await expect(library.scanRegion.getByText(`${total} of ${total} files`)).toBeVisible();
  await expect(library.progress).toHaveAttribute('value', String(total));
  await expect(library.scan).toBeEnabled();

  // The bar was driven by a stream of job.progress events that moved forward and ended complete (face indexing
  // follows the scan with events of its own).
  const events = (await progressEvents()).filter((event) => event.kind === 'scan');
  const done = events.map((event) => event.done);
  expect(events.length).toBeGreaterThan(1);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(events.at(-1)).toMatchObject({ state: 'done', done: total, total });

  // Thumbnails: one tile per readable photo, each image actually decoded by the browser.
  const images = library.photos.getByRole('img');
  await expect(images).toHaveCount(fixture.photoCount);
  await expect(library.photosTab).toContainText(String(fixture.photoCount));
  await expect
    .poll(() => images.evaluateAll((all) => all.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length))
    .toBeGreaterThanOrEqual(Math.min(fixture.photoCount, 12));
  await expect(page.getByRole('definition').first()).toHaveText(String(fixture.photoCount + 1));

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'scan-photos.png') });

  // The cut-off file is listed with its reason.
  await library.problemsTab.click();
  const row = library.problems.getByRole('row', { name: new RegExp(CORRUPT) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(2)).not.toHaveText('');
  await page.screenshot({ path: join(ARTIFACTS, 'scan-problems.png') });

  expect(pageErrors).toEqual([]);
});
