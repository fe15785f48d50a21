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
  'export.progress',
] as const satisfies readonly AppEventName[];

// Fails to compile when an event is added to AppEvents but not to APP_EVENT_NAMES (no transport would forward it).
const everyEventForwarded: [Exclude<AppEventName, (typeof APP_EVENT_NAMES)[number]>] extends [never] ? true : never =
  true;
void everyEventForwarded;
