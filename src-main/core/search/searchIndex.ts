import type { Db } from '../db/database.js';
import * as repo from '../db/repos/searchRepo.js';
import { buildSearchDoc, ocrText } from './searchDoc.js';

/*
 * Writing the text index. Tags go straight to their table (ranked from there); everything matched as words lives
 * in the photo's FTS document, rebuilt from its sources whenever one of them changes: OCR text, a person's name, a
 * scene's name, a move to another folder, a new capture date.
 */

export type ObjectTag = repo.TagWrite;

export function indexPhotoTags(db: Db, photoId: number, tags: readonly ObjectTag[]): void {
  repo.replacePhotoTags(db, photoId, tags);
}

export function indexPhotoText(db: Db, photoId: number, lines: readonly string[]): void {
  db.transaction(() => {
    repo.replacePhotoText(db, photoId, ocrText(lines));
    refreshSearchDocs(db, [photoId]);
  })();
}

/** Sets the scene names a photo is found by (the names of the named scenes it belongs to). */
export function indexPhotoSceneNames(db: Db, photoId: number, names: readonly string[]): void {
  db.transaction(() => {
    repo.replacePhotoNames(db, photoId, 'scene', names);
    refreshSearchDocs(db, [photoId]);
  })();
}

export function refreshSearchDocs(db: Db, photoIds: readonly number[]): void {
  db.transaction(() => {
    for (const source of repo.docSources(db, photoIds)) {
      const { doc, despaced } = buildSearchDoc(source);
      repo.writeSearchDoc(db, source.photoId, doc, despaced);
    }
    repo.markSearchFresh(db, photoIds);
  })();
}

/** After a person is named, renamed, hidden or merged. */
export function refreshPersonDocs(db: Db, personId: number): void {
  refreshSearchDocs(db, repo.photoIdsOfPerson(db, personId));
}

/** After a clustering: named people may have gained faces (and photos) or lost them. */
export function refreshNamedPeopleDocs(db: Db): void {
  refreshSearchDocs(db, repo.photoIdsOfNamedPeople(db));
}

const REFRESH_BATCH = 500;

/**
 * Rebuilds the documents of new, moved and re-dated photos (after a scan); one transaction per batch. Returns how many.
 */
export function refreshStaleSearchDocs(db: Db): number {
  let done = 0;
  for (;;) {
    const ids = repo.staleSearchPhotos(db, REFRESH_BATCH);
    if (ids.length === 0) return done;
    refreshSearchDocs(db, ids);
    done += ids.length;
  }
}
