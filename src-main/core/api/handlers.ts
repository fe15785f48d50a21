import type { AppApiHandlers } from '../../../src-shared/contract/methods.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { LibraryService } from '../services/libraryService.js';
import type { PhotosService } from '../services/photosService.js';
import type { FacesService } from '../services/facesService.js';
import type { PeopleService } from '../services/peopleService.js';
import type { ExportService } from '../services/exportService.js';
import type { SearchService } from '../services/searchService.js';
import type { ClipService } from '../services/clipService.js';
import type { ScenesService } from '../services/scenesService.js';
import type { ModelsService } from '../services/modelsService.js';
import type { SettingsService } from '../services/settingsService.js';

export type Services = Readonly<{
  library: LibraryService;
  photos: PhotosService;
  faces: FacesService;
  people: PeopleService;
  exports: ExportService;
  search: SearchService;
  clip: ClipService;
  scenes: ScenesService;
  models: ModelsService;
  settings: SettingsService;
  runner: JobRunner;
}>;

/** One line per contract method: the services do the work; `satisfies` makes a missing or mistyped method fail tsc. */
export function createHandlers({
  library,
  photos,
  faces,
  people,
  exports,
  scenes,
  search,
  clip,
  models,
  settings,
  runner,
}: Services) {
  return {
    library: {
      status: () => library.status(),
      addRoot: (path) => library.addRoot(path),
      removeRoot: (rootId) => library.removeRoot(rootId),
      startScan: (rootIds) => library.startScan(rootIds),
      startIndex: () => library.startIndex(),
      startText: () => library.startText(),
    },
    photos: {
      list: (query) => photos.list(query),
      get: (id) => photos.get(id),
      faces: (id) => photos.faces(id),
    },
    faces: {
      detect: (path) => faces.detect(path),
    },
    people: {
      list: (query) => people.list(query),
      get: (id) => people.get(id),
      photos: (id, page) => people.photos(id, page),
      faces: (id, page) => people.faces(id, page),
      unassigned: (page) => people.unassigned(page),
      rename: (id, name) => people.rename(id, name),
      merge: (into, from) => people.merge(into, from),
      moveFace: (faceId, target) => people.moveFace(faceId, target),
      rejectFace: (faceId, verdict) => people.rejectFace(faceId, verdict),
      setHidden: (id, hidden) => people.setHidden(id, hidden),
      setCover: (id, faceId) => people.setCover(id, faceId),
      suggestions: (limit) => people.suggestions(limit),
      cluster: (mode) => people.cluster(mode ?? 'incremental'),
      findByPhoto: (path, options) => people.findByPhoto(path, options ?? {}),
    },
    // scenes
    scenes: {
      list: (query) => scenes.list(query),
      get: (id) => scenes.get(id),
      photos: (id, page) => scenes.photos(id, page),
      rename: (id, name) => scenes.rename(id, name),
      similar: (photoId, limit) => scenes.similar(photoId, limit),
      cluster: () => scenes.cluster(),
    },
    // end scenes
    exports: {
      people: (request) => exports.people(request),
      scenes: (request) => exports.scenes(request),
    },
    search: {
      text: (query) => search.text(query),
    },
    clip: {
      status: () => clip.status(),
      install: (source) => clip.install(source),
      activate: (id) => clip.activate(id),
      remove: (id) => clip.remove(id),
      embed: () => clip.embed(),
    },
    settings: {
      get: () => settings.get(),
      set: (patch) => settings.set(patch),
    },
    models: {
      list: () => models.list(),
    },
    jobs: {
      list: (activeOnly) => runner.list(activeOnly ?? false),
      get: (id) => runner.progress(id),
      issues: (id) => runner.issues(id),
      cancel: (id) => runner.cancel(id),
      pause: (id) => runner.pause(id),
      resume: (id) => runner.resume(id),
    },
  } satisfies AppApiHandlers;
}
