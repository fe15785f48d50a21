import { readdir, readFile, rm, stat, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expectAccessible, screenshot } from '../checks.js';
import { LibraryPage } from '../pages/LibraryPage.js';
import { PeoplePage } from '../pages/PeoplePage.js';
import { buildSampleLibrary, SAMPLES, type SampleLibrary } from '../sampleLibrary.js';
import { startWebHost, type RunningWebHost } from '../webHost.js';

/*
 * People, person, find by photo and export against real models: the face-api demo photos in three folders (so each
 * person is in three photos), scanned, indexed and clustered by the app itself. The specs run in order on one page
 * and one library of their own, each building on what the one before did.
 */

const FOLDERS = ['2019', '2020', '2021'];
const QUERY = 'sample2.jpg';

let host: RunningWebHost;
let fixture: SampleLibrary;
let exportDir: string;
let context: BrowserContext;
let page: Page;
let people: PeoplePage;
const pageErrors: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  [host, fixture, exportDir] = await Promise.all([
    startWebHost(),
    buildSampleLibrary(FOLDERS),
    mkdtemp(join(tmpdir(), 'facets-e2e-export-')),
  ]);
  // axe needs a page from an explicit context (it opens a blank page beside it for its results).
  context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
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

test('people appear once the scan, face indexing and clustering are done', async () => {
  const library = new LibraryPage(page);
  await library.open(host.url);
  await library.addRoot(fixture.dir);
  await library.scan.click();
  await expect(library.scanRegion.getByText('Scan complete')).toBeVisible({ timeout: 90_000 });

  // Opened while faces are still being indexed: the list fills in by itself when clustering reports.
  await people.go('People');
  await expect
    .poll(async () => (await people.names()).length, { timeout: 120_000, message: 'people listed' })
    .toBeGreaterThanOrEqual(5);
  await expect(page.getByRole('button', { name: 'Re-cluster' })).toBeEnabled({ timeout: 60_000 });
  const names = await people.names();
  expect(names.every((name) => /^Person \d+$/.test(name))).toBe(true);
  // Every person is in each folder's copy of their photo, so at least three photos each.
  for (const name of names.slice(0, 3)) expect(await people.count(name, 'photo')).toBeGreaterThanOrEqual(3);
  await expect(people.people.getByRole('img').first()).toHaveJSProperty('complete', true);
  await screenshot(page, 'people');
  await expectAccessible(page, 'people');

  await page.getByRole('tab', { name: 'Merge suggestions' }).click();
  await expect(
    page.getByRole('list', { name: 'Merge suggestions' }).or(page.getByText('No suggestions')),
  ).toBeVisible();
  await screenshot(page, 'people-suggestions');
  await expectAccessible(page, 'merge suggestions');

  await page.getByRole('tab', { name: 'Unassigned faces' }).click();
  await expect(
    page.getByRole('list', { name: 'Unassigned faces' }).or(page.getByText('No unassigned faces')),
  ).toBeVisible();
  await expectAccessible(page, 'unassigned faces');

  await people.peopleTab.click();
  await page.getByLabel('Include small clusters').check();
  await expect.poll(() => people.peopleTotal()).toBeGreaterThanOrEqual(names.length);
  await page.getByLabel('Include small clusters').uncheck();

  await people.go('Library');
  await screenshot(page, 'library');
  await expectAccessible(page, 'library');
});

