/*
 * The peer the face bench compares against: @vladmandic/human's own Node pipeline on TF.js wasm (tfjs-node, Human's
 * usual Node backend, cannot install here: it downloads libtensorflow). Bench-only: the app never loads TF.js.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Config, Human } from '@vladmandic/human';
import { packageDir, packageVersion } from '../modelbuild/packageFiles.js';
import type { RgbImage } from '../core/inference/preprocess/image.js';

export type HumanPeer = Readonly<{
  /** e.g. "@vladmandic/human 3.3.6 on tfjs 4.22.0 wasm (simd, 1 thread)". */
  label: string;
  config: Readonly<Record<string, string>>;
  /** Faces Human's detector, mesh and description find in the image (each with a descriptor). */
  countFaces(image: RgbImage): Promise<number>;
}>;

/** Human's face recognition path and nothing else; skipping/caching off so every photo is analysed in full. */
const PEER_CONFIG: Partial<Config> = {
  backend: 'wasm',
  debug: false,
  warmup: 'none',
  cacheSensitivity: 0,
  skipAllowed: false,
  // Filters apply to canvas inputs only; a tensor is used as-is, so this just states what happens.
  filter: { enabled: false },
  face: {
    enabled: true,
    // Human's default keeps 1 face (its webcam use case); a photo manager needs every face.
    detector: { maxDetected: 100, rotation: false },
    // The 468-point mesh gives description its aligned crop (without it Human describes the raw detector box).
    mesh: { enabled: true },
    attention: { enabled: false },
    description: { enabled: true },
    iris: { enabled: false },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
};

const FILE_SCHEME = 'file://';

/**
 * Human loads models by URL, and `file://` is served only by tfjs-node's file system handler. This router gives TF.js
 * the same for a model.json and its weight shards on disk.
 */
function registerFileLoader(): void {
  const router = (url: string | string[]): tf.io.IOHandler | null => {
    if (typeof url !== 'string' || !url.startsWith(FILE_SCHEME)) return null;
    const jsonPath = fileURLToPath(url);
    return {
      async load() {
        const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const shards = manifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dirname(jsonPath), p))));
          const data = Buffer.concat(shards);
          return [
            manifest.flatMap((group) => group.weights),
            data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
          ];
        });
      },
    };
  };
  // TF.js skips a router that returns null (how the http and indexeddb routers decline a URL); its type omits null.
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}

let peer: Promise<HumanPeer> | undefined;

/** Human set up once per process (it and TF.js keep global state): models loaded, wasm backend active. */
export function humanPeer(): Promise<HumanPeer> {
  peer ??= (async () => {
    const humanDir = packageDir('@vladmandic/human');
    const wasmDir = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
    // The package's "exports" map has no "./"-prefixed subpaths, so its node-wasm build is reachable by file only.
    // It requires @tensorflow/tfjs-core, -converter and -backend-wasm: the same instances `tf` above uses.
    const { Human: HumanClass } = createRequire(import.meta.url)(join(humanDir, 'dist', 'human.node-wasm.js')) as {
      Human: new (config: Partial<Config>) => Human;
    };
    registerFileLoader();
    const human = new HumanClass({
      ...PEER_CONFIG,
      wasmPath: `${wasmDir}/`,
      modelBasePath: `${FILE_SCHEME}${join(humanDir, 'models')}/`,
    });
    await human.load();
    if (tf.getBackend() !== 'wasm') throw new Error(`Human runs on ${tf.getBackend()}, expected wasm`);
    const wasm = human.env.wasm;
    return {
      label:
        `@vladmandic/human ${human.version} on tfjs ${packageVersion(packageDir('@tensorflow/tfjs'))} wasm ` +
        `(simd ${wasm.simd ? 'on' : 'off'}, ${wasm.multithread ? 'multi' : 'single'}-threaded)`,
      config: {
        models: 'blazeface (detector), facemesh (mesh, aligns the crop), faceres (description)',
        detector: 'maxDetected 100, minConfidence 0.2 (default), rotation off (default)',
        off: 'iris, emotion, attention, antispoof, liveness, body, hand, object, gesture, segmentation',
        caching: 'cacheSensitivity 0, skipAllowed false: every photo analysed in full',
      },
      async countFaces(image) {
        const input = tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32');
        try {
          const result = await human.detect(input as unknown as Parameters<Human['detect']>[0]);
          if (result.error) throw new Error(`Human failed: ${result.error}`);
          return result.face.filter((face) => (face.embedding?.length ?? 0) > 0).length;
        } finally {
          tf.dispose(input);
        }
      },
    };
  })();
  return peer;
}
