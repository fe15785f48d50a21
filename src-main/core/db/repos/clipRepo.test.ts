import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../database.js';
import { markStageDone, stageState } from './photoJobsRepo.js';
import {
  CLIP_STAGE,
  clipDimension,
  countClipEmbeddings,
  ensureClipDimension,
  nearestClipPhotos,
  putClipEmbedding,
} from './clipRepo.js';
import { photoWrite } from '../testing.js';
import { upsertPhoto } from './photosRepo.js';
import { insertRoot } from './rootsRepo.js';

const unit = (values: number[]) => {
  const v = Float32Array.from(values);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

function setup() {
  const db = openMemoryDatabase();
  const rootId = insertRoot(db, { path: '/r', pathRaw: Buffer.from('/r'), addedAt: 'now' });
  return { db, photo: (path: string) => upsertPhoto(db, photoWrite(rootId, path), 'now') };
}

describe('clipRepo', () => {
  it('ranks photos by cosine similarity, replaces a photo vector, and drops it with the photo', () => {
    const { db, photo } = setup();
    ensureClipDimension(db, 3);
    const a = photo('/r/a.jpg');
    const b = photo('/r/b.jpg');
    putClipEmbedding(db, a, unit([1, 0, 0]));
    putClipEmbedding(db, b, unit([0, 1, 0]));
    putClipEmbedding(db, b, unit([1, 1, 0]));
    const near = nearestClipPhotos(db, unit([1, 0.1, 0]), 2);
    expect(near.map((n) => n.photoId)).toEqual([a, b]);
    expect(near[0]!.similarity).toBeCloseTo(0.995, 3);
    expect(near[1]!.similarity).toBeCloseTo(Math.SQRT1_2 * (1.1 / Math.hypot(1, 0.1)), 3);
    db.prepare('DELETE FROM photos WHERE id = ?').run(a);
    expect(countClipEmbeddings(db)).toBe(1);
  });

  it('recreates the table for a pack of another width and forgets which photos were embedded', () => {
    const { db, photo } = setup();
    expect(clipDimension(db)).toBe(512);
    const a = photo('/r/a.jpg');
    putClipEmbedding(db, a, unit(Array.from({ length: 512 }, (_, i) => i + 1)));
    markStageDone(db, a, CLIP_STAGE, 'pack@1', null, 'now');
    ensureClipDimension(db, 768);
    expect(clipDimension(db)).toBe(768);
    expect(countClipEmbeddings(db)).toBe(0);
    expect(stageState(db, a, CLIP_STAGE)).toBeUndefined();
    expect(() => ensureClipDimension(db, 0)).toThrow(RangeError);
  });
});
