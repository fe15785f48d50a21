import { z } from 'zod';
import { PersonIdSchema, SceneIdSchema } from './ids.js';

/** copy: independent files; hardlink: same file, no extra space (same disk only); symlink: a pointer to the original. */
export const EXPORT_MODES = ['copy', 'hardlink', 'symlink'] as const;
export const ExportModeSchema = z.enum(EXPORT_MODES);
export type ExportMode = z.infer<typeof ExportModeSchema>;

export const PeopleExportRequestSchema = z
  .object({
    /** Absolute folder to export into; created if missing. Originals are never modified or moved. */
    destination: z.string().min(1).max(32_767),
    mode: ExportModeSchema,
    /** Only people with at least this many photos (default 3). Ignored when `people` is given. */
    minPhotos: z.number().int().min(1).max(1_000_000).optional(),
    /** Exactly these people (hidden ones included). */
    people: z.array(PersonIdSchema).max(100_000).optional(),
    /** Also export hidden people when choosing by size. */
    includeHidden: z.boolean().optional(),
    /** Plan and report without writing anything. */
    dryRun: z.boolean().optional(),
  })
  .strict();
export type PeopleExportRequest = z.infer<typeof PeopleExportRequestSchema>;

export const ScenesExportRequestSchema = z
  .object({
    destination: z.string().min(1).max(32_767),
    mode: ExportModeSchema,
    /** Exactly these scenes; otherwise the largest `top` scenes (default 5). */
    scenes: z.array(SceneIdSchema).max(100_000).optional(),
    top: z.number().int().min(1).max(10_000).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();
export type ScenesExportRequest = z.infer<typeof ScenesExportRequestSchema>;

export type ExportProgress = Readonly<{ done: number; total: number; current?: string }>;

/** What an export did (or, in a dry run, would do). */
export type ExportSummary = Readonly<{
  destination: string;
  mode: ExportMode;
  dryRun: boolean;
  folders: readonly Readonly<{ key: string; folderName: string; path: string; files: number }>[];
  counts: Readonly<{ written: number; unchanged: number; renamedForCollision: number; stale: number; failed: number }>;
  /** The first failures, each with the reason and what to do (all of them are in the manifest's report). */
  failures: readonly Readonly<{ source: string; reason: string }>[];
  manifest: Readonly<{ json: string; csv: string }>;
}>;
