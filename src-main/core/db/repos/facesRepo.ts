import type { FaceQuality, RelativeBox } from '../../../../src-shared/types/face.js';
import { stmt, type Db } from '../database.js';
import { matchBoxes } from '../../util/matchBoxes.js';

/** A face as the face stage writes it; box and landmarks relative to the displayed photo, in [0, 1]. */
export type FaceWrite = Readonly<{
  box: RelativeBox;
  score: number;
  /** 68 points as x0, y0, x1, y1, … */
  landmarks: Float32Array;
  quality: FaceQuality;
  thumbnail: Uint8Array | null;
  descriptor: Float32Array;
}>;

export type FaceRow = Readonly<{
  id: number;
  photoId: number;
  box: RelativeBox;
  score: number;
  landmarks: Float32Array;
  quality: FaceQuality;
  hasThumbnail: boolean;
  person: Readonly<{ id: number; name: string | null; confirmed: boolean }> | null;
}>;

type RawFace = Pick<FaceRow, 'id' | 'photoId' | 'score'> & {
  personId: number | null;
  personName: string | null;
  personSource: 'cluster' | 'user' | null;
  quality: number;
  sizePx: number;
  sharpness: number;
  yaw: number;
  roll: number;
  x: number;
  y: number;
  width: number;
  height: number;
  landmarks: Buffer;
  hasThumbnail: 0 | 1;
};

function toRow(raw: RawFace): FaceRow {
  const { x, y, width, height, landmarks, hasThumbnail, quality, sizePx, sharpness, yaw, roll, ...rest } = raw;
  const { personId, personName, personSource, ...face } = rest;
  return {
    ...face,
    person: personId === null ? null : { id: personId, name: personName, confirmed: personSource === 'user' },
    box: { x, y, width, height },
    quality: { score: quality, size: sizePx, sharpness, yaw, roll },
    landmarks: new Float32Array(
      landmarks.buffer.slice(landmarks.byteOffset, landmarks.byteOffset + landmarks.byteLength),
    ),
    hasThumbnail: hasThumbnail === 1,
  };
}

const bytes = (array: Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** A 128-d descriptor as sqlite-vec stores it, copied out of SQLite's buffer. */
export const descriptorFromBlob = (blob: Buffer) =>
  new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + 512));

type FaceVerdicts = Readonly<{
  id: number;
  box: RelativeBox;
  notAFace: 0 | 1;
  personId: number | null;
  source: 'cluster' | 'user' | null;
  rejectedPeople: readonly number[];
}>;

function verdictsOfPhoto(db: Db, photoId: number): FaceVerdicts[] {
  const rows = stmt(
    db,
    `SELECT f.id, f.x, f.y, f.width, f.height, f.not_a_face AS notAFace, fp.person_id AS personId, fp.source,
       (SELECT group_concat(r.person_id) FROM face_rejections r WHERE r.face_id = f.id) AS rejected
     FROM faces f LEFT JOIN face_people fp ON fp.face_id = f.id WHERE f.photo_id = ?`,
  ).all(photoId) as (Omit<FaceVerdicts, 'box' | 'rejectedPeople'> & RelativeBox & { rejected: string | null })[];
  return rows.map(({ x, y, width, height, rejected, ...rest }) => ({
    ...rest,
    box: { x, y, width, height },
    rejectedPeople: rejected ? rejected.split(',').map(Number) : [],
  }));
}

/**
 * Replaces every face of a photo (re-indexing is idempotent: a photo's faces exist exactly once). What the user and
 * the clustering decided about a face moves to the new face at the same place (IoU ≥ 0.5), so re-analysing a photo
 * loses no name, correction or "not a face".
 */
export function replacePhotoFaces(
  db: Db,
  photoId: number,
  faces: readonly FaceWrite[],
  modelVersion: string,
): number[] {
  const before = verdictsOfPhoto(db, photoId);
  stmt(db, 'DELETE FROM faces WHERE photo_id = ?').run(photoId);
  const ids = insertFaces(db, photoId, faces, modelVersion);
  const partners = matchBoxes(
    before.map((f) => f.box),
    faces.map((f) => f.box),
  );
  partners.forEach((partner, j) => {
    const old = before[partner];
    if (old) carryVerdicts(db, old, ids[j]!);
  });
  return ids;
}

