import { stmt, type Db } from '../database.js';

export type RootRow = Readonly<{
  id: number;
  path: string;
  pathRaw: Buffer;
  addedAt: string;
  lastScanAt: string | null;
  photoCount: number;
}>;

const SELECT_ROOTS = `
  SELECT r.id, r.path, r.path_raw AS pathRaw, r.added_at AS addedAt, r.last_scan_at AS lastScanAt,
         (SELECT COUNT(*) FROM photos p WHERE p.root_id = r.id) AS photoCount
  FROM roots r`;

export function listRoots(db: Db): RootRow[] {
  return stmt(db, `${SELECT_ROOTS} ORDER BY r.path`).all() as RootRow[];
}

export function getRoot(db: Db, id: number): RootRow | undefined {
  return stmt(db, `${SELECT_ROOTS} WHERE r.id = ?`).get(id) as RootRow | undefined;
}

export function insertRoot(db: Db, root: Readonly<{ path: string; pathRaw: Buffer; addedAt: string }>): number {
  const row = stmt(db, 'INSERT INTO roots (path, path_raw, added_at) VALUES (?, ?, ?) RETURNING id').get(
    root.path,
    root.pathRaw,
    root.addedAt,
  ) as { id: number };
  return row.id;
}

/** Moves photos and remembered files of `fromRootId` under `intoRootId` (when a parent folder is added). */
export function reassignRoot(db: Db, fromRootId: number, intoRootId: number): void {
  stmt(db, 'UPDATE photos SET root_id = ? WHERE root_id = ?').run(intoRootId, fromRootId);
  stmt(db, 'UPDATE ignored_files SET root_id = ? WHERE root_id = ?').run(intoRootId, fromRootId);
}

export function deleteRoot(db: Db, id: number): boolean {
  return stmt(db, 'DELETE FROM roots WHERE id = ?').run(id).changes > 0;
}

export function setRootScanned(db: Db, id: number, at: string): void {
  stmt(db, 'UPDATE roots SET last_scan_at = ? WHERE id = ?').run(at, id);
}
