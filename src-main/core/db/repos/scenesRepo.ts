import { stmt, type Db } from '../database.js';

/*
 * Scene vectors (one per photo the scene stage described), scenes and their members. Vectors are unit length and
 * compared by Euclidean distance (sqlite-vec's default).
 */

const bytes = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

export type SceneVectorWrite = Readonly<{ vector: Float32Array; backgroundShare: number; descriptor: string }>;

/** Stores (or, with null, removes) a photo's scene vector; vec0 has no upsert, so it is deleted first. */
export function replaceSceneVector(db: Db, photoId: number, write: SceneVectorWrite | null): void {
  stmt(db, 'DELETE FROM scene_vectors WHERE photo_id = ?').run(BigInt(photoId));
  stmt(db, 'DELETE FROM photo_scenes WHERE photo_id = ?').run(photoId);
  if (!write) return;
  stmt(db, 'INSERT INTO scene_vectors (photo_id, embedding) VALUES (?, ?)').run(BigInt(photoId), bytes(write.vector));
  stmt(db, 'INSERT INTO photo_scenes (photo_id, background_share, descriptor) VALUES (?, ?, ?)').run(
    photoId,
    write.backgroundShare,
    write.descriptor,
  );
}

export function sceneVectorDimension(db: Db): number {
  const row = stmt(db, `SELECT sql FROM sqlite_master WHERE name = 'scene_vectors'`).get() as { sql: string };
  const match = /float\[(\d+)\]/.exec(row.sql);
  if (!match) throw new Error(`scene_vectors has no vector column: ${row.sql}`);
  return Number(match[1]);
}

export function countSceneVectors(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM scene_vectors').get() as { n: number }).n;
}

/** Every scene vector, photo ids ascending, as one row-major matrix (what clustering takes). */
export function allSceneVectors(db: Db): { photoIds: Int32Array; vectors: Float32Array; dim: number } {
  const dim = sceneVectorDimension(db);
  const n = countSceneVectors(db);
  const photoIds = new Int32Array(n);
  const vectors = new Float32Array(n * dim);
  let i = 0;
  for (const row of stmt(
    db,
    'SELECT photo_id AS photoId, embedding FROM scene_vectors ORDER BY photo_id',
  ).iterate() as IterableIterator<{ photoId: number; embedding: Buffer }>) {
    if (i === n) break;
    photoIds[i] = row.photoId;
    vectors.set(new Float32Array(row.embedding.buffer, row.embedding.byteOffset, dim), i * dim);
    i += 1;
  }
  return { photoIds: photoIds.subarray(0, i), vectors: vectors.subarray(0, i * dim), dim };
}

export function sceneVector(db: Db, photoId: number): Float32Array | undefined {
  const row = stmt(db, 'SELECT embedding FROM scene_vectors WHERE photo_id = ?').get(BigInt(photoId)) as
    { embedding: Buffer } | undefined;
  return (
    row &&
    new Float32Array(
      row.embedding.buffer.slice(row.embedding.byteOffset, row.embedding.byteOffset + row.embedding.byteLength),
    )
  );
}

export function backgroundShareOf(db: Db, photoId: number): number | undefined {
  return (
    stmt(db, 'SELECT background_share AS share FROM photo_scenes WHERE photo_id = ?').get(photoId) as
      { share: number } | undefined
  )?.share;
}

/** The `k` photos whose scene vectors are nearest `vector` (Euclidean), nearest first. */
export function nearestScenePhotos(db: Db, vector: Float32Array, k: number): { photoId: number; distance: number }[] {
  return stmt(
    db,
    'SELECT photo_id AS photoId, distance FROM scene_vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance',
  ).all(bytes(vector), k) as { photoId: number; distance: number }[];
}

export type SceneRow = Readonly<{ id: number; name: string | null; photoCount: number }>;

const SCENE_STATS = `SELECT s.id, s.name, COUNT(sp.photo_id) AS photoCount
  FROM scenes s LEFT JOIN scene_photos sp ON sp.scene_id = s.id`;

/** The largest scenes (with photos), most photos first. */
export function largestScenes(db: Db, limit: number): SceneRow[] {
  return stmt(db, `${SCENE_STATS} GROUP BY s.id HAVING photoCount > 0 ORDER BY photoCount DESC, s.id LIMIT ?`).all(
    limit,
  ) as SceneRow[];
}

