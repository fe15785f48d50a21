/** The exporter's public shapes (re-exported by exportGroups.ts). */

export type ExportMode = 'copy' | 'hardlink' | 'symlink';

export type ExportItem = Readonly<{
  photoId: number;
  /** Absolute path of the original, byte-exact (a Buffer when the name is not valid UTF-8). */
  source: string | Buffer;
  /** The file's display name; sanitized into the exported file's name. */
  name: string;
}>;

export type ExportGroup = Readonly<{
  /** Stable across runs, e.g. "person:12": ties a folder to its group in the manifest. */
  key: string;
  /** Raw, e.g. the person's name or "Person 12"; sanitized into the folder's name. */
  folderName: string;
  items: readonly ExportItem[];
}>;

export type ExportProgress = Readonly<{ done: number; total: number; current?: string }>;

export type ExportOptions = Readonly<{
  /** Absolute; created if missing. */
  destination: string;
  mode: ExportMode;
  /** Plan and report exactly as a real run would, writing nothing (no folders, files or manifest). */
  dryRun?: boolean;
  /** Checked between files; the export then rejects with `signal.reason`, leaving no temp file behind. */
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}>;

export type ExportedFile = Readonly<{
  photoId: number;
  /** The original's path for display. */
  source: string;
  /** The name the file has in its folder. */
  name: string;
  /** The sanitized display name, before any "(n)" added for a collision. */
  wantedName: string;
  path: string;
  /** `written` in a dry run means "would be written". */
  outcome: 'written' | 'unchanged';
  renamedForCollision: boolean;
}>;

export type ExportedFolder = Readonly<{
  key: string;
  /** The folder's name as used (after sanitizing and any collision suffix). */
  folderName: string;
  wantedName: string;
  path: string;
  renamedForCollision: boolean;
  files: readonly ExportedFile[];
}>;

export type ExportFailure = Readonly<{
  groupKey: string;
  photoId: number;
  /** The original's path for display. */
  source: string;
  /** For the user: what went wrong and, where there is one, what to do. */
  reason: string;
}>;

/** A file an earlier run wrote that no current group item maps to any more. Reported, never deleted. */
export type StaleFile = Readonly<{ groupKey: string; photoId: number; source: string; path: string }>;

export type ExportCounts = Readonly<{
  written: number;
  unchanged: number;
  /** Files (written or unchanged) whose name got a "(n)" because the plain name was taken. */
  renamedForCollision: number;
  stale: number;
  failed: number;
}>;

export type ExportReport = Readonly<{
  /** The destination as resolved (symlinks in it resolved). */
  destination: string;
  mode: ExportMode;
  dryRun: boolean;
  folders: readonly ExportedFolder[];
  counts: ExportCounts;
  failures: readonly ExportFailure[];
  stale: readonly StaleFile[];
  manifest: Readonly<{ json: string; csv: string }>;
}>;
