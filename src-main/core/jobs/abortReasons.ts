/** Abort reason that pauses a job (app quit, Ctrl-C) so the next start resumes it, instead of cancelling it. */
export const SHUTDOWN = 'shutdown';
