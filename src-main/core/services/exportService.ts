import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type {
  ExportMode,
  ExportProgress,
  ExportSummary,
  PeopleExportRequest,
  ScenesExportRequest,
} from '../../../src-shared/types/export.js';
import { DEFAULT_TOP_SCENES } from '../../../src-shared/types/scene.js';
import { DEFAULT_MIN_PHOTOS } from '../../../src-shared/types/person.js';
import type { Db } from '../db/database.js';
import * as people from '../db/repos/peopleRepo.js';
import * as scenes from '../db/repos/scenesRepo.js';
import { listRoots } from '../db/repos/rootsRepo.js';
import { AppError } from '../errors.js';
import { exportGroups, type ExportGroup, type ExportReport } from '../export/exportGroups.js';
import { isWithin } from '../util/pathWithin.js';

/** Failures listed in a summary; the rest are counted (and each is in the report the exporter returned). */
const FAILURES_SHOWN = 100;

export type ExportServiceDeps = Readonly<{ db: Db; emitProgress: (progress: ExportProgress) => void }>;

/** The nearest existing ancestor, resolved through symlinks, so a destination still to be created can be checked. */
function realDestination(path: string): Buffer {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return Buffer.from(resolve(realpathSync.native(existing), path.slice(existing.length).replace(/^[\\/]/, '')));
}

/** A group's photo files as the exporter takes them. */
const exportItems = (files: readonly { photoId: number; pathRaw: Buffer; name: string }[]): ExportGroup['items'] =>
  files.map(({ photoId, pathRaw, name }) => ({ photoId, source: pathRaw, name }));

function summarize(report: ExportReport): ExportSummary {
  return {
    destination: report.destination,
    mode: report.mode,
    dryRun: report.dryRun,
    folders: report.folders.map((f) => ({ key: f.key, folderName: f.folderName, path: f.path, files: f.files.length })),
    counts: report.counts,
    failures: report.failures.slice(0, FAILURES_SHOWN).map(({ source, reason }) => ({ source, reason })),
    manifest: report.manifest,
  };
}

export function createExportService({ db, emitProgress }: ExportServiceDeps) {
  function peopleToExport(request: PeopleExportRequest): people.PersonRow[] {
    if (request.people) {
      return request.people.map((id) => {
        const row = people.getPerson(db, id);
        if (!row) throw new AppError('not-found', `no person with id ${id}`);
        return row;
      });
    }
    return people.listPeople(db, {
      minPhotos: request.minPhotos ?? DEFAULT_MIN_PHOTOS,
      visibility: request.includeHidden ? 'all' : 'visible',
      offset: 0,
      limit: Number.MAX_SAFE_INTEGER,
    }).rows;
  }

  /** The exporter every kind of group shares: destination checks, the export itself, its summary. */
  async function exportFolders(
    groups: readonly ExportGroup[],
    request: Readonly<{ destination: string; mode: ExportMode; dryRun?: boolean | undefined }>,
  ): Promise<ExportSummary> {
    const destination = resolve(request.destination);
    const real = realDestination(destination);
    const root = listRoots(db).find((r) => isWithin(real, r.pathRaw));
    if (root) {
      throw new AppError(
        'invalid-argument',
        `the destination is inside the library folder ${root.path}: the next scan would index the exported photos again; choose a folder outside it`,
      );
    }
    const report = await exportGroups(groups, {
      destination,
      mode: request.mode,
      dryRun: request.dryRun ?? false,
      onProgress: emitProgress,
    });
    return summarize(report);
  }

  function scenesToExport(request: ScenesExportRequest): scenes.SceneRow[] {
    if (request.scenes) {
      return request.scenes.map((id) => {
        const row = scenes.getScene(db, id);
        if (!row) throw new AppError('not-found', `no scene with id ${id}`);
        return row;
      });
    }
    return scenes.largestScenes(db, request.top ?? DEFAULT_TOP_SCENES);
  }

  return {
    /** One folder per person ("Person N" while unnamed), by copy, hard link or symlink; re-running changes nothing. */
    people(request: PeopleExportRequest): Promise<ExportSummary> {
      const groups: ExportGroup[] = peopleToExport(request).map((person) => ({
        key: `person:${person.id}`,
        folderName: person.name ?? `Person ${person.id}`,
        items: exportItems(people.photoFilesOfPerson(db, person.id)),
      }));
      return exportFolders(groups, request);
    },

    /** One folder per scene ("Scene N" while unnamed), exactly as people are exported. */
    scenes(request: ScenesExportRequest): Promise<ExportSummary> {
      const groups: ExportGroup[] = scenesToExport(request).map((scene) => ({
        key: `scene:${scene.id}`,
        folderName: scene.name ?? `Scene ${scene.id}`,
        items: exportItems(scenes.photoFilesOfScene(db, scene.id)),
      }));
      return exportFolders(groups, request);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
