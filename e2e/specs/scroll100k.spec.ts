import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { DATABASE_FILE, openDatabase } from '../../src-main/core/db/database.js';
import { fillSyntheticLibrary } from '../../src-main/testing/syntheticLibrary.js';
import { screenshot } from '../checks.js';
import { scrollGrid } from '../scrollFrames.js';
import { startWebHost, type RunningWebHost } from '../webHost.js';

/*
 * The grids of a 100,000-photo index, through the real web host and contract: a synthetic index (real rows and
 * thumbnails in a real library database, no files behind them) built before the host opens it, with one person whose
 * face is in every photo. Each grid must render only what is on screen, load its pages as they come into view and
 * reach the last photo. Frame figures are printed as JSON, never asserted.
 */

const TOTAL = 100_000;
const PERSON = 'Synthetic Person';
let host: RunningWebHost;

// Keep the failure trace, without what costs the page's frames and is no part of the app. Screenshots: to film the page,
// Playwright has Chromium copy and JPEG-encode every frame that changes, which in a scroll is every frame (the display
// compositor's time rose from 0.15 to 0.58 of a core). Snapshots: they record every response's body, so each thumbnail
// the grid loads is read a second time, over the DevTools pipe.
test.use({ trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false } });

/** A dozen real JPEG thumbnails (256 px wide, as the library makes them) in a few colours, so scrolling is visible. */
async function thumbnails() {
  return Promise.all(
    Array.from({ length: 12 }, async (_, i) => {
      const hue = (i * 30 * Math.PI) / 180;
      const channel = (shift: number) => Math.round(110 + 70 * Math.cos(hue + shift));
      const bytes = await sharp({
        create: { width: 256, height: 192, channels: 3, background: { r: channel(0), g: channel(2), b: channel(4) } },
      })
        .jpeg({ quality: 80 })
        .toBuffer();
      return { mime: 'image/jpeg', width: 256, height: 192, bytes: new Uint8Array(bytes) };
    }),
  );
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const thumbs = await thumbnails();
  host = await startWebHost((libraryDir) => {
    const db = openDatabase(join(libraryDir, DATABASE_FILE));
    try {
      fillSyntheticLibrary(db, TOTAL, { thumbnails: thumbs, personInEveryPhoto: PERSON });
    } finally {
      db.close();
    }
  });
});

test.afterAll(async () => {
  await host?.stop();
});

test('the library of a 100,000-photo index scrolls through a grid that renders only what is on screen', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library', exact: true }).click();
  const grid = page.getByRole('list', { name: 'Photos' });
  await expect(grid.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(TOTAL));
  await expect(grid.getByRole('img').first()).toBeVisible();
  await scrollGrid(page, grid, 'library-grid-scroll', TOTAL);
  await screenshot(page, 'library-100k-end');
});

test('a person in all 100,000 photos scrolls through a grid that renders only what is on screen', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People', exact: true }).click();
  await page.getByRole('button', { name: `Open ${PERSON}`, exact: true }).click();
  const grid = page.getByRole('list', { name: 'Photos of this person' });
  await expect(grid.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(TOTAL));
  await expect(grid.getByRole('img').first()).toBeVisible();
  await scrollGrid(page, grid, 'person-grid-scroll', TOTAL);
  await screenshot(page, 'person-100k-end');
});
