import type { Failure } from '../inference/photo/readPhoto.js';

/** A task that threw (a worker-side bug or crash, not a bad photo) recorded as the photo's failure, never the job's. */
export const failureOf =
  (what: string) =>
  (error: unknown): Failure => ({
    kind: 'failed',
    reason: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
  });
