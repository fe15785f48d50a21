/*
 * Downloads a CLIP pack from the pinned URLs of its manifest: each file into `<packsDir>/.downloads/<id>@<version>/`
 * as `<name>.part`, resumed with an HTTP Range request after a dropped connection or a later run, checked against its
 * size and sha-256, then installed with the same atomic swap as a local folder.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { AppError } from '../errors.js';
import { checkDigest, hashFile } from './packFiles.js';
import { PACK_MANIFEST_FILE, parsePackManifest, type PackFile, type PackManifest } from './packManifest.js';
import { commitStaging, setActivePack, type InstalledPack } from './packStore.js';

export type DownloadProgress = Readonly<{
  phase: 'downloading' | 'verifying' | 'installing';
  /** The file being fetched or checked. */
  file: string;
  /** Bytes of every file present so far (resumed bytes included) and the pack's total. */
  bytes: number;
  totalBytes: number;
}>;

export type DownloadOptions = Readonly<{
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborting stops at once; the partial file stays for the next call to resume. */
  signal?: AbortSignal;
  /** Attempts per file after a network failure, each resuming where the last stopped. Default 5. */
  attempts?: number;
  /** Wait before attempt n is n × this. Default 1,000 ms. */
  retryDelayMs?: number;
  activate?: boolean;
}>;

type PinnedFile = PackFile & { url: string; size: number };

function pinnedFiles(manifest: PackManifest): PinnedFile[] {
  return manifest.files.map((f) => {
    if (f.url === undefined || f.size === undefined) {
      throw new AppError(
        'invalid-argument',
        `CLIP pack ${manifest.id}: ${f.path} has no pinned url and size to download`,
      );
    }
    return { ...f, url: f.url, size: f.size };
  });
}

/** A failure worth another attempt (the connection, not the file or the server's answer). */
class TransientError extends Error {}

const sizeOf = async (path: string) => (await stat(path).catch(() => null))?.size ?? 0;

/**
 * One attempt at completing `part` from `file.url`: asks for the missing tail with Range; a server that answers the
 * whole file (200) restarts the part from zero. Returns when the part holds `file.size` bytes.
 */
async function fetchInto(
  file: PinnedFile,
  part: string,
  signal: AbortSignal | undefined,
  progress: (delta: number) => void,
): Promise<void> {
  let have = await sizeOf(part);
  if (have > file.size) {
    await rm(part, { force: true });
    progress(-have);
    have = 0;
  }
  if (have === file.size) return;
  let response: Response;
  try {
    response = await fetch(file.url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    signal?.throwIfAborted();
    throw new TransientError(`${file.url}: ${(error as Error).message}`);
  }
  const resumed =
    have > 0 && response.status === 206 && response.headers.get('content-range')?.startsWith(`bytes ${have}-`);
  const restart = async (reason: string) => {
    await response.body?.cancel();
    await rm(part, { force: true });
    progress(-have);
    return new TransientError(`${file.url}: ${reason}`);
  };
  // The server has nothing past what we hold, though the part is short: it is not a prefix of the file.
  if (response.status === 416 && have > 0) throw await restart(`range ${have}- refused`);
  // A range we did not ask for: nothing it could safely be appended to.
  if (response.status === 206 && !resumed) throw await restart(`answered a range other than ${have}-`);
  if (response.status !== 200 && !resumed) {
    await response.body?.cancel();
    if (response.status >= 500) throw new TransientError(`${file.url}: HTTP ${response.status}`);
    throw new AppError('io', `CLIP pack download: ${file.url} answered HTTP ${response.status}`);
  }
  if (!resumed && have > 0) {
    progress(-have);
    have = 0;
  }
  if (!response.body) throw new TransientError(`${file.url}: empty response`);
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  try {
    for await (const chunk of response.body) {
      have += chunk.length;
      if (have > file.size) {
        throw new AppError(
          'invalid-argument',
          `CLIP pack download: ${file.url} sent more than the ${file.size} bytes pinned`,
        );
      }
      if (!out.write(chunk)) await once(out, 'drain');
      progress(chunk.length);
    }
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof AppError) throw error;
    throw new TransientError(`${file.url}: ${(error as Error).message}`);
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (have < file.size) throw new TransientError(`${file.url}: connection closed after ${have} of ${file.size} bytes`);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

/**
 * Downloads and installs the pack `pinnedManifest` describes (its files' url, size and sha256 are the pin; the
 * manifest itself ships with the app, it is never fetched). Resumes partial files from an earlier call; a file whose
 * bytes do not hash to the pin is deleted and the install refused, leaving any installed pack as it was.
 */
export async function downloadPack(
  pinnedManifest: unknown,
  packsDir: string,
  options: DownloadOptions = {},
): Promise<InstalledPack> {
  const manifest = parsePackManifest(pinnedManifest, 'pinned CLIP pack');
  const files = pinnedFiles(manifest);
  const { signal, onProgress } = options;
  const attempts = options.attempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const work = join(packsDir, '.downloads', `${manifest.id}@${manifest.version}`);
  await mkdir(work, { recursive: true });

  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  let bytes = 0;
  for (const f of files)
    bytes += existsSync(join(work, f.path)) ? f.size : Math.min(f.size, await sizeOf(join(work, `${f.path}.part`)));
  const report = (phase: DownloadProgress['phase'], file: string) => onProgress?.({ phase, file, bytes, totalBytes });

  for (const file of files) {
    const done = join(work, file.path);
    const part = `${done}.part`;
    if (existsSync(done)) continue;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        await fetchInto(file, part, signal, (delta) => {
          bytes += delta;
          report('downloading', file.path);
        });
        break;
      } catch (error) {
        if (!(error instanceof TransientError) || signal?.aborted) throw error;
        if (attempt >= attempts) {
          throw new AppError('io', `CLIP pack download failed after ${attempts} attempts: ${error.message}`);
        }
        await sleep(retryDelayMs * attempt, signal);
      }
    }
    report('verifying', file.path);
    try {
      checkDigest(file, await hashFile(part), file.url);
    } catch (error) {
      // The bytes are wrong somewhere: resuming would keep them, so the next try starts this file over.
      await rm(part, { force: true });
      throw error;
    }
    await rename(part, done);
  }

  report('installing', PACK_MANIFEST_FILE);
  await writeFile(join(work, PACK_MANIFEST_FILE), `${JSON.stringify(pinnedManifest, null, 2)}\n`);
  const installed = await commitStaging(work, packsDir, manifest);
  if (options.activate ?? true) await setActivePack(packsDir, manifest.id);
  return installed;
}
