import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The script a worker thread or child process starts from is always compiled JS: `sibling`, next to the module asking,
 * in the build; or, when tests run the TypeScript sources, its compiled twin under out/ (Node 20 loads TypeScript in
 * neither: loader hooks reach no worker thread, and a child starts plain).
 */
export function compiledEntry(sibling: URL, outTwin: URL): string {
  // Inside a packaged app the asking module sits in app.asar, but nothing can start from an archive: the builder
  // unpacks these scripts next to it (electron-builder.yml asarUnpack).
  const unpacked = fileURLToPath(sibling).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  if (existsSync(unpacked)) return unpacked;
  const built = fileURLToPath(outTwin);
  if (existsSync(built)) return built;
  throw new Error(`${basename(built)} is not built (${built} is missing): run \`npm run build\``);
}
