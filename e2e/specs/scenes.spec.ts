import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible, openWatchedPage, screenshot } from '../checks.js';
import { LibraryPage } from '../pages/LibraryPage.js';
import { PeoplePage } from '../pages/PeoplePage.js';
import { ScenesPage } from '../pages/ScenesPage.js';
import { SearchPage } from '../pages/SearchPage.js';
import { buildSampleLibrary, type SampleLibrary } from '../sampleLibrary.js';
import { BACKDROPS, writeBackdrops } from '../sceneBackdrops.js';
import { startWebHost, type RunningWebHost } from '../webHost.js';

/*
 * Scenes against the real models: the face-api demo photos plus seven drawn photos of each of three places (sky,
 * foliage, a dim room), scanned by the app, which then indexes, clusters people and clusters scenes by itself. A
 * library of its own; the specs run in order on one page, each building on the one before.
 */

const PER_BACKDROP = 7;
const SCENE_NAME = 'Quillmoor';

let host: RunningWebHost;
let fixture: SampleLibrary;
let exportDir: string;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let scenes: ScenesPage;
let people: PeoplePage;
let backdropNames: string[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  [host, fixture, exportDir] = await Promise.all([
    startWebHost(),
    buildSampleLibrary(['group']),
    mkdtemp(join(tmpdir(), 'facets-e2e-scenes-export-')),
  ]);
  backdropNames = await writeBackdrops(fixture.dir, PER_BACKDROP);
  ({ context, page, errors: pageErrors } = await openWatchedPage(browser));
  scenes = new ScenesPage(page);
  people = new PeoplePage(page);
});

test.afterAll(async () => {
  await context.close();
  await host.stop();
  await Promise.all([fixture.dir, exportDir].map((dir) => rm(dir, { recursive: true, force: true })));
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('scenes appear once the scan, indexing and clustering are done', async () => {
  const library = new LibraryPage(page);
  await library.open(host.url);
  // Before anything is indexed the screen says where scenes come from.
  await scenes.go('Scenes');
  await expect(page.getByText('No scenes yet')).toBeVisible();
  await screenshot(page, 'scenes-empty');
  await expectAccessible(page, 'scenes (empty)');
  await scenes.go('Library');
  await library.addRoot(fixture.dir);
  await library.scan.click();
  await expect(library.scanRegion.getByText('Scan complete')).toBeVisible({ timeout: 90_000 });

  // Opened while photos are still analysed: the list fills in by itself when the scenes job reports.
  await scenes.go('Scenes');
  await expect
    .poll(async () => (await scenes.names()).length, { timeout: 240_000, message: 'scenes listed' })
    .toBeGreaterThanOrEqual(BACKDROPS.length);
  await expect(page.getByRole('button', { name: 'Re-cluster' })).toBeEnabled({ timeout: 60_000 });
  const names = await scenes.names();
  expect(names.every((name) => /^Scene \d+$/.test(name))).toBe(true);
  // Seven photos of each place were drawn; each place's scene holds (about) them, at least a scene's minimum.
  for (const name of names.slice(0, BACKDROPS.length)) expect(await scenes.photoCount(name)).toBeGreaterThanOrEqual(5);
  // The mosaic's photos are decorative (the card's button is named): found as images, not by role.
  await expect(scenes.scenes.locator('img').first()).toHaveJSProperty('complete', true);
  await screenshot(page, 'scenes');
  await expectAccessible(page, 'scenes');
});

test('rename a scene inline; its name then finds its photos in search', async () => {
  const [first] = await scenes.names();
  const count = await scenes.photoCount(first!);
  await people.rename(first!, SCENE_NAME);
  await expect(scenes.card(SCENE_NAME)).toBeVisible();

  // Kept in main, not only on screen.
  await page.reload();
  await scenes.go('Scenes');
  await expect(scenes.card(SCENE_NAME)).toBeVisible();

  const search = new SearchPage(page);
  await scenes.go('Search');
  await search.box.fill(SCENE_NAME.toLowerCase());
  await expect(search.tiles().first()).toBeVisible({ timeout: 30_000 });
  expect(await search.tiles().count()).toBeGreaterThanOrEqual(count);
  await expect(search.reasons(0)).toContainText('Scene');
});

test("a scene's photos, and more like one of them", async () => {
  await scenes.go('Scenes');
  const count = await scenes.photoCount(SCENE_NAME);
  await people.open(SCENE_NAME);
  await expect(page.getByRole('heading', { name: SCENE_NAME })).toBeVisible();
  await expect(scenes.scenePhotos.getByRole('listitem')).toHaveCount(count);
  await expect(scenes.scenePhotos.getByRole('img').first()).toBeVisible();
  // The scene is one of the drawn places: its photos are the drawn ones of one place.
  const shown = await scenes.scenePhotos
    .getByRole('img')
    .evaluateAll((images) => images.map((image) => image.getAttribute('alt') ?? ''));
  const places = new Set(shown.filter((name) => backdropNames.includes(name)).map((name) => name.split('-')[0]));
  expect(places.size).toBe(1);
  await screenshot(page, 'scene-photos');
  await expectAccessible(page, 'scene photos');

  const query = shown[0]!;
  await scenes.scenePhotos.getByRole('button', { name: `More like this: ${query}`, exact: true }).click();
  const similar = scenes.similarDialog.getByRole('list', { name: 'Similar photos' });
  await expect(similar).toBeVisible({ timeout: 30_000 });
  const results = similar.getByRole('listitem');
  expect(await results.count()).toBeGreaterThanOrEqual(PER_BACKDROP - 1);
  await expect(similar.getByText(/^distance \d+\.\d\d$/).first()).toBeVisible();
  // Nearest first: the first few of the drawn photos are of the same place as the query.
  const nearest = await similar
    .getByRole('img')
    .evaluateAll((images) => images.slice(0, 4).map((image) => image.getAttribute('alt') ?? ''));
  const place = query.split('-')[0];
  expect(nearest.filter((name) => name.startsWith(`${place}-`)).length).toBeGreaterThanOrEqual(3);
  await screenshot(page, 'scene-more-like-this');
  await expectAccessible(page, 'more like this');
  await page.keyboard.press('Escape');
  await expect(scenes.similarDialog).toBeHidden();
});

test('export one scene as copies and find the files on disk', async () => {
  const count = Number(((await page.getByText(/^\d+ photos?, most typical first$/).textContent()) ?? '').split(' ')[0]);
  await page.getByRole('button', { name: 'Export…' }).last().click();
  const dialog = scenes.exportDialog;
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: /^Selected scenes \(1\)/ })).toBeChecked();
  await expect(dialog.getByText(SCENE_NAME)).toBeVisible();
  await dialog.getByLabel('Destination folder').fill(exportDir);
  await dialog.getByRole('radio', { name: /^Copy/ }).check();
  await screenshot(page, 'scene-export');
  await expectAccessible(page, 'export scenes dialog');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();

  await expect(dialog.getByRole('heading', { name: /Export finished/ })).toBeVisible({ timeout: 60_000 });
  const folders = (await readdir(exportDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  expect(folders.map((folder) => folder.name)).toEqual([SCENE_NAME]);
  const files = await readdir(join(exportDir, SCENE_NAME));
  expect(files.filter((name) => name.endsWith('.jpg'))).toHaveLength(count);
  await screenshot(page, 'scene-export-summary');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toBeHidden();
});
