import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipPackSource, ClipPackSummary, ClipStatus } from '../../../src-shared/types/clip.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import {
  activePack,
  downloadPack,
  installPackFromFolder,
  listInstalledPacks,
  removePack,
  setActivePack,
  type InstalledPack,
} from '../clip/index.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { countClipEmbeddings } from '../db/repos/clipRepo.js';
import * as jobsRepo from '../db/repos/jobsRepo.js';
import { countPhotosForStages } from '../db/repos/photoJobsRepo.js';
import { AppError } from '../errors.js';
import { runClipJob } from '../jobs/clipJob.js';
import { endFinishedJob, endStoppedJob } from '../jobs/jobEnd.js';
import { createProgressReporter } from '../jobs/jobProgress.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { WorkerPool } from '../workers/workerPool.js';

/** Installed CLIP packs live with the library: a library folder carries everything its search needs. */
export const CLIP_PACKS_FOLDER = 'clip-packs';

export type ClipServiceDeps = Readonly<{
  db: Db;
  config: CoreConfig;
  runner: JobRunner;
  pool: () => WorkerPool;
  emitProgress: (progress: JobProgress) => void;
}>;

const now = () => new Date().toISOString();

function summary(pack: InstalledPack, active: string | null): ClipPackSummary {
  const { manifest } = pack;
  return {
    id: pack.id,
    name: manifest.name,
    version: manifest.version,
    embeddingDim: manifest.embeddingDim,
    licence: { spdx: manifest.licence.spdx, notice: manifest.licence.notice },
    active: pack.id === active,
  };
}

export function createClipService(deps: ClipServiceDeps) {
  const { db, config, runner } = deps;
  const packsDir = join(config.libraryDir, CLIP_PACKS_FOLDER);
  const emit = (p: JobProgress) => {
    runner.record(p);
    deps.emitProgress(p);
  };

  function startJob(
    kind: 'pack' | 'clip',
    run: (jobId: number, signal: AbortSignal) => Promise<JobProgress['state']>,
    then?: () => void,
  ) {
    const activeId = runner.activeJobId();
    if (activeId !== null) {
      const active = runner.progress(activeId);
      if (active.kind === kind) return active;
      throw new AppError('busy', `a ${active.kind} job is running; try again when it ends`);
    }
    return runner.start(
      () => jobsRepo.findUnfinishedJob(db, kind)?.id ?? jobsRepo.createJob(db, kind, now()),
      run,
      (state) => {
        if (state === 'done') then?.();
      },
    );
  }

  const service = {
    activePack: (): InstalledPack | null => activePack(packsDir),

    status(): ClipStatus {
      const active = activePack(packsDir);
      return {
        active: active ? summary(active, active.id) : null,
        installed: listInstalledPacks(packsDir).map((p) => summary(p, active?.id ?? null)),
        photosEmbedded: active ? countClipEmbeddings(db) : 0,
        photos: countPhotosForStages(db),
      };
    },

    /**
     * Installs a pack (copied from a folder, or downloaded from a pinned manifest with resume) as a 'pack' job, makes
     * it the active one and then embeds the library's photos with it. A bad pack leaves the installed ones as they were.
     */
    install(source: ClipPackSource): JobProgress {
      return startJob(
        'pack',
        async (jobId, signal) => {
          jobsRepo.setJobRunning(db, jobId);
          const progress = createProgressReporter(db, jobId, 'pack', emit, { done: 0, total: 0, problems: 0 });
          try {
            if ('folder' in source) {
              progress.setCurrent(source.folder);
              progress.report(true);
              await installPackFromFolder(source.folder, packsDir, { activate: true });
            } else {
              const pinned: unknown = JSON.parse(await readFile(source.manifest, 'utf8'));
              await downloadPack(pinned, packsDir, {
                signal,
                activate: true,
                onProgress: ({ file, bytes, totalBytes }) => {
                  progress.counts.done = bytes;
                  progress.counts.total = totalBytes;
                  progress.setCurrent(file);
                  progress.report();
                },
              });
            }
          } catch (error) {
            // A cancel or quit mid-download keeps the partial files: the next install of this pack resumes them.
            const stopped = endStoppedJob(db, jobId, signal, progress);
            if (stopped) return stopped;
            throw error;
          }
          return endFinishedJob(db, jobId, progress);
        },
        () => service.embed(),
      );
    },

    /** Chooses the pack search blends in (null: offline only); photos are embedded with it in the background. */
    async activate(id: string | null): Promise<ClipStatus> {
      if (id !== null && !listInstalledPacks(packsDir).some((p) => p.id === id)) {
        throw new AppError('not-found', `no CLIP pack ${id} is installed`);
      }
      await setActivePack(packsDir, id);
      if (id !== null && runner.activeJobId() === null) service.embed();
      return service.status();
    },

    async remove(id: string): Promise<ClipStatus> {
      await removePack(packsDir, id);
      return service.status();
    },

    /** Embeds every photo the active pack has not embedded yet (a 'clip' job); throws when no pack is active. */
    embed(): JobProgress {
      const pack = activePack(packsDir);
      if (!pack) throw new AppError('unavailable', 'no CLIP pack is installed: search runs on the offline signals');
      return startJob('clip', (jobId, signal) =>
        runClipJob({ db, config, pool: deps.pool(), pack, emit }, jobId, signal),
      );
    },
  };
  return service;
}

export type ClipService = ReturnType<typeof createClipService>;
