import type { RootId } from './ids.js';
import type { ImageFormat, PhotoStatus } from './photo.js';
import type { JobProgress } from './job.js';

export type RootSummary = Readonly<{
  id: RootId;
  path: string;
  addedAt: string;
  lastScanAt: string | null;
  photoCount: number;
  /** False when the folder is gone or unreadable (e.g. an unplugged drive); its photos are kept. */
  available: boolean;
}>;

export type LibraryCounts = Readonly<{
  total: number;
  byStatus: Readonly<Record<PhotoStatus, number>>;
  byFormat: Readonly<Partial<Record<ImageFormat | 'unknown', number>>>;
  /** Faces found, and photos the current face models have analysed. */
  faces: number;
  photosAnalyzed: number;
}>;

export type LibraryStatus = Readonly<{
  libraryDir: string;
  roots: readonly RootSummary[];
  counts: LibraryCounts;
  activeJobs: readonly JobProgress[];
}>;
