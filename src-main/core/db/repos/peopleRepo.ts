import { stmt, type Db } from '../database.js';
import { descriptorFromBlob, FACES_WITH_PEOPLE, toFaceRow, type FaceRow } from './facesRepo.js';

export type PersonRow = Readonly<{
  id: number;
  name: string | null;
  hidden: 0 | 1;
  faceCount: number;
  photoCount: number;
  confirmedFaces: number;
  /** The user's cover if it is still the person's, else the person's best-quality face. */
  coverFaceId: number | null;
}>;

export type PeopleFilter = Readonly<{
  minPhotos: number;
  visibility: 'visible' | 'hidden' | 'all';
  name?: string | undefined;
  offset: number;
  limit: number;
}>;

export type FaceSource = 'cluster' | 'user';

/** Each person's counts, grouped over their faces; p.cover_face_id is the user's choice, checked by PERSON_COVER. */
const COUNT_COLUMNS = `p.id, p.name, p.hidden, p.cover_face_id AS chosenCover, COUNT(*) AS faceCount,
    COUNT(DISTINCT f.photo_id) AS photoCount, SUM(fp.source = 'user') AS confirmedFaces`;
const PERSON_COUNTS = `SELECT ${COUNT_COLUMNS}
  FROM people p JOIN face_people fp ON fp.person_id = p.id JOIN faces f ON f.id = fp.face_id`;
/**
 * Everyone's counts at once, driven by the faces (CROSS JOIN fixes SQLite's join order): one pass over a covering
 * index took 53 ms at 120,000 faces, where the order SQLite chose with bound parameters, person by person, took 110.
 */
const EVERYONE_COUNTS = `SELECT ${COUNT_COLUMNS}
  FROM faces f CROSS JOIN face_people fp ON fp.face_id = f.id CROSS JOIN people p ON p.id = fp.person_id`;

/**
 * The cover of a row `s` of PERSON_COUNTS. Chosen only for the rows a query returns, after its LIMIT: the best face
 * reads all of a person's faces (45 ms for one in 100,000 photos), and picking it for every person before the sort
 * made a page of people cost 290 ms.
 */
const PERSON_COVER = `COALESCE(
    (SELECT c.face_id FROM face_people c WHERE c.face_id = s.chosenCover AND c.person_id = s.id),
    (SELECT b.id FROM face_people bp JOIN faces b ON b.id = bp.face_id WHERE bp.person_id = s.id
      ORDER BY b.quality DESC, b.id LIMIT 1)) AS coverFaceId`;
const PERSON_COLUMNS = `s.id, s.name, s.hidden, s.faceCount, s.photoCount, s.confirmedFaces, ${PERSON_COVER}`;
const PEOPLE_ORDER = 'photoCount DESC, faceCount DESC, id';

