/*
 * CLIP model packs for semantic search (plain Node: no electron, no SQL, no onnxruntime). The encoders that run a
 * pack live worker-side in core/inference/clip/clipEncoders.ts (`loadClipEncoders(pack)`), as onnxruntime may only
 * load there.
 */
export { downloadPack, type DownloadOptions, type DownloadProgress } from './packDownload.js';
export {
  PACK_MANIFEST_FILE,
  packModelVersion,
  parsePackManifest,
  readPackManifest,
  type PackManifest,
} from './packManifest.js';
export {
  activePack,
  installPackFromFolder,
  listInstalledPacks,
  removePack,
  setActivePack,
  type InstallOptions,
  type InstalledPack,
} from './packStore.js';
export { CLIP_CONTEXT_LENGTH, ClipTokenizer, loadClipTokenizer } from './tokenizer.js';
export { clipPixelValues, parsePreprocessorConfig, type ClipImageConfig } from './imagePreprocess.js';