test('a photo opens large with its faces boxed and named; a name leads to that person', async () => {
  await people.go('Library');
  await page
    .getByRole('button', { name: `Open ${QUERY}` })
    .first()
    .click();
  const viewer = page.getByRole('dialog', { name: QUERY });
  await expect(viewer).toBeVisible();
  const faces = viewer.getByRole('list', { name: 'Faces in this photo' });
  await expect(faces).toBeVisible({ timeout: 30_000 });
  expect(await faces.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
  const named = faces.getByRole('button', { name: /^Open Person \d+$/ });
  await expect(named.first()).toBeVisible();

  // The thumbnail shows at once; the photo rendered for display arrives over it, larger, and the boxes fit it.
  const thumbnail = viewer.locator('img.viewer__image--thumb');
  const large = viewer.getByRole('img', { name: QUERY, exact: true });
  const naturalWidth = (img: Locator) => img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
  await expect(viewer.getByRole('status')).toHaveText(/^\d+ faces?\.$/, { timeout: 30_000 });
  const thumbWidth = await naturalWidth(thumbnail);
  expect(thumbWidth).toBeGreaterThan(0);
  expect(await naturalWidth(large)).toBeGreaterThan(thumbWidth);
  await expect(large).toHaveCSS('opacity', '1');
  const [imageBox, facesBox] = [await large.boundingBox(), await faces.boundingBox()];
  expect(imageBox).not.toBeNull();
  for (const key of ['x', 'y', 'width', 'height'] as const) expect(facesBox?.[key]).toBeCloseTo(imageBox![key], 0);
  await screenshot(page, 'photo-viewer');
  await expectAccessible(page, 'photo viewer');

  // The arrow keys step through the grid; Escape closes.
  const open = page.getByRole('dialog');
  const position = open.getByText(/^\d+ of \d+$/);
  const before = (await position.textContent()) ?? '';
  await page.keyboard.press(before.startsWith('1 of') ? 'ArrowRight' : 'ArrowLeft');
  await expect(position).not.toHaveText(before);
  await page.keyboard.press('Escape');
  await expect(open).toBeHidden();

  // Reopened, a named box opens its person.
  await page
    .getByRole('button', { name: `Open ${QUERY}` })
    .first()
    .click();
  const name = (await named.first().textContent()) ?? '';
  await named.first().click();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
});

test("find by photo: a dropped photo's faces, who they are, and photos with all or any of them", async () => {
  await people.go('Find by photo');
  await expect(page.getByText('Who is in this photo?')).toBeVisible();
  await expectAccessible(page, 'find by photo (empty)');

  // The photo is dropped on the form, as from a file manager. A browser gives a dropped file's bytes (for the preview)
  // but never its path, so the path is typed as well; in Electron the drop gives the path.
  const bytes = (await readFile(join(SAMPLES, QUERY))).toString('base64');
  const dropped = await page.evaluateHandle(
    ({ name, base64 }) => {
      const transfer = new DataTransfer();
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([data], name, { type: 'image/jpeg' }));
      return transfer;
    },
    { name: QUERY, base64: bytes },
  );
  const dropzone = page.locator('form.dropzone');
  await dropzone.dispatchEvent('dragover', { dataTransfer: dropped });
  await expect(dropzone).toHaveClass(/dropzone--dragging/);
  await dropzone.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(dropzone).not.toHaveClass(/dropzone--dragging/);
  await expect(page.getByText('The browser does not tell where')).toBeVisible();
  await page.getByLabel('Photo path').fill(join(SAMPLES, QUERY));
  await page.getByRole('button', { name: 'Find', exact: true }).click();

  const faces = page.getByRole('list', { name: 'Faces in the photo' });
  await expect(faces).toBeVisible({ timeout: 60_000 });
  expect(await faces.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
  await expect(faces.getByRole('button', { name: /^Person \d+$/ }).first()).toBeVisible();
  await expect(faces.getByText(/distance \d\.\d\d/).first()).toBeVisible();
  await expect(page.getByRole('img', { name: `The photo searched with: ${QUERY}` })).toBeVisible();

  const heading = page.getByRole('heading', { name: /photos? with (all|any) of these people/ });
  const found = page.getByRole('list', { name: 'Photos found' });
  await expect(heading).toHaveText(/with all of/);
  const all = Number(/^(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
  // The query photo's own three copies hold all of its people.
  expect(all).toBeGreaterThanOrEqual(FOLDERS.length);
  await expect(found.getByRole('listitem')).toHaveCount(all);
  await screenshot(page, 'find-all');
  await expectAccessible(page, 'find by photo (all)');

  await page.getByText('With any of them').click();
  await expect(heading).toHaveText(/with any of/);
  const any = Number(/^(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
  expect(any).toBeGreaterThan(all);
  await expect(found.getByRole('listitem')).toHaveCount(any);
  await screenshot(page, 'find-any');
  await expectAccessible(page, 'find by photo (any)');
});

test('rename a person inline; the name is kept', async () => {
  await people.go('People');
  const [first] = await people.names();
  expect(first).toBeDefined();
  // By keyboard: Enter opens the field, Escape leaves the name as it was.
  await page.getByRole('button', { name: `Rename ${first}`, exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel(`Name for ${first}`, { exact: true })).toBeFocused();
  await page.keyboard.type('Not kept');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: `Rename ${first}`, exact: true })).toBeVisible();

  await people.rename(first!, 'Alice Example');
  await expect(people.card('Alice Example')).toBeVisible();

  await page.reload();
  await people.go('People');
  await expect(people.card('Alice Example')).toBeVisible();
});

/** The two people of the first merge suggestion (never two people seen together in a photo). */
async function firstSuggestion(): Promise<[string, string]> {
  await page.getByRole('tab', { name: 'Merge suggestions' }).click();
  const accept = page.getByRole('list', { name: 'Merge suggestions' }).getByRole('button', { name: /^Merge / });
  const [, from, into] = /^Merge (.+) into (.+)$/.exec((await accept.first().getAttribute('aria-label')) ?? '') ?? [];
  if (!from || !into) throw new Error('no merge suggestion');
  await people.peopleTab.click();
  return [from, into];
}

test('merge two people by ticking them', async () => {
  const before = await people.peopleTotal();
  // Two people never seen together, so no face is left out and the counts add up exactly.
  const [a, b] = await firstSuggestion();
  const faces = (await people.count(a, 'face')) + (await people.count(b, 'face'));

  await page.getByLabel(`Select ${a}`, { exact: true }).check();
  await page.getByLabel(`Select ${b}`, { exact: true }).check();
  const toolbar = page.getByRole('toolbar', { name: 'Selected people' });
  await expect(toolbar).toContainText('2 people selected');
  await screenshot(page, 'people-selected');
  await toolbar.getByRole('button', { name: /^Merge into / }).click();

  await expect.poll(() => people.peopleTotal()).toBe(before - 1);
  await expect(toolbar).toBeHidden();
  const survivors = (await people.names()).filter((name) => name === a || name === b);
  expect(survivors).toHaveLength(1);
  expect(await people.count(survivors[0]!, 'face')).toBe(faces);
});

test('accept a merge suggestion', async () => {
  const [from, into] = await firstSuggestion();
  const photos = (await people.count(into, 'photo')) + (await people.count(from, 'photo'));

  await page.getByRole('tab', { name: 'Merge suggestions' }).click();
  const accept = page.getByRole('button', { name: `Merge ${from} into ${into}`, exact: true });
  await accept.click();
  await expect(accept).toHaveCount(0);
  await people.peopleTab.click();
  await expect(people.card(from)).toHaveCount(0);
  await expect.poll(() => people.count(into, 'photo')).toBe(photos);
});

test('a person: virtualized photos, faces; move a face, not this person, not a face; hide and unhide', async () => {
  const photos = await people.count('Alice Example', 'photo');
  const faceCount = await people.count('Alice Example', 'face');
  await people.open('Alice Example');
  await expect(page.getByRole('heading', { name: 'Alice Example' })).toBeVisible();
  await expect(people.personPhotos.getByRole('listitem')).toHaveCount(photos);
  await expect(people.personPhotos.getByRole('img').first()).toBeVisible();
  await screenshot(page, 'person-photos');
  await expectAccessible(page, 'person photos');

  await page.getByRole('tab', { name: /^Faces/ }).click();
  await expect(people.personFaces.getByRole('checkbox')).toHaveCount(faceCount);
  await people.personFaces.getByRole('checkbox').last().check();
  await expect(page.getByRole('toolbar', { name: 'Face actions' })).toContainText('1 face selected');
  await screenshot(page, 'person-faces');
  await expectAccessible(page, 'person faces');

  await page.getByLabel('Move to').selectOption({ label: 'A new person' });
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(people.personFaces.getByRole('checkbox')).toHaveCount(faceCount - 1);
  await expect(page.getByRole('tab', { name: /^Faces/ })).toContainText(String(faceCount - 1));

  // "Not this person": out of Alice for good, into the unassigned faces.
  await people.personFaces.getByRole('checkbox').last().check();
  await page.getByRole('button', { name: 'Not this person' }).click();
  await expect(people.personFaces.getByRole('checkbox')).toHaveCount(faceCount - 2);

  await page.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Unhide', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'People', exact: true }).last().click();
  await expect(people.card('Alice Example')).toHaveCount(0);
  await page.getByLabel('Show').selectOption('hidden');
  await expect(people.card('Alice Example')).toBeVisible();
  await people.open('Alice Example');
  await page.getByRole('button', { name: 'Unhide', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Hide', exact: true })).toBeVisible();
  await people.go('People');
  await page.getByLabel('Show').selectOption('visible');
  await expect(people.card('Alice Example')).toBeVisible();

  // The rejected face waits among the unassigned; "not a face" takes it out of people altogether.
  await page.getByRole('tab', { name: 'Unassigned faces' }).click();
  const unassigned = page.getByRole('list', { name: 'Unassigned faces' }).getByRole('checkbox');
  await expect(unassigned.first()).toBeVisible();
  const waiting = await unassigned.count();
  await unassigned.first().check();
  await screenshot(page, 'people-unassigned');
  await page.getByRole('button', { name: 'Not a face' }).click();
  if (waiting === 1) await expect(page.getByText('No unassigned faces')).toBeVisible();
  else await expect(unassigned).toHaveCount(waiting - 1);
  await people.peopleTab.click();
});

test('export people as hard links to a folder: a dry run first, then the files on disk', async () => {
  await people.nav.getByRole('button', { name: 'Export…' }).click();
  const dialog = people.exportDialog;
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Destination folder').fill(exportDir);
  await dialog.getByRole('radio', { name: /^Hard link/ }).check();
  await dialog.getByRole('checkbox', { name: /^Dry run/ }).check();
  await expectAccessible(page, 'export dialog');
  await dialog.getByRole('button', { name: 'Plan export' }).click();
  await expect(dialog.getByText('Dry run: nothing was written')).toBeVisible({ timeout: 60_000 });
  expect(await readdir(exportDir)).toEqual([]);

  await dialog.getByRole('checkbox', { name: /^Dry run/ }).uncheck();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByText('Export finished')).toBeVisible({ timeout: 60_000 });
  const written = Number(
    (await dialog.getByRole('definition').first().textContent())?.replace(/\D/g, '') ?? Number.NaN,
  );
  expect(written).toBeGreaterThan(0);
  await screenshot(page, 'export-summary');
  await expectAccessible(page, 'export summary');

  // One folder per person, named after them; every file a hard link of a library photo (same inode).
  const sources = new Set<number>();
  for (const folder of FOLDERS) {
    for (const name of fixture.samples) sources.add((await stat(join(fixture.dir, folder, name))).ino);
  }
  const entries = await readdir(exportDir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  expect(folders).toContain('Alice Example');
  let files = 0;
  for (const folder of folders) {
    for (const name of await readdir(join(exportDir, folder))) {
      const info = await stat(join(exportDir, folder, name));
      expect(sources.has(info.ino), `${folder}/${name} is a hard link of a library photo`).toBe(true);
      expect(info.nlink).toBeGreaterThanOrEqual(2);
      files++;
    }
  }
  expect(files).toBe(written);
  // The manifest paths shown are real files.
  for (const path of await dialog.locator('.export-manifest code').allTextContents()) {
    expect((await stat(path)).isFile(), path).toBe(true);
  }
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await expect(dialog).toBeHidden();
});

test('re-cluster everything from the People screen; corrections are kept', async () => {
  const progress = await new LibraryPage(page).recordProgress();
  await people.go('People');
  const recluster = page.getByRole('button', { name: 'Re-cluster' });
  await recluster.click();
  await expect
    .poll(async () => (await progress()).some((event) => event.kind === 'cluster' && event.state === 'done'), {
      timeout: 60_000,
    })
    .toBe(true);
  await expect(recluster).toBeEnabled();
  await expect(people.card('Alice Example')).toBeVisible();
});
