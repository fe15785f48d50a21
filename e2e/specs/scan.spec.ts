import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, expectAccessible, openWatchedPage, screenshot } from '../checks.js';
import { JobsPanel } from '../pages/JobsPanel.js';
import { LibraryPage } from '../pages/LibraryPage.js';
import { buildSampleLibrary, type SampleLibrary } from '../sampleLibrary.js';
import { startWebHost } from '../webHost.js';

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

/*
 * Pause and resume. The library is large enough (hundreds of full-size photos) that the scan is still reading files
 * long after Pause is clicked, which happens as soon as the scan shows; nothing here waits on a timed window.
 */
const BIG_COPIES = Array.from({ length: 50 }, (_, i) => `copy-${String(i).padStart(2, '0')}`);

test('a scan pauses, shows Paused with its files kept, and resumes to the end', async ({ browser }) => {
  test.setTimeout(360_000);
  const [host, big] = await Promise.all([startWebHost(), buildSampleLibrary(BIG_COPIES)]);
  const { context, page, errors } = await openWatchedPage(browser);
  try {
    const library = new LibraryPage(page);
    await library.open(host.url);
    await library.addRoot(big.dir);
    const pause = library.scanRegion.getByRole('button', { name: 'Pause scan' });
    await library.scan.click();
    await pause.click();

    await expect(library.scanRegion.getByText('Scan paused')).toBeVisible();
    const jobs = new JobsPanel(page);
    await jobs.open();
    const row = jobs.job('Scan', 'paused');
    await expect(row).toBeVisible();
    await expect(row.getByText('Paused', { exact: true })).toBeVisible();
    const figures = (await row.locator('.job__figures').textContent()) ?? '';
    const [done, total] = (figures.match(/[\d,]+/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
    console.log(`scan paused at ${done} of ${total} files`);
    expect(done).toBeLessThan(big.photoCount);
    expect(total).toBeLessThanOrEqual(big.photoCount);
    // Paused means paused: a moment later the count has not moved.
    await page.waitForTimeout(500);
    await expect(row.locator('.job__figures')).toHaveText(figures);
    await screenshot(page, 'scan-paused');
    await expectAccessible(page, 'jobs panel with a paused scan');

    await row.getByRole('button', { name: 'Resume scan' }).click();
    await expect(library.scanRegion.getByText('Scan complete')).toBeVisible({ timeout: 240_000 });
    await expect(library.scanRegion.getByText(`${big.photoCount} of ${big.photoCount} files`)).toBeVisible();
    await expect(jobs.job('Scan', 'done')).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    await rm(big.dir, { recursive: true, force: true });
  }
});
