/** Abort reason that pauses a job (app quit, Ctrl-C) so the next start resumes it, instead of cancelling it. */
export const SHUTDOWN = 'shutdown';

/** Abort reason of a pause: the job stops taking work, keeps what it did, and continues on `jobs.resume`. */
export const PAUSE = 'pause';
