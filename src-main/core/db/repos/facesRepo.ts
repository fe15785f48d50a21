import type { FaceQuality, RelativeBox } from '../../../../src-shared/types/face.js';
import { stmt, type Db } from '../database.js';

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
}>;

type RawFace = Pick<FaceRow, 'id' | 'photoId' | 'score'> & {
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
  return {
    ...rest,
    box: { x, y, width, height },
    quality: { score: quality, size: sizePx, sharpness, yaw, roll },
    landmarks: new Float32Array(
      landmarks.buffer.slice(landmarks.byteOffset, landmarks.byteOffset + landmarks.byteLength),
    ),
    hasThumbnail: hasThumbnail === 1,
  };
}

const bytes = (array: Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Replaces every face of a photo (re-indexing is idempotent: a photo's faces exist exactly once). */
export function replacePhotoFaces(
  db: Db,
  photoId: number,
  faces: readonly FaceWrite[],
  modelVersion: string,
): number[] {
  stmt(db, 'DELETE FROM faces WHERE photo_id = ?').run(photoId);
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
  f.size_px AS sizePx, f.sharpness, f.yaw, f.roll, f.thumbnail IS NOT NULL AS hasThumbnail`;

export function facesOfPhoto(db: Db, photoId: number): FaceRow[] {
  return (
    stmt(db, `SELECT ${FACE_COLUMNS} FROM faces f WHERE f.photo_id = ? ORDER BY f.x, f.id`).all(photoId) as RawFace[]
  ).map(toRow);
}

export function faceDescriptor(db: Db, faceId: number): Float32Array | undefined {
  const row = stmt(db, 'SELECT embedding FROM face_embeddings WHERE face_id = ?').get(BigInt(faceId)) as
    { embedding: Buffer } | undefined;
  return row
    ? new Float32Array(row.embedding.buffer.slice(row.embedding.byteOffset, row.embedding.byteOffset + 512))
    : undefined;
}

export function faceThumbnail(db: Db, faceId: number): Uint8Array | undefined {
  return (
    (stmt(db, 'SELECT thumbnail FROM faces WHERE id = ?').get(faceId) as { thumbnail: Uint8Array | null } | undefined)
      ?.thumbnail ?? undefined
  );
}

export function countFaces(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM faces').get() as { n: number }).n;
}

export function countFaceEmbeddings(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM face_embeddings').get() as { n: number }).n;
}
