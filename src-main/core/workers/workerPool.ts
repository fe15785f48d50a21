import { Piscina } from 'piscina';
import { compiledEntry } from './compiledEntry.js';
import type { WorkerTaskName, WorkerTasks } from './protocol.js';

export type WorkerPool = Readonly<{
  size: number;
  /**
   * Runs a task to its end. There is deliberately no abort: piscina stops a running task by terminating its worker,
   * which onnxruntime does not survive (onnxruntime#20084); jobs stop by not starting more tasks.
   */
  run<K extends WorkerTaskName>(name: K, task: WorkerTasks[K]['task']): Promise<WorkerTasks[K]['result']>;
  close(): Promise<void>;
}>;

/** How long a worker waits for the others to take their share of a shutdown, and for libvips, before going on. */
const SETTLE_WAIT_MS = 5000;

/**
 * A fixed-size pool (piscina, min = max threads, so workers are never torn down and re-created: onnxruntime crashes on
 * worker re-creation, onnxruntime#20084 / #13086). The queue is bounded by piscina's 'auto' policy.
 */
export function createWorkerPool(size: number): WorkerPool {
  const piscina = new Piscina({
    filename: compiledEntry(
      new URL('./facets.worker.js', import.meta.url),
      new URL('../../../out/src-main/core/workers/facets.worker.js', import.meta.url),
    ),
    minThreads: size,
    maxThreads: size,
    maxQueue: 'auto',
    // Idle workers are kept: with min = max threads piscina never shrinks the pool.
    idleTimeout: 60_000,
    // piscina first require()s the entry; on Node ≥ 20.19 that loads our ES module through require(esm), which once
    // crashed V8 in a worker ("v8::Module::IsGraphAsync must be used on an instantiated module"). With require(esm)
    // off, require() throws ERR_REQUIRE_ESM and piscina falls back to import().
    execArgv: [...process.execArgv, '--no-experimental-require-module'],
  });
  return {
    size,
    run: (name, task) => piscina.run(task, { name }),
    async close() {
      // Native work must be over before piscina terminates a worker: a native callback into a thread being torn down
      // throws where nothing can catch it and aborts the whole process ("terminate called after throwing an instance
      // of 'Napi::Error'"; seen in test runs closing pools after inference, and once after scans only). Every worker
      // releases its onnxruntime sessions and waits for libvips to be idle first.
      const arrived = new Int32Array(new SharedArrayBuffer(4));
      const task = { arrived, workers: size, waitMs: SETTLE_WAIT_MS };
      await Promise.allSettled(Array.from({ length: size }, () => piscina.run(task, { name: 'settleBeforeClose' })));
      // Jobs have drained the pool by now; waiting for it (rather than forcing) never kills a worker mid-inference.
      await piscina.close();
    },
  };
}
