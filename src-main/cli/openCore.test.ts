import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from './openCore.js';

describe('openCore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'facets-open-core-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a library that does not exist when the command only reads, and leaves nothing behind', () => {
    const missing = join(dir, 'mistyped');
    expect(() => openCore({ library: missing }, { create: false })).toThrow(/no library at .*mistyped.*facets scan/);
    expect(existsSync(missing)).toBe(false);
  });

  it('opens a library a command that adds to it made', async () => {
    const library = join(dir, 'new');
    const made = await openCore({ library }, { create: true });
    await made.close();
    const opened = await openCore({ library }, { create: false });
    await opened.close();
    expect(existsSync(join(library, 'library.db'))).toBe(true);
  });
});
