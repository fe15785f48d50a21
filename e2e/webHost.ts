import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = join(repo, 'out', 'src-main', 'webhost', 'cli.js');

export type WebHostInfo = { url: string; token: string; port: number };
export type RunningWebHost = WebHostInfo & { libraryDir: string; stop(): Promise<void> };

/**
 * Starts the built web host on a free port with a fresh library: empty, or as `prepare` fills it before the host opens
 * it. The shared host of globalSetup serves specs that start from an empty library in order; a spec whose library must
 * not leak into the others starts its own.
 */
export async function startWebHost(prepare?: (libraryDir: string) => void | Promise<void>): Promise<RunningWebHost> {
  if (!existsSync(cli) || !existsSync(join(repo, 'out', 'renderer', 'index.html'))) {
    throw new Error('e2e needs a build: run `npm run build` first');
  }
  const libraryDir = await mkdtemp(join(tmpdir(), 'facets-e2e-library-'));
  await prepare?.(libraryDir);
  const child = spawn(process.execPath, [cli, '--port', '0', '--library', libraryDir], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const info = await new Promise<WebHostInfo>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line) as WebHostInfo));
    void exited.then((code) => reject(new Error(`the web host exited (${code}) before printing its address`)));
  });
  return {
    ...info,
    libraryDir,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(libraryDir, { recursive: true, force: true });
    },
  };
}
