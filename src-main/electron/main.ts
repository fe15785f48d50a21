/*
 * Electron entry: composes the core with the window, IPC and the two protocols. This folder is the only code that
 * imports 'electron'; everything it does is wiring, the work happens in src-main/core.
 */
import { app, BrowserWindow, protocol, session } from 'electron';
import { createCore, type Core } from '../core/createCore.js';
import { defaultConfig } from '../core/config.js';
import { createLogger } from '../core/util/logger.js';
import { APP_SCHEME, APP_URL, handleAppProtocol, isAppUrl } from './appProtocol.js';
import { forwardEvents, registerIpc } from './ipcServer.js';
import { handleMediaProtocol, MEDIA_SCHEME } from './mediaProtocol.js';
import { libraryDir, modelsDir, preloadPath, rendererDir } from './paths.js';
import { CONTENT_SECURITY_POLICY, createMainWindow, hardenSession } from './window.js';

const log = createLogger('electron');

// Must happen before 'ready'. Both are standard + secure so they get real origins and count as secure contexts.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
]);

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

function openWindow(current: Core): void {
  mainWindow = createMainWindow({ preload: preloadPath(), url: APP_URL, isAppUrl });
  forwardEvents(current.events, mainWindow.webContents);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

/** A scan or indexing run the last session left unfinished (quit, crash, power loss) continues where it stopped. */
async function resumeInterruptedJob(current: Core): Promise<void> {
  const jobs = await current.handlers.jobs.list(true);
  if (jobs.some((job) => job.kind === 'scan' && job.state === 'interrupted')) {
    await current.handlers.library.startScan();
  } else if (jobs.some((job) => job.kind === 'index' && job.state === 'interrupted')) {
    await current.handlers.library.startIndex();
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  core = await createCore(
    defaultConfig(libraryDir(), { mediaBase: `${MEDIA_SCHEME}://media/`, modelsDir: modelsDir() }),
  );
  handleAppProtocol(rendererDir(), CONTENT_SECURITY_POLICY);
  handleMediaProtocol(core.media);
  registerIpc(core.dispatch, isAppUrl);
  openWindow(core);
  resumeInterruptedJob(core).catch((error: unknown) => log.error('could not resume the interrupted job', error));
}

// Two processes on one library would fight over its database and job lock; the second one hands over and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow(core);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Closing the core pauses running jobs so they resume next time; quitting waits for that once.
  app.on('will-quit', (event) => {
    const closing = core;
    if (!closing) return;
    core = null;
    event.preventDefault();
    closing
      .close()
      .catch((error: unknown) => log.error('closing the library failed', error))
      .finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    log.error('start-up failed', error);
    app.exit(1);
  });
}