function carryVerdicts(db: Db, old: FaceVerdicts, faceId: number): void {
  if (old.notAFace) stmt(db, 'UPDATE faces SET not_a_face = 1 WHERE id = ?').run(faceId);
  if (old.personId !== null) {
    stmt(db, 'INSERT INTO face_people (face_id, person_id, source) VALUES (?, ?, ?)').run(
      faceId,
      old.personId,
      old.source,
    );
  }
  for (const personId of old.rejectedPeople) {
    stmt(db, 'INSERT INTO face_rejections (face_id, person_id) VALUES (?, ?)').run(faceId, personId);
  }
}

function insertFaces(db: Db, photoId: number, faces: readonly FaceWrite[], modelVersion: string): number[] {
  const insertFace = stmt(
    db,
    `INSERT INTO faces (photo_id, x, y, width, height, score, landmarks, quality, size_px, sharpness, yaw, roll,
       thumbnail, model_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  // sqlite-vec wants its integer key bound as an integer, which better-sqlite3 does for BigInt only.
  const insertEmbedding = stmt(db, 'INSERT INTO face_embeddings (face_id, embedding) VALUES (?, ?)');
  return faces.map((f) => {
    const { id } = insertFace.get(
      photoId,
      f.box.x,
      f.box.y,
      f.box.width,
      f.box.height,
      f.score,
      bytes(f.landmarks),
      f.quality.score,
      f.quality.size,
      f.quality.sharpness,
      f.quality.yaw,
      f.quality.roll,
      f.thumbnail,
      modelVersion,
    ) as { id: number };
    insertEmbedding.run(BigInt(id), bytes(f.descriptor));
    return id;
  });
}

const FACE_COLUMNS = `f.id, f.photo_id AS photoId, f.x, f.y, f.width, f.height, f.score, f.landmarks, f.quality,
  f.size_px AS sizePx, f.sharpness, f.yaw, f.roll, f.thumbnail IS NOT NULL AS hasThumbnail,
  fp.person_id AS personId, p.name AS personName, fp.source AS personSource`;

/** Faces with their person, if any; "not a face" verdicts are left out. */
export const FACES_WITH_PEOPLE = `SELECT ${FACE_COLUMNS} FROM faces f
  LEFT JOIN face_people fp ON fp.face_id = f.id LEFT JOIN people p ON p.id = fp.person_id`;

export function toFaceRow(raw: unknown): FaceRow {
  return toRow(raw as RawFace);
}

export function facesOfPhoto(db: Db, photoId: number): FaceRow[] {
  return stmt(db, `${FACES_WITH_PEOPLE} WHERE f.photo_id = ? AND f.not_a_face = 0 ORDER BY f.x, f.id`)
    .all(photoId)
    .map(toFaceRow);
}

export function getFace(db: Db, faceId: number): FaceRow | undefined {
  const raw = stmt(db, `${FACES_WITH_PEOPLE} WHERE f.id = ?`).get(faceId);
  return raw ? toFaceRow(raw) : undefined;
}

export function faceDescriptor(db: Db, faceId: number): Float32Array | undefined {
  const row = stmt(db, 'SELECT embedding FROM face_embeddings WHERE face_id = ?').get(BigInt(faceId)) as
    { embedding: Buffer } | undefined;
  return row ? descriptorFromBlob(row.embedding) : undefined;
}

export function faceThumbnail(db: Db, faceId: number): Uint8Array | undefined {
  return (
    (stmt(db, 'SELECT thumbnail FROM faces WHERE id = ?').get(faceId) as { thumbnail: Uint8Array | null } | undefined)
      ?.thumbnail ?? undefined
  );
}

export function countFaces(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM faces WHERE not_a_face = 0').get() as { n: number }).n;
}

export function countFaceEmbeddings(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM face_embeddings').get() as { n: number }).n;
}

/** The `k` faces nearest to `descriptor` (Euclidean), with their person; "not a face" verdicts left out. */
export function nearestFaces(
  db: Db,
  descriptor: Float32Array,
  k: number,
): { faceId: number; photoId: number; distance: number; personId: number | null }[] {
  return stmt(
    db,
    `SELECT n.face_id AS faceId, f.photo_id AS photoId, n.distance, fp.person_id AS personId
     FROM (SELECT face_id, distance FROM face_embeddings WHERE embedding MATCH ? AND k = ?) n
     JOIN faces f ON f.id = n.face_id LEFT JOIN face_people fp ON fp.face_id = f.id
     WHERE f.not_a_face = 0 ORDER BY n.distance`,
  ).all(bytes(descriptor), k) as { faceId: number; photoId: number; distance: number; personId: number | null }[];
}
