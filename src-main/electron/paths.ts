/*
 * Where things live on disk for the Electron app. Only src-main/electron imports 'electron'; core receives plain paths.
 */
import { app } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One library per OS user, in Electron's per-user data folder (e.g. ~/.config/Facets/library). */
export function libraryDir(): string {
  return join(app.getPath('userData'), 'library');
}

/** The Vite build of the renderer; inside app.asar when packaged, which Electron's fs and net.fetch read directly. */
export function rendererDir(): string {
  return join(app.getAppPath(), 'out', 'renderer');
}

/** The preload is compiled from preload.cts to CommonJS next to this file: sandboxed preloads cannot be ES modules. */
export function preloadPath(): string {
  return fileURLToPath(new URL('./preload.cjs', import.meta.url));
}

/**
 * The ONNX models and their manifest: shipped beside the archive as extraResources when packaged (native code and
 * worker threads read real files), the checkout's models/ folder otherwise.
 */
export function modelsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models');
}
