import { stmt, type Db } from '../database.js';

/** The photo_jobs stage of CLIP image vectors; its version is the pack's model version. */
export const CLIP_STAGE = 'clip';

const bytes = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

/** The width clip_embeddings was created with. */
export function clipDimension(db: Db): number {
  const row = stmt(db, `SELECT sql FROM sqlite_master WHERE name = 'clip_embeddings'`).get() as { sql: string };
  const match = /float\[(\d+)\]/.exec(row.sql);
  if (!match) throw new Error(`clip_embeddings has no vector column: ${row.sql}`);
  return Number(match[1]);
}

/**
 * Makes clip_embeddings hold vectors of `dim` values. A pack of another width makes every stored vector useless, so
 * they are dropped (with the photos' clip stage) and the table recreated; the clip job then embeds every photo again.
 */
export function ensureClipDimension(db: Db, dim: number): void {
  if (!Number.isInteger(dim) || dim < 1 || dim > 8192) throw new RangeError(`bad CLIP embedding width ${dim}`);
  if (clipDimension(db) === dim) return;
  db.transaction(() => {
    db.exec('DROP TABLE clip_embeddings');
    db.exec(
      `CREATE VIRTUAL TABLE clip_embeddings USING vec0(photo_id INTEGER PRIMARY KEY, embedding float[${dim}] distance_metric=cosine)`,
    );
    stmt(db, 'DELETE FROM photo_jobs WHERE job = ?').run(CLIP_STAGE);
  })();
}

export function putClipEmbedding(db: Db, photoId: number, vector: Float32Array): void {
  // vec0 has no upsert: delete, then insert.
  stmt(db, 'DELETE FROM clip_embeddings WHERE photo_id = ?').run(BigInt(photoId));
  stmt(db, 'INSERT INTO clip_embeddings (photo_id, embedding) VALUES (?, ?)').run(BigInt(photoId), bytes(vector));
}

export function deleteClipEmbedding(db: Db, photoId: number): void {
  stmt(db, 'DELETE FROM clip_embeddings WHERE photo_id = ?').run(BigInt(photoId));
}

export function countClipEmbeddings(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM clip_embeddings').get() as { n: number }).n;
}

/** The `k` photos whose CLIP vectors are nearest `vector`, with cosine similarity (1 - cosine distance). */
export function nearestClipPhotos(db: Db, vector: Float32Array, k: number): { photoId: number; similarity: number }[] {
  return (
    stmt(
      db,
      'SELECT photo_id AS photoId, distance FROM clip_embeddings WHERE embedding MATCH ? AND k = ? ORDER BY distance',
    ).all(bytes(vector), k) as { photoId: number; distance: number }[]
  ).map(({ photoId, distance }) => ({ photoId, similarity: 1 - distance }));
}
