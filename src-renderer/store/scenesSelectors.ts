import type { SceneId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import type { SceneSummary } from '../../src-shared/types/scene.js';
import type { AppState, ExportSubject, LoadState, SimilarScenes, SparsePages } from './appState.js';
import { latestJob } from './selectors.js';

const NO_SCENES_SELECTED: readonly SceneId[] = [];

export function selectScenes(state: AppState): readonly SceneSummary[] | null {
  return state.scenes;
}

export function selectScenesTop(state: AppState): number {
  return state.scenesTop;
}

export function selectScenesLoad(state: AppState): LoadState {
  return state.scenesLoad;
}

export function selectSelectedScenes(state: AppState): readonly SceneId[] {
  return state.selectedScenes.length === 0 ? NO_SCENES_SELECTED : state.selectedScenes;
}

export function selectScene(state: AppState): SceneSummary | null {
  return state.scene;
}

export function selectSceneLoad(state: AppState): LoadState {
  return state.sceneLoad;
}

export function selectScenePhotos(state: AppState): SparsePages<PhotoSummary> | null {
  return state.scenePhotos;
}

export function selectSimilar(state: AppState): SimilarScenes | null {
  return state.similar;
}

export function selectScenesError(state: AppState): string | null {
  return state.scenesError;
}

export function selectScenesJob(state: AppState): JobProgress | null {
  return latestJob(state, 'scenes');
}

export function selectExportSubject(state: AppState): ExportSubject {
  return state.exportSubject;
}
