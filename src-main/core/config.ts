import { availableParallelism, homedir } from 'node:os';
import { defaultModelsDir } from './inference/modelManifest.js';
import { join, resolve } from 'node:path';

export type CoreConfig = Readonly<{
  /** The folder holding the library database (and later model caches); one folder, one library. */
  libraryDir: string;
  /** Worker threads for per-photo work. */
  workerCount: number;
  /** Prefix of media URLs handed to clients (`facets-media://media/` or the web host's `/media/`). */
  mediaBase: string;
  /** Appended to media URLs, e.g. the web host's token. */
  mediaQuery: string;
  /** Folder of models/manifest.json and the ONNX files built from it. */
  modelsDir: string;
  /** onnxruntime intra-op threads per worker; workers × threads should not exceed the cores. */
  inferenceThreads: number;
  /** Start indexing (faces) by itself when a scan ends. */
  autoIndex: boolean;
  thumbSize: number;
  maxPixels: number;
  maxFileBytes: number;
}>;

export const LIBRARY_ENV = 'FACETS_LIBRARY';

/** 250 MP covers medium-format sensors and stitched panoramas while refusing decompression bombs early. */
export const DEFAULT_MAX_PIXELS = 250_000_000;

/** The user's app-data folder for Facets on each platform (what Electron's userData would be). */
export function defaultLibraryDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
  home = homedir(),
): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Facets', 'library');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Facets', 'library');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'facets', 'library');
}

/** A flag wins over the environment, which wins over the platform default. */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env[LIBRARY_ENV] ?? defaultLibraryDir(env));
}

export function defaultConfig(libraryDir: string, overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    libraryDir,
    workerCount: Math.max(1, Math.min(4, availableParallelism())),
    mediaBase: 'facets-media://media/',
    mediaQuery: '',
    modelsDir: defaultModelsDir(),
    inferenceThreads: 1,
    autoIndex: true,
    thumbSize: 320,
    maxPixels: DEFAULT_MAX_PIXELS,
    maxFileBytes: 512 * 2 ** 20,
    ...overrides,
  };
}
