import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { renderTextPhoto, TEXT_PHOTOS } from '../../src-main/testing/textPhotos.js';
import { expectAccessible, openWatchedPage, screenshot } from '../checks.js';
import { JobsPanel } from '../pages/JobsPanel.js';
import { LibraryPage } from '../pages/LibraryPage.js';
import { SearchPage } from '../pages/SearchPage.js';
import { buildSampleLibrary, type SampleLibrary } from '../sampleLibrary.js';
import { startWebHost, type RunningWebHost } from '../webHost.js';

/*
 * Text search against the real models: the face-api demo photos plus photos with words drawn into them (the same
 * renderer as the core's OCR tests), scanned and analysed by the app, the text read by the OCR job started from the
 * jobs panel, then found by a word drawn into one of them. A library of its own, so the other specs' stay as they are.
 */

const WORDS = TEXT_PHOTOS.slice(0, 3);
/** "Harbour Station" is drawn into plain-navy-light-text: a word no tag or folder name would also give. */
const QUERY = 'harbour';
const QUERY_PHOTO = 'plain-navy-light-text.jpg';
/** The face-api demo photos sit in a folder of this name; the text photos beside it. */
const FOLDER = 'group';

let host: RunningWebHost;
let fixture: SampleLibrary;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  [host, fixture] = await Promise.all([startWebHost(), buildSampleLibrary([FOLDER])]);
  for (const spec of WORDS) await writeFile(join(fixture.dir, `${spec.name}.jpg`), await renderTextPhoto(spec));
  ({ context, page, errors: pageErrors } = await openWatchedPage(browser));
});

test.afterAll(async () => {
  await context.close();
  await host.stop();
  await rm(fixture.dir, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('scan, read the text from the jobs panel, and find a photo by a word drawn into it', async () => {
  const library = new LibraryPage(page);
  const search = new SearchPage(page);
  const jobs = new JobsPanel(page);
  await library.open(host.url);
  await library.addRoot(fixture.dir);
  await library.scan.click();
  await expect(library.scanRegion.getByText('Scan complete')).toBeVisible({ timeout: 90_000 });

  // Faces, people and (by itself, after clustering) the text follow the scan; the panel offers reading text again
  // once nothing runs, which also covers a library whose automatic run was cancelled.
  await jobs.open();
  await expect(jobs.job('Scan', 'done')).toBeVisible();
  await expect(jobs.readText).toBeEnabled({ timeout: 240_000 });
  await jobs.readText.click();
  const textDone = jobs.job('Reading text', 'done').first();
  await expect(textDone).toBeVisible({ timeout: 120_000 });
  await expect(jobs.readText).toBeEnabled();
  await textDone.getByRole('button', { name: 'Issues' }).click();
  await expect(textDone.getByText(/No issues|Issues of/)).toBeVisible();
  await screenshot(page, 'jobs-panel');
  await expectAccessible(page, 'jobs panel');
  await jobs.close();

  await search.go('Search');
  await expect(page.getByText('Search your photos')).toBeVisible();
  await expect(search.box).toBeFocused();
  await screenshot(page, 'search-empty');
  await expectAccessible(page, 'search (nothing typed)');

  // Typed, not submitted: results come live after the pause.
  await search.box.pressSequentially(QUERY, { delay: 40 });
  await expect(search.tiles().first()).toBeVisible();
  await expect(search.tiles().first().getByRole('figure')).toHaveAttribute('title', new RegExp(`${QUERY_PHOTO}$`));
  await expect(search.reasons(0).getByText(`Text: ${QUERY}`)).toBeVisible();
  await expect(search.reasons(0)).toHaveAttribute('title', new RegExp(`“${QUERY}” in text read in the photo`));
  await expect(search.status).toHaveText(/\d+ photos? for “harbour”/);
  await expect(page.getByText('Engine')).toBeVisible();
  await expect(page.getByText('offline', { exact: true })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: QUERY })).toBeVisible();
  await screenshot(page, 'search-results');
  await expectAccessible(page, 'search (results)');

  // A folder's name: every photo in it, each saying so (this library has no object tags to match: no detector ran).
  await search.box.fill(FOLDER);
  await expect(search.status).toHaveText(new RegExp(`${fixture.photoCount} photos for “${FOLDER}”`));
  await expect(search.tiles()).toHaveCount(fixture.photoCount);
  await expect(search.reasons(0).getByText(`Folder: ${FOLDER}`)).toBeVisible();
  await screenshot(page, 'search-results-folder');

  // Escape clears the box and the results; Enter searches at once.
  await search.box.press('Escape');
  await expect(search.box).toHaveValue('');
  await expect(page.getByText('Search your photos')).toBeVisible();
  await search.box.fill('xylophone');
  await search.box.press('Enter');
  await expect(page.getByText('No photos match “xylophone”')).toBeVisible();
  await expect(search.results).toHaveCount(0);
  await screenshot(page, 'search-no-results');
  await expectAccessible(page, 'search (no results)');
});
