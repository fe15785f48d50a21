import { stmt, type Db } from '../database.js';

/*
 * The text-search index (migration 0050): tags, OCR text, names other features give photos, and the FTS5 documents
 * words are matched in. Reads return raw rows for the ranker; it runs per keystroke, so no objects per posting.
 */

export type TagWrite = Readonly<{ label: string; confidence: number; area: number }>;
export type DocColumn = 'ocr' | 'people' | 'scenes' | 'folders' | 'dates';
export const DOC_COLUMNS: readonly DocColumn[] = ['ocr', 'people', 'scenes', 'folders', 'dates'];
export type SearchDocWrite = Readonly<Record<DocColumn, string>>;
export type NameKind = 'scene';

/** What a photo's search document is built from. */
export type DocSourceRow = Readonly<{
  photoId: number;
  path: string;
  rootPath: string;
  takenAt: string | null;
  ocr: string | null;
  despaced: string | null;
  /** Names joined by newlines (a name may hold spaces). */
  people: string | null;
  scenes: string | null;
}>;

/** Replaces a photo's tags; several boxes of one label become one row (best confidence, largest box, box count). */
export function replacePhotoTags(db: Db, photoId: number, tags: readonly TagWrite[]): void {
  const byLabel = new Map<string, { confidence: number; area: number; boxes: number }>();
  for (const tag of tags) {
    const label = tag.label.trim().toLowerCase();
    if (label.length === 0) throw new Error('a tag needs a label');
    if (!(tag.confidence >= 0 && tag.confidence <= 1))
      throw new Error(`tag confidence out of [0, 1]: ${tag.confidence}`);
    if (!(tag.area >= 0 && tag.area <= 1)) throw new Error(`tag area out of [0, 1]: ${tag.area}`);
    const seen = byLabel.get(label);
    if (!seen) byLabel.set(label, { confidence: tag.confidence, area: tag.area, boxes: 1 });
    else {
      seen.confidence = Math.max(seen.confidence, tag.confidence);
      seen.area = Math.max(seen.area, tag.area);
      seen.boxes++;
    }
  }
  db.transaction(() => {
    stmt(db, 'DELETE FROM photo_tags WHERE photo_id = ?').run(photoId);
    const insert = stmt(
      db,
      'INSERT INTO photo_tags (label, photo_id, confidence, area, boxes, photo_mass) VALUES (?, ?, ?, ?, ?, ?)',
    );
    let mass = 0;
    for (const t of byLabel.values()) mass += t.confidence;
    for (const [label, t] of byLabel) insert.run(label, photoId, t.confidence, t.area, t.boxes, mass);
  })();
}

/** Replaces a photo's OCR text (null: none read). */
export function replacePhotoText(db: Db, photoId: number, text: { words: string; despaced: string } | null): void {
  if (text === null || text.words.trim().length === 0) {
    stmt(db, 'DELETE FROM photo_text WHERE photo_id = ?').run(photoId);
    return;
  }
  stmt(
    db,
    `INSERT INTO photo_text (photo_id, words, despaced) VALUES (?, ?, ?)
     ON CONFLICT (photo_id) DO UPDATE SET words = excluded.words, despaced = excluded.despaced`,
  ).run(photoId, text.words, text.despaced);
}

/** Replaces the names of one kind a photo carries (e.g. the names of the scenes it belongs to). */
export function replacePhotoNames(db: Db, photoId: number, kind: NameKind, names: readonly string[]): void {
  db.transaction(() => {
    stmt(db, 'DELETE FROM photo_names WHERE photo_id = ? AND kind = ?').run(photoId, kind);
    const insert = stmt(db, 'INSERT OR IGNORE INTO photo_names (photo_id, kind, name) VALUES (?, ?, ?)');
    for (const name of names) if (name.trim().length > 0) insert.run(photoId, kind, name.trim());
  })();
}

const DOC_SOURCE = `
  SELECT p.id AS photoId, p.path AS path, r.path AS rootPath, p.taken_at AS takenAt,
         t.words AS ocr, t.despaced AS despaced,
         (SELECT group_concat(name, char(10)) FROM (
            SELECT DISTINCT pe.name FROM faces f
            JOIN face_people fp ON fp.face_id = f.id
            JOIN people pe ON pe.id = fp.person_id
            WHERE f.photo_id = p.id AND pe.name IS NOT NULL AND pe.hidden = 0 AND f.not_a_face = 0)) AS people,
         (SELECT group_concat(name, char(10)) FROM photo_names n WHERE n.photo_id = p.id AND n.kind = 'scene') AS scenes
  FROM photos p
  JOIN roots r ON r.id = p.root_id
  LEFT JOIN photo_text t ON t.photo_id = p.id`;

export function docSources(db: Db, photoIds: readonly number[]): DocSourceRow[] {
  const one = stmt(db, `${DOC_SOURCE} WHERE p.id = ?`);
  return photoIds.flatMap((id) => (one.get(id) as DocSourceRow | undefined) ?? []);
}

