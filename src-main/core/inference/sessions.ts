/*
 * core/inference: onnxruntime sessions and the model pipelines, run inside worker threads. Must not import services,
 * jobs, db or api. Sessions load lazily, once per worker, from files the manifest pins.
 */
import * as ort from 'onnxruntime-node';
import { loadVerifiedModel, readManifest, type ModelEntry, type ModelManifest } from './modelManifest.js';

export type ModelRunner = Readonly<{
  /** Runs the model on one float32 input tensor and returns its outputs by name. */
  run(input: Float32Array, dims: readonly number[]): Promise<Record<string, Float32Array>>;
}>;

const manifests = new Map<string, ModelManifest>();
const sessions = new Map<string, Promise<ort.InferenceSession>>();

function manifestOf(modelsDir: string): ModelManifest {
  let manifest = manifests.get(modelsDir);
  if (!manifest) manifests.set(modelsDir, (manifest = readManifest(modelsDir)));
  return manifest;
}

/** A dimension past the batch named rather than fixed in the manifest (a fully convolutional model's height, width). */
const hasFreeSpatialDims = (entry: ModelEntry) => entry.input.shape.slice(1).some((d) => typeof d === 'string');

/** The options every Facets session runs with: `threads` intra-op threads, sequential, fully optimised. */
export function sessionOptions(threads: number, enableMemPattern: boolean): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // onnxruntime plans and keeps a memory pattern per input shape; a detector canvas has a shape per pyramid level
    // and photo shape, and the kept patterns held ~190 MB more per session over eight shapes, for no speed.
    enableMemPattern,
    // Spinning threads steal the core another worker needs: measured 2-4x slower under contention on 2 cores.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

async function createSession(modelsDir: string, id: string, threads: number): Promise<ort.InferenceSession> {
  const entry = manifestOf(modelsDir).models.find((m) => m.id === id);
  if (!entry) throw new Error(`no model ${id} in ${modelsDir}`);
  return ort.InferenceSession.create(
    loadVerifiedModel(modelsDir, entry),
    sessionOptions(threads, !hasFreeSpatialDims(entry)),
  );
}

/** The model `id` from `modelsDir`, its session created on first use and kept for the worker's life. */
export function modelRunner(modelsDir: string, id: string, threads: number): ModelRunner {
  const key = `${modelsDir}\0${id}\0${threads}`;
  return {
    async run(input, dims) {
      let session = sessions.get(key);
      if (!session) {
        session = createSession(modelsDir, id, threads);
        sessions.set(key, session);
        // A failed load is not cached: the next photo tries again (e.g. after `npm run models`).
        session.catch(() => sessions.delete(key));
      }
      const loaded = await session;
      const name = loaded.inputNames[0]!;
      const outputs = await loaded.run({ [name]: new ort.Tensor('float32', input, [...dims]) });
      return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.data as Float32Array]));
    },
  };
}

/** Releases every session this thread holds (before its worker is terminated); later runs load them again. */
export async function releaseSessions(): Promise<void> {
  const held = [...sessions.values()];
  sessions.clear();
  await Promise.all(held.map((session) => session.then((s) => s.release()).catch(() => undefined)));
}
