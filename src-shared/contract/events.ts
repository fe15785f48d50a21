import type { ExportProgress } from '../types/export.js';
import type { JobProgress } from '../types/job.js';

/** Events main pushes to the renderer: `noun.verbed` names, JSON-safe payloads. */
export type AppEvents = {
  'job.progress': JobProgress;
  'library.changed': Readonly<{ reason: 'roots' | 'photos' }>;
  /** People were corrected or re-clustered: lists of people and faces are stale. */
  'people.changed': Readonly<{ reason: 'corrected' | 'clustered' }>;
  'export.progress': ExportProgress;
};
export type AppEventName = keyof AppEvents;
export const APP_EVENT_NAMES = [
  'job.progress',
  'library.changed',
  'people.changed',
] as const satisfies readonly AppEventName[];
