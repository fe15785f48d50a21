import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

/** sha-256 of every regular file below `dir` (raw-byte paths), keyed by path: the "originals untouched" proof. */
export async function hashTree(dir: string | Buffer): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const pending: Buffer[] = [Buffer.isBuffer(dir) ? dir : Buffer.from(dir)];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = Buffer.concat([current, Buffer.from('/'), entry.name]);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) {
        try {
          hashes.set(
            path.toString('hex'),
            createHash('sha256')
              .update(await readFile(path))
              .digest('hex'),
          );
        } catch {
          hashes.set(path.toString('hex'), 'unreadable');
        }
      }
    }
  }
  return hashes;
}

export function diffHashes(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [path, hash] of before) {
    if (after.get(path) !== hash) changed.push(Buffer.from(path, 'hex').toString());
  }
  for (const path of after.keys()) if (!before.has(path)) changed.push(Buffer.from(path, 'hex').toString());
  return changed;
}