/** Up to `limit` photos whose document is out of date (see migration 0070). */
export function staleSearchPhotos(db: Db, limit: number): number[] {
  return stmt(db, 'SELECT photo_id FROM search_stale ORDER BY photo_id LIMIT ?').pluck().all(limit) as number[];
}

export function markSearchFresh(db: Db, photoIds: readonly number[]): void {
  const one = stmt(db, 'DELETE FROM search_stale WHERE photo_id = ?');
  for (const id of photoIds) one.run(id);
}

/** Photos showing a person (their document carries the person's name). */
export function photoIdsOfPerson(db: Db, personId: number): number[] {
  return stmt(
    db,
    'SELECT DISTINCT f.photo_id FROM face_people fp JOIN faces f ON f.id = fp.face_id WHERE fp.person_id = ?',
  )
    .pluck()
    .all(personId) as number[];
}

/** Photos showing any named person: their documents carry names, which a clustering may have given or taken. */
export function photoIdsOfNamedPeople(db: Db): number[] {
  return (
    stmt(
      db,
      `SELECT DISTINCT f.photo_id AS id FROM face_people fp JOIN faces f ON f.id = fp.face_id
       JOIN people pe ON pe.id = fp.person_id WHERE pe.name IS NOT NULL`,
    ).all() as { id: number }[]
  ).map((r) => r.id);
}

/** Writes a photo's search documents (replacing any). */
export function writeSearchDoc(db: Db, photoId: number, doc: SearchDocWrite, despaced: string): void {
  db.transaction(() => {
    stmt(db, 'UPDATE search_state SET doc_version = doc_version + 1 WHERE id = 1').run();
    stmt(db, 'DELETE FROM search_docs WHERE rowid = ?').run(photoId);
    stmt(db, 'DELETE FROM search_despaced WHERE rowid = ?').run(photoId);
    if (DOC_COLUMNS.some((c) => doc[c].length > 0)) {
      stmt(db, 'INSERT INTO search_docs (rowid, ocr, people, scenes, folders, dates) VALUES (?, ?, ?, ?, ?, ?)').run(
        photoId,
        doc.ocr,
        doc.people,
        doc.scenes,
        doc.folders,
        doc.dates,
      );
    }
    if (despaced.length > 0)
      stmt(db, 'INSERT INTO search_despaced (rowid, despaced) VALUES (?, ?)').run(photoId, despaced);
  })();
}

export function photoCount(db: Db): number {
  return stmt(db, 'SELECT COUNT(*) FROM photos').pluck().get() as number;
}

export function maxPhotoId(db: Db): number {
  return (stmt(db, 'SELECT MAX(id) FROM photos').pluck().get() as number | null) ?? 0;
}

/** A counter that changes whenever any search document is written (a cache key for word postings). */
export function docVersion(db: Db): number {
  return stmt(db, 'SELECT doc_version FROM search_state WHERE id = 1').pluck().get() as number;
}

/** `version` changes whenever any of the label's rows change (a cache key for its postings). */
export type TagStat = Readonly<{ label: string; photos: number; confidenceSum: number; version: number }>;

/** Every tag label in the index with the number of photos carrying it and the sum of its confidences. */
export function tagStats(db: Db): TagStat[] {
  return stmt(
    db,
    'SELECT label, photos, confidence_sum AS confidenceSum, version FROM tag_stats ORDER BY label',
  ).all() as TagStat[];
}

/** A label's photos as raw [photoId, confidence, area, photo's tag mass] rows. */
export function tagPostings(db: Db, label: string): [number, number, number, number][] {
  return stmt(db, 'SELECT photo_id, confidence, area, photo_mass FROM photo_tags WHERE label = ?').raw().all(label) as [
    number,
    number,
    number,
    number,
  ][];
}

/** An FTS5 phrase: the tokens in order, quoted so no token is read as query syntax. */
function quotePhrase(tokens: readonly string[]): string {
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

/** Photos whose document column holds the token sequence (a phrase when several), in ascending id order. */
export function docPostings(db: Db, column: DocColumn, tokens: readonly string[]): number[] {
  if (!DOC_COLUMNS.includes(column)) throw new Error(`unknown search column ${column}`);
  if (tokens.length === 0) return [];
  return stmt(db, 'SELECT rowid FROM search_docs WHERE search_docs MATCH ?')
    .pluck()
    .all(`${column} : ${quotePhrase(tokens)}`) as number[];
}

/** Photos whose de-spaced OCR text contains `fragment` (at least 3 characters: the trigram index's unit). */
export function despacedPostings(db: Db, fragment: string): number[] {
  if (fragment.length < 3) return [];
  return stmt(db, 'SELECT rowid FROM search_despaced WHERE search_despaced MATCH ?')
    .pluck()
    .all(quotePhrase([fragment])) as number[];
}