function filterClause(filter: Omit<PeopleFilter, 'offset' | 'limit'>): { where: string; params: unknown[] } {
  const conditions = ['1'];
  const params: unknown[] = [];
  if (filter.visibility !== 'all') {
    conditions.push('p.hidden = ?');
    params.push(filter.visibility === 'hidden' ? 1 : 0);
  }
  if (filter.name) {
    conditions.push(`p.name LIKE ? ESCAPE '\\'`);
    params.push(`%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where: conditions.join(' AND '), params };
}

/**
 * People matching the filter with their counts, unsorted and without a cover, and the statement's parameters. A name
 * picks out a few people, whose faces are quicker to reach through them than by passing over everyone's.
 */
function groupedPeople(filter: Omit<PeopleFilter, 'offset' | 'limit'>): { grouped: string; params: unknown[] } {
  const { where, params } = filterClause(filter);
  const counts = filter.name ? PERSON_COUNTS : EVERYONE_COUNTS;
  return { grouped: `${counts} WHERE ${where} GROUP BY p.id HAVING photoCount >= ?`, params };
}

/** People with at least `minPhotos` photos, most photos first. */
export function listPeople(db: Db, filter: PeopleFilter): { rows: PersonRow[]; total: number } {
  const { grouped, params } = groupedPeople(filter);
  // The page and the number of all matches in one pass over the faces (a window over the grouped rows).
  const page = stmt(
    db,
    `SELECT ${PERSON_COLUMNS}, s.total FROM (
       SELECT *, COUNT(*) OVER () AS total FROM (${grouped}) ORDER BY ${PEOPLE_ORDER} LIMIT ? OFFSET ?) s
     ORDER BY ${PEOPLE_ORDER}`,
  ).all(...params, filter.minPhotos, filter.limit, filter.offset) as (PersonRow & { total: number })[];
  // A page past the end has no row to carry the total: count apart then.
  const total =
    page[0]?.total ??
    (filter.offset === 0
      ? 0
      : (stmt(db, `SELECT COUNT(*) AS n FROM (${grouped})`).get(...params, filter.minPhotos) as { n: number }).n);
  return { rows: page.map(({ total: _total, ...row }) => row), total };
}

/** A person's place in the list: counts and the user's chosen cover, not yet checked (see coverOf). */
export type RankedPerson = Omit<PersonRow, 'coverFaceId'> & Readonly<{ chosenCover: number | null }>;

/** Everyone listPeople would list, in its order, without covers: a list to cut pages from. */
export function rankPeople(db: Db, filter: Omit<PeopleFilter, 'offset' | 'limit'>): RankedPerson[] {
  const { grouped, params } = groupedPeople(filter);
  return stmt(db, `SELECT * FROM (${grouped}) ORDER BY ${PEOPLE_ORDER}`).all(
    ...params,
    filter.minPhotos,
  ) as RankedPerson[];
}

/** The cover listPeople gives a person: the user's choice while it is still theirs, else their best face. */
export function coverOf(db: Db, person: Pick<RankedPerson, 'id' | 'chosenCover'>): number | null {
  const row = stmt(db, `SELECT ${PERSON_COVER} FROM (SELECT ? AS id, ? AS chosenCover) s`).get(
    person.id,
    person.chosenCover,
  ) as { coverFaceId: number | null };
  return row.coverFaceId;
}

export function getPerson(db: Db, id: number): PersonRow | undefined {
  const row = stmt(db, `SELECT ${PERSON_COLUMNS} FROM (${PERSON_COUNTS} WHERE p.id = ? GROUP BY p.id) s`).get(id) as
    PersonRow | undefined;
  if (row) return row;
  // A person whose faces all went (photos deleted) still exists with its name.
  const bare = stmt(db, 'SELECT id, name, hidden FROM people WHERE id = ?').get(id) as
    Pick<PersonRow, 'id' | 'name' | 'hidden'> | undefined;
  return bare && { ...bare, faceCount: 0, photoCount: 0, confirmedFaces: 0, coverFaceId: null };
}

/** Whether the person exists: what a page of theirs needs to know, without getPerson's counts over all their faces. */
export function personExists(db: Db, id: number): boolean {
  return stmt(db, 'SELECT 1 FROM people WHERE id = ?').get(id) !== undefined;
}

export function createPerson(db: Db, name: string | null, at: string): number {
  return (
    stmt(db, 'INSERT INTO people (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING id').get(name, at, at) as {
      id: number;
    }
  ).id;
}

export function renamePerson(db: Db, id: number, name: string | null, at: string): void {
  stmt(db, 'UPDATE people SET name = ?, updated_at = ? WHERE id = ?').run(name, at, id);
}

export function setPersonHidden(db: Db, id: number, hidden: boolean, at: string): void {
  stmt(db, 'UPDATE people SET hidden = ?, updated_at = ? WHERE id = ?').run(hidden ? 1 : 0, at, id);
}

export function setPersonCover(db: Db, id: number, faceId: number, at: string): void {
  stmt(db, 'UPDATE people SET cover_face_id = ?, updated_at = ? WHERE id = ?').run(faceId, at, id);
}

export function deletePerson(db: Db, id: number): void {
  stmt(db, 'DELETE FROM people WHERE id = ?').run(id);
}

/** A user action on a person confirms the faces it holds: from then on they are constraints, not guesses. */
export function confirmFacesOf(db: Db, personId: number): void {
  stmt(db, `UPDATE face_people SET source = 'user' WHERE person_id = ?`).run(personId);
}

export function assignFace(db: Db, faceId: number, personId: number, source: FaceSource): void {
  stmt(
    db,
    `INSERT INTO face_people (face_id, person_id, source) VALUES (?, ?, ?)
     ON CONFLICT (face_id) DO UPDATE SET person_id = excluded.person_id, source = excluded.source`,
  ).run(faceId, personId, source);
}

export function unassignFace(db: Db, faceId: number): void {
  stmt(db, 'DELETE FROM face_people WHERE face_id = ?').run(faceId);
}

export function moveFaces(db: Db, fromPersonId: number, intoPersonId: number): void {
  stmt(db, `UPDATE face_people SET person_id = ?, source = 'user' WHERE person_id = ?`).run(intoPersonId, fromPersonId);
  stmt(db, 'UPDATE OR IGNORE face_rejections SET person_id = ? WHERE person_id = ?').run(intoPersonId, fromPersonId);
}

export function rejectFaceFromPerson(db: Db, faceId: number, personId: number): void {
  stmt(db, 'INSERT OR IGNORE INTO face_rejections (face_id, person_id) VALUES (?, ?)').run(faceId, personId);
}

export function markNotAFace(db: Db, faceId: number): void {
  stmt(db, 'UPDATE faces SET not_a_face = 1 WHERE id = ?').run(faceId);
  stmt(db, 'DELETE FROM face_people WHERE face_id = ?').run(faceId);
}

/** A face as clustering sees it. */
export type ClusterableFace = Readonly<{
  id: number;
  photoId: number;
  personId: number | null;
  source: FaceSource | null;
  embedding: Buffer;
}>;

/** Every face clustering may place (not "not a face"), with its descriptor, in id order. */
export function clusterableFaces(db: Db): IterableIterator<ClusterableFace> {
  return stmt(
    db,
    `SELECT f.id, f.photo_id AS photoId, fp.person_id AS personId, fp.source, e.embedding
     FROM faces f JOIN face_embeddings e ON e.face_id = f.id LEFT JOIN face_people fp ON fp.face_id = f.id
     WHERE f.not_a_face = 0 ORDER BY f.id`,
  ).iterate() as IterableIterator<ClusterableFace>;
}

export function allRejections(db: Db): { faceId: number; personId: number }[] {
  return stmt(db, 'SELECT face_id AS faceId, person_id AS personId FROM face_rejections').all() as {
    faceId: number;
    personId: number;
  }[];
}

export function rejectedPeopleOf(db: Db, faceId: number): number[] {
  return (
    stmt(db, 'SELECT person_id AS personId FROM face_rejections WHERE face_id = ?').all(faceId) as {
      personId: number;
    }[]
  ).map((r) => r.personId);
}

/** Replaces every clustering-made assignment; the user's stay. */
export function replaceClusterAssignments(db: Db, assignments: Iterable<readonly [faceId: number, personId: number]>) {
  stmt(db, `DELETE FROM face_people WHERE source = 'cluster'`).run();
  addClusterAssignments(db, assignments);
}

export function addClusterAssignments(db: Db, assignments: Iterable<readonly [faceId: number, personId: number]>) {
  const insert = stmt(db, `INSERT INTO face_people (face_id, person_id, source) VALUES (?, ?, 'cluster')`);
  for (const [faceId, personId] of assignments) insert.run(faceId, personId);
}

/** Unnamed, visible people left with no face: nothing about them is the user's, so they go. */
export function deleteEmptyUnnamedPeople(db: Db): number {
  return stmt(
    db,
    `DELETE FROM people WHERE name IS NULL AND hidden = 0
       AND NOT EXISTS (SELECT 1 FROM face_people fp WHERE fp.person_id = people.id)`,
  ).run().changes;
}

export function countPeople(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM people').get() as { n: number }).n;
}

export function facesOfPerson(
  db: Db,
  personId: number,
  offset: number,
  limit: number,
): { rows: FaceRow[]; total: number } {
  const total = (stmt(db, 'SELECT COUNT(*) AS n FROM face_people WHERE person_id = ?').get(personId) as { n: number })
    .n;
  const rows = stmt(db, `${FACES_WITH_PEOPLE} WHERE fp.person_id = ? ORDER BY f.quality DESC, f.id LIMIT ? OFFSET ?`)
    .all(personId, limit, offset)
    .map(toFaceRow);
  return { rows, total };
}

const UNASSIGNED = 'f.not_a_face = 0 AND NOT EXISTS (SELECT 1 FROM face_people x WHERE x.face_id = f.id)';

export function countUnassignedFaces(db: Db): number {
  return (stmt(db, `SELECT COUNT(*) AS n FROM faces f WHERE ${UNASSIGNED}`).get() as { n: number }).n;
}

/** Faces in no person (singletons and faces taken out of a person), best quality first. */
export function unassignedFaces(db: Db, offset: number, limit: number): { rows: FaceRow[]; total: number } {
  const rows = stmt(db, `${FACES_WITH_PEOPLE} WHERE ${UNASSIGNED} ORDER BY f.quality DESC, f.id LIMIT ? OFFSET ?`)
    .all(limit, offset)
    .map(toFaceRow);
  return { rows, total: countUnassignedFaces(db) };
}

/** Every photo holding a face of one of `personIds`. */
export function photoIdsOfPeople(db: Db, personIds: readonly number[]): Set<number> {
  if (personIds.length === 0) return new Set();
  const marks = personIds.map(() => '?').join(', ');
  const rows = stmt(
    db,
    `SELECT DISTINCT f.photo_id AS photoId FROM face_people fp JOIN faces f ON f.id = fp.face_id
     WHERE fp.person_id IN (${marks}) AND f.not_a_face = 0`,
  ).all(...personIds) as { photoId: number }[];
  return new Set(rows.map((r) => r.photoId));
}

/** The faces of `personIds` in one photo. */
export function facesOfPeopleInPhoto(
  db: Db,
  photoId: number,
  personIds: readonly number[],
): { faceId: number; personId: number }[] {
  const marks = personIds.map(() => '?').join(', ');
  return stmt(
    db,
    `SELECT f.id AS faceId, fp.person_id AS personId FROM faces f JOIN face_people fp ON fp.face_id = f.id
     WHERE f.photo_id = ? AND fp.person_id IN (${marks}) ORDER BY f.id`,
  ).all(photoId, ...personIds) as { faceId: number; personId: number }[];
}

/** Every photo of a person, newest first (as the library lists photos). */
export function photoOrderOfPerson(db: Db, personId: number): Int32Array {
  const rows = stmt(
    db,
    `SELECT ph.id FROM photos ph WHERE ph.id IN (SELECT f.photo_id FROM faces f JOIN face_people fp ON fp.face_id = f.id
      WHERE fp.person_id = ?) ORDER BY ph.taken_at IS NULL, ph.taken_at DESC, ph.id`,
  )
    .pluck()
    .all(personId) as number[];
  return Int32Array.from(rows);
}

/** Photo ids whose file has these raw path bytes (a query file that is itself in the library). */
export function photoIdByPath(db: Db, pathRaw: Buffer): number | undefined {
  return (stmt(db, 'SELECT id FROM photos WHERE path_raw = ?').get(pathRaw) as { id: number } | undefined)?.id;
}

export function peopleShareAPhoto(db: Db, a: number, b: number): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM face_people x JOIN faces fx ON fx.id = x.face_id
       JOIN faces fy ON fy.photo_id = fx.photo_id JOIN face_people y ON y.face_id = fy.id
       WHERE x.person_id = ? AND y.person_id = ? LIMIT 1`,
    ).get(a, b) !== undefined
  );
}