export function getScene(db: Db, id: number): SceneRow | undefined {
  return stmt(db, `${SCENE_STATS} WHERE s.id = ? GROUP BY s.id`).get(id) as SceneRow | undefined;
}

export function sceneByName(db: Db, name: string): SceneRow | undefined {
  return stmt(db, `${SCENE_STATS} WHERE s.name = ? COLLATE NOCASE GROUP BY s.id`).get(name) as SceneRow | undefined;
}

export function renameScene(db: Db, id: number, name: string | null, at: string): void {
  stmt(db, 'UPDATE scenes SET name = ?, updated_at = ? WHERE id = ?').run(name, at, id);
}

/** A scene's photo ids, most typical first. */
export function photoIdsOfScene(db: Db, id: number, offset: number, limit: number): number[] {
  return (
    stmt(
      db,
      'SELECT photo_id AS photoId FROM scene_photos WHERE scene_id = ? ORDER BY member_rank LIMIT ? OFFSET ?',
    ).all(id, limit, offset) as { photoId: number }[]
  ).map((r) => r.photoId);
}

export function photoFilesOfScene(db: Db, id: number): { photoId: number; pathRaw: Buffer; name: string }[] {
  return stmt(
    db,
    `SELECT ph.id AS photoId, ph.path_raw AS pathRaw, ph.name FROM scene_photos sp JOIN photos ph ON ph.id = sp.photo_id
     WHERE sp.scene_id = ? ORDER BY sp.member_rank`,
  ).all(id) as { photoId: number; pathRaw: Buffer; name: string }[];
}

export type SceneMembership = Readonly<{ photoId: number; sceneId: number; name: string | null }>;

/** Every photo's scene, with the scene's name: what a re-clustering compares its clusters with. */
export function allMemberships(db: Db): SceneMembership[] {
  return stmt(
    db,
    `SELECT sp.photo_id AS photoId, sp.scene_id AS sceneId, s.name FROM scene_photos sp JOIN scenes s ON s.id = sp.scene_id`,
  ).all() as SceneMembership[];
}

/** Scenes with a name (whether or not they still have photos). */
export function namedScenes(db: Db): { id: number; name: string }[] {
  return stmt(db, 'SELECT id, name FROM scenes WHERE name IS NOT NULL ORDER BY id').all() as {
    id: number;
    name: string;
  }[];
}

export function createScene(db: Db, at: string): number {
  return (
    stmt(db, 'INSERT INTO scenes (name, created_at, updated_at) VALUES (NULL, ?, ?) RETURNING id').get(at, at) as {
      id: number;
    }
  ).id;
}

/** Replaces every membership; scenes left without photos and without a name are deleted. */
export function replaceMemberships(
  db: Db,
  members: readonly Readonly<{ photoId: number; sceneId: number; rank: number }>[],
): void {
  stmt(db, 'DELETE FROM scene_photos').run();
  const insert = stmt(db, 'INSERT INTO scene_photos (photo_id, scene_id, member_rank) VALUES (?, ?, ?)');
  for (const m of members) insert.run(m.photoId, m.sceneId, m.rank);
  stmt(
    db,
    'DELETE FROM scenes WHERE name IS NULL AND NOT EXISTS (SELECT 1 FROM scene_photos sp WHERE sp.scene_id = scenes.id)',
  ).run();
}

/** The ids of the scenes' photos. */
export function photoIdsOfScenes(db: Db, sceneIds: readonly number[]): number[] {
  const get = stmt(db, 'SELECT photo_id AS photoId FROM scene_photos WHERE scene_id = ?');
  return sceneIds.flatMap((id) => (get.all(id) as { photoId: number }[]).map((r) => r.photoId));
}

/** The name of the named scene a photo is in, if any. */
export function sceneNameOfPhoto(db: Db, photoId: number): string | null {
  return (
    (
      stmt(
        db,
        'SELECT s.name FROM scene_photos sp JOIN scenes s ON s.id = sp.scene_id WHERE sp.photo_id = ? AND s.name IS NOT NULL',
      ).get(photoId) as { name: string } | undefined
    )?.name ?? null
  );
}

/** Face boxes (relative) of a photo's faces, for masking people when only the scene stage runs. */
export function faceBoxesOfPhoto(db: Db, photoId: number): { x: number; y: number; width: number; height: number }[] {
  return stmt(db, 'SELECT x, y, width, height FROM faces WHERE photo_id = ? AND not_a_face = 0').all(photoId) as {
    x: number;
    y: number;
    width: number;
    height: number;
  }[];
}
