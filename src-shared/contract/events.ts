import type { JobProgress } from '../types/job.js';

/** Events main pushes to the renderer: `noun.verbed` names, JSON-safe payloads. */
export type AppEvents = {
  'job.progress': JobProgress;
  'library.changed': Readonly<{ reason: 'roots' | 'photos' }>;
};
export type AppEventName = keyof AppEvents;
export const APP_EVENT_NAMES = ['job.progress', 'library.changed'] as const satisfies readonly AppEventName[];
