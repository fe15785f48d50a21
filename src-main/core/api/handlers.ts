import type { AppApiHandlers } from '../../../src-shared/contract/methods.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { LibraryService } from '../services/libraryService.js';
import type { PhotosService } from '../services/photosService.js';
import type { FacesService } from '../services/facesService.js';

/** One line per contract method: the services do the work; `satisfies` makes a missing or mistyped method fail tsc. */
export function createHandlers(library: LibraryService, photos: PhotosService, faces: FacesService, runner: JobRunner) {
  return {
    library: {
      status: () => library.status(),
      addRoot: (path) => library.addRoot(path),
      removeRoot: (rootId) => library.removeRoot(rootId),
      startScan: (rootIds) => library.startScan(rootIds),
      startIndex: () => library.startIndex(),
    },
    photos: {
      list: (query) => photos.list(query),
      get: (id) => photos.get(id),
      faces: (id) => photos.faces(id),
    },
    faces: {
      detect: (path) => faces.detect(path),
    },
    jobs: {
      list: (activeOnly) => runner.list(activeOnly ?? false),
      get: (id) => runner.progress(id),
      issues: (id) => runner.issues(id),
      cancel: (id) => runner.cancel(id),
    },
  } satisfies AppApiHandlers;
}