/** The files of a person's photos (each photo once), for export. */
export function photoFilesOfPerson(db: Db, personId: number): { photoId: number; pathRaw: Buffer; name: string }[] {
  return stmt(
    db,
    `SELECT ph.id AS photoId, ph.path_raw AS pathRaw, ph.name FROM photos ph WHERE ph.id IN (
       SELECT f.photo_id FROM faces f JOIN face_people fp ON fp.face_id = f.id WHERE fp.person_id = ?)
     ORDER BY ph.id`,
  ).all(personId) as { photoId: number; pathRaw: Buffer; name: string }[];
}

/** The descriptors of a person's faces. */
export function descriptorsOfPerson(db: Db, personId: number): Float32Array[] {
  return (
    stmt(
      db,
      `SELECT e.embedding FROM face_people fp JOIN face_embeddings e ON e.face_id = fp.face_id WHERE fp.person_id = ?`,
    ).all(personId) as { embedding: Buffer }[]
  ).map(({ embedding }) => descriptorFromBlob(embedding));
}

/** Every face that is in a person, with its descriptor, one at a time. */
export function* descriptorsOfPeople(db: Db): Generator<{ personId: number; descriptor: Float32Array }> {
  const rows = stmt(
    db,
    `SELECT fp.person_id AS personId, e.embedding FROM face_people fp JOIN face_embeddings e ON e.face_id = fp.face_id`,
  ).iterate() as IterableIterator<{ personId: number; embedding: Buffer }>;
  for (const { personId, embedding } of rows) yield { personId, descriptor: descriptorFromBlob(embedding) };
}
