import type { Migration } from './migration.js';

/*
 * The offline text-search index. Object tags keep one row per (label, photo) with the best detection's confidence,
 * the largest box's share of the photo and the number of boxes, plus the photo's tag mass (the sum of its labels'
 * confidences, repeated on each row so ranking can normalize for busy photos without another read); the primary key
 * leads with the label so a query reads each label's photos as one contiguous range, and `tag_stats` (kept by
 * triggers) gives each label's document frequency and confidence sum without counting. OCR text is kept as read and de-spaced (the recognizer often drops spaces).
 * `photo_names` holds names other features give a photo (a named scene today), fed by those features.
 *
 * `search_docs` (FTS5, rowid = photo id) is what words are matched in: OCR words, people's names, scene names, folder
 * names and date words, one column each, rebuilt from the tables above by the search index. `search_despaced`
 * (FTS5 trigram) matches a query word inside de-spaced OCR text ("welcome" in "WELCOMETO"). Triggers drop both when a
 * photo goes.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'text-index',
  up(db) {
    db.exec(`
      CREATE TABLE photo_tags (
        label TEXT NOT NULL CHECK (length(label) > 0),
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        area REAL NOT NULL CHECK (area >= 0 AND area <= 1),
        boxes INTEGER NOT NULL CHECK (boxes >= 1),
        photo_mass REAL NOT NULL CHECK (photo_mass >= 0),
        PRIMARY KEY (label, photo_id)
      ) WITHOUT ROWID;
      CREATE INDEX photo_tags_by_photo ON photo_tags(photo_id);

      -- version: bumped on every change of the label's rows, so a reader may cache its postings while it holds.
      CREATE TABLE tag_stats (
        label TEXT PRIMARY KEY,
        photos INTEGER NOT NULL,
        confidence_sum REAL NOT NULL,
        version INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TRIGGER photo_tags_count AFTER INSERT ON photo_tags BEGIN
        INSERT INTO tag_stats (label, photos, confidence_sum, version) VALUES (NEW.label, 1, NEW.confidence, 1)
          ON CONFLICT (label) DO UPDATE
          SET photos = photos + 1, confidence_sum = confidence_sum + NEW.confidence, version = version + 1;
      END;
      CREATE TRIGGER photo_tags_uncount AFTER DELETE ON photo_tags BEGIN
        UPDATE tag_stats SET photos = photos - 1, confidence_sum = confidence_sum - OLD.confidence, version = version + 1
          WHERE label = OLD.label;
        DELETE FROM tag_stats WHERE label = OLD.label AND photos <= 0;
      END;

      -- Bumped whenever a search document is written, so a reader may cache word postings while it holds.
      CREATE TABLE search_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        doc_version INTEGER NOT NULL
      );
      INSERT INTO search_state (id, doc_version) VALUES (1, 0);

      CREATE TABLE photo_text (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        words TEXT NOT NULL,
        despaced TEXT NOT NULL
      );

      CREATE TABLE photo_names (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('scene')),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        PRIMARY KEY (photo_id, kind, name)
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE search_docs USING fts5(
        ocr, people, scenes, folders, dates,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE search_despaced USING fts5(despaced, tokenize = 'trigram');

      CREATE TRIGGER photos_drop_search AFTER DELETE ON photos BEGIN
        DELETE FROM search_docs WHERE rowid = OLD.id;
        DELETE FROM search_despaced WHERE rowid = OLD.id;
      END;
    `);
  },
};
