import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible, openWatchedPage, screenshot } from '../checks.js';
import { LibraryPage } from '../pages/LibraryPage.js';
import { SearchPage } from '../pages/SearchPage.js';
import { startWebHost, type RunningWebHost } from '../webHost.js';

/*
 * Settings on a library of its own (so no CLIP pack or failed install leaks into other specs): the models are listed
 * as built, the CLIP pack section starts empty, and a folder that is not a pack is refused with a clear message,
 * leaving nothing installed.
 */

let host: RunningWebHost;
let notAPack: string;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

test.beforeAll(async ({ browser }) => {
  [host, notAPack] = await Promise.all([startWebHost(), mkdtemp(join(tmpdir(), 'facets-e2e-not-a-pack-'))]);
  await writeFile(join(notAPack, 'readme.txt'), 'holiday notes, not a model\n');
  ({ context, page, errors: pageErrors } = await openWatchedPage(browser));
});

test.afterAll(async () => {
  await context.close();
  await host.stop();
  await rm(notAPack, { recursive: true, force: true });
});

test('the CLIP pack section starts empty and refuses a folder that is not a pack', async () => {
  await new LibraryPage(page).open(host.url);
  await new SearchPage(page).go('Settings');
  const clip = page.getByRole('region', { name: 'CLIP model pack' });
  await expect(clip.getByText('No pack installed')).toBeVisible();
  await expect(clip.getByText(/Without a pack, search runs offline/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Folders' })).toBeVisible();
  // Every model of the manifest, checked against its pinned hash, with its source and licence.
  const models = page.getByRole('list', { name: 'Models' }).getByRole('listitem');
  await expect(models).toHaveCount(7);
  await expect(models.filter({ hasText: 'Ready' })).toHaveCount(7);
  await expect(models.filter({ hasText: 'face-descriptor' })).toContainText('@vladmandic/face-api@1.7.15');
  await screenshot(page, 'settings');
  await expectAccessible(page, 'settings');

  await clip.getByLabel('Pack folder path').fill(notAPack);
  await clip.getByRole('button', { name: 'Install' }).click();
  const alert = clip.getByRole('alert');
  await expect(alert).toContainText('The pack was not installed');
  await expect(alert).toContainText(`${notAPack} is not a CLIP pack`);
  await expect(clip.getByText('No pack installed')).toBeVisible();
  await expect(clip.getByRole('button', { name: 'Install' })).toBeDisabled();
  await screenshot(page, 'settings-install-error');
  await expectAccessible(page, 'settings (install refused)');

  // The manifest source relabels the path field.
  await clip.getByText('From a pinned manifest').click();
  await expect(clip.getByLabel('Pinned manifest path')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('the analysis thresholds start at their defaults, refuse nonsense and keep a change across a reload', async () => {
  await new LibraryPage(page).open(host.url);
  await new SearchPage(page).go('Settings');
  const analysis = page.getByRole('region', { name: 'Analysis' });
  const distance = analysis.getByRole('slider', { name: /Person distance/ });
  const smallest = analysis.getByLabel('Smallest scene (photos)');
  const save = analysis.getByRole('button', { name: 'Save' });
  await expect(distance).toHaveValue('0.52');
  await expect(smallest).toHaveValue('5');
  await expect(save).toBeDisabled();

  await smallest.fill('1');
  await expect(save).toBeDisabled();
  await smallest.fill('8');
  await distance.fill('0.5');
  await expect(analysis.getByText('Person distance: 0.50')).toBeVisible();
  await save.click();
  await expect(analysis.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await screenshot(page, 'settings-analysis');
  await expectAccessible(page, 'settings (analysis saved)');

  await page.reload();
  await new SearchPage(page).go('Settings');
  await expect(distance).toHaveValue('0.5');
  await expect(smallest).toHaveValue('8');
  expect(pageErrors).toEqual([]);
});
