import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../createCore.js';
import type { PhotoSummary } from '../../../src-shared/types/photo.js';
import { buildBrokenCorpus, type CorpusCase } from '../../testing/brokenCorpus.js';
import { openTestCore, removeDir, scanToEnd, tempDir } from '../../testing/fixtures.js';
import { diffHashes, hashTree } from '../../testing/treeHash.js';

/*
 * The whole pipeline (walker, worker pool, job, database) over every kind of broken or odd file the corpus makes:
 * the scan ends, nothing crashes, each image-like file has a record with its reason, and no file is written.
 */
describe('scanning the broken-file corpus end to end', () => {
  let corpusDir: string;
  let libraryDir: string;
  let core: Core;
  let cases: CorpusCase[];
  let byPath: Map<string, PhotoSummary>;
  let before: Map<string, string>;
  let finalState: string;

  beforeAll(async () => {
    corpusDir = await tempDir('corpus');
    libraryDir = await tempDir('corpus-library');
    cases = await buildBrokenCorpus(corpusDir);
    before = await hashTree(corpusDir);
    core = await openTestCore(libraryDir);
    const root = await core.handlers.library.addRoot(corpusDir);
    finalState = (await scanToEnd(core, [root.id])).state;
    const page = await core.handlers.photos.list({ limit: 1000, sort: 'path' });
    byPath = new Map(page.items.map((p) => [p.path, p]));
  }, 300_000);

  afterAll(async () => {
    await core.close();
    await removeDir(corpusDir);
    await removeDir(libraryDir);
  });

  it('covers at least 30 kinds and finishes the scan', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(finalState).toBe('done');
  });

  it('records every image-like file with the expected status and reason, and nothing else', () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const photo = byPath.get(c.path.toString('utf8'));
      if (c.expect === 'ignored') {
        if (photo) wrong.push(`${c.label}: indexed as ${photo.status}`);
        continue;
      }
      if (!photo) {
        wrong.push(`${c.label}: no record`);
        continue;
      }
      const got = `${photo.status}/${photo.problem?.code ?? null}`;
      if (got !== `${c.expect.status}/${c.expect.code}`)
        wrong.push(`${c.label}: ${got}, expected ${c.expect.status}/${c.expect.code}`);
      if (photo.status !== 'ok' && !photo.problem?.message) wrong.push(`${c.label}: no reason given`);
    }
    expect(wrong).toEqual([]);
    const expected = cases.filter((c) => c.expect !== 'ignored').length;
    expect(byPath.size).toBe(expected);
  });

  it('lists the problems in the status counts', async () => {
    const status = await core.handlers.library.status();
    const problems = cases.filter((c) => c.expect !== 'ignored' && c.expect.status !== 'ok').length;
    expect(status.counts.total - status.counts.byStatus.ok).toBe(problems);
  });

  it('never writes to the corpus', async () => {
    expect(diffHashes(before, await hashTree(corpusDir))).toEqual([]);
  });
});
