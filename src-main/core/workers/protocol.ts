import type { ScanFileOptions, ScanFileResult } from '../scan/scanFile.js';

/** Tasks the worker pool runs, by the name of the worker export that handles them. */
export type ScanFileTask = Readonly<{ path: Uint8Array; name: string; options: ScanFileOptions }>;

export type WorkerTasks = {
  scanFile: { task: ScanFileTask; result: ScanFileResult };
};
export type WorkerTaskName = keyof WorkerTasks;
