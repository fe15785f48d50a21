import { expect, test, type Route } from '@playwright/test';
import sharp from 'sharp';
import { screenshot } from '../checks.js';
import { scrollGrid } from '../scrollFrames.js';

/*
 * Scrolling a person with 100,000 photos. Building a real 100k library is a benchmark's job, not a spec's; here the
 * people calls are answered with synthetic pages (a UI-state fake, named as such) so the renderer's virtualized grid
 * meets the size it is built for. Frame times are printed as JSON (scrollFrames.ts), never asserted.
 */

const TOTAL = 100_000;
const PERSON = {
  id: 1,
  name: 'Synthetic Person',
  displayName: 'Synthetic Person',
  hidden: false,
  faceCount: TOTAL,
  photoCount: TOTAL,
  confirmedFaces: 0,
  coverFace: null,
};

/**
 * Real JPEG thumbnails (256 px, as the library makes), a few colours so scrolling is visible, as data: URLs so no
 * file stands behind them. Made once, in Node, before the page asks.
 */
const THUMBS: string[] = [];

async function makeThumbs(): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const hue = (i * 30 * Math.PI) / 180;
    const channel = (shift: number) => Math.round(110 + 70 * Math.cos(hue + shift));
    const bytes = await sharp({
      create: { width: 256, height: 256, channels: 3, background: { r: channel(0), g: channel(2), b: channel(4) } },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
    THUMBS.push(`data:image/jpeg;base64,${bytes.toString('base64')}`);
  }
}

function photo(index: number) {
  const id = index + 1;
  return {
    id,
    rootId: 1,
    path: `/synthetic/${id}.jpg`,
    name: `photo-${id}.jpg`,
    format: 'jpeg',
    width: 4000,
    height: 3000,
    status: 'ok',
    problem: null,
    takenAt: null,
    thumbUrl: THUMBS[id % THUMBS.length] ?? null,
  };
}

type PageRequest = { offset?: number; limit?: number };

async function answer(route: Route, value: unknown): Promise<void> {
  await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
}

/** The synthetic answers: one person with TOTAL photos, served a page at a time like the real people.photos. */
async function fakePeopleCalls(route: Route): Promise<void> {
  const method = new URL(route.request().url()).pathname.split('/').pop();
  const args = (route.request().postDataJSON() as { args: unknown[] }).args;
  switch (method) {
    case 'people.list':
      return answer(route, { items: [PERSON], total: 1, offset: 0, limit: 100 });
    case 'people.get':
      return answer(route, PERSON);
    case 'people.photos': {
      const { offset = 0, limit = 100 } = (args[1] ?? {}) as PageRequest;
      const count = Math.max(0, Math.min(limit, TOTAL - offset));
      return answer(route, {
        items: Array.from({ length: count }, (_, i) => photo(offset + i)),
        total: TOTAL,
        offset,
        limit,
      });
    }
    case 'people.faces':
      return answer(route, { items: [], total: 0, offset: 0, limit: 120 });
    default:
      return route.fallback();
  }
}

test.beforeAll(makeThumbs);

test('a person with 100,000 photos scrolls through a grid that renders only what is on screen', async ({ page }) => {
  const url = process.env['FACETS_E2E_URL'];
  if (!url) throw new Error('FACETS_E2E_URL is not set: run through e2e/playwright.config.ts');
  await page.route('**/rpc/people.*', fakePeopleCalls);
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People', exact: true }).click();
  await page.getByRole('button', { name: 'Open Synthetic Person', exact: true }).click();

  const grid = page.getByRole('list', { name: 'Photos of this person' });
  await expect(grid.getByRole('img', { name: 'photo-1.jpg' })).toBeVisible();
  await expect(grid.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(TOTAL));
  await scrollGrid(page, grid, 'person-grid-scroll', TOTAL);
  await expect(grid.getByRole('img', { name: `photo-${TOTAL}.jpg` })).toBeVisible();
  await screenshot(page, 'person-100k-end');
});
