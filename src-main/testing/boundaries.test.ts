import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Proves the layer rules in eslint.config.js and .dependency-cruiser.cjs fire on throwaway violations and stay quiet
 * on the allowed cases. Nothing is written into the source folders: ESLint lints virtual paths through lintText, and
 * dependency-cruiser cruises a scratch tree under the OS temp dir.
 */
const repoRoot = resolve(import.meta.dirname, '..', '..');
const DEPCRUISE_CONFIG = join(repoRoot, '.dependency-cruiser.cjs');

describe('eslint layer boundaries', () => {
  const eslint = new ESLint({ cwd: repoRoot });

  async function ruleIds(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath), warnIgnored: true });
    if (!result) throw new Error(`no lint result for ${filePath}`);
    const fatal = result.messages.find((m) => m.fatal);
    if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
    return result.messages.map((m) => m.ruleId ?? 'unknown');
  }

  const violations: ReadonlyArray<readonly [string, string, string, string[]]> = [
    [
      'core imports electron',
      'src-main/core/services/x.ts',
      "export { app } from 'electron';",
      ['no-restricted-imports'],
    ],
    [
      'web host reaches into the electron shell',
      'src-main/webhost/x.ts',
      "export { userDataDir } from '../electron/paths.js';",
      ['no-restricted-imports'],
    ],
    [
      'renderer imports node:fs',
      'src-renderer/api/x.ts',
      "export { readFile } from 'node:fs';",
      ['no-restricted-imports'],
    ],
    [
      'renderer imports a bare built-in',
      'src-renderer/api/x.ts',
      "export { readFile } from 'fs/promises';",
      ['no-restricted-imports'],
    ],
    [
      'renderer imports main',
      'src-renderer/api/x.ts',
      "export { dispatch } from '../../src-main/core/api/dispatch.js';",
      ['no-restricted-imports'],
    ],
    ['renderer imports sharp', 'src-renderer/api/x.ts', "export { default } from 'sharp';", ['no-restricted-imports']],
    ['shared imports react', 'src-shared/util/x.ts', "export { useState } from 'react';", ['no-restricted-imports']],
    [
      'shared imports node:path',
      'src-shared/util/x.ts',
      "export { join } from 'node:path';",
      ['no-restricted-imports'],
    ],
    [
      'shared imports main',
      'src-shared/util/x.ts',
      "export type { CoreConfig } from '../../src-main/core/config.js';",
      ['no-restricted-imports'],
    ],
    [
      'better-sqlite3 in services',
      'src-main/core/services/x.ts',
      "export { default } from 'better-sqlite3';",
      ['no-restricted-imports'],
    ],
    [
      'a type import of better-sqlite3 outside db',
      'src-main/core/jobs/x.ts',
      "export type { Database } from 'better-sqlite3';",
      ['no-restricted-imports'],
    ],
    [
      'sqlite-vec via a path that only passes through db',
      'src-main/core/db/../services/x.ts',
      "export { load } from 'sqlite-vec';",
      ['no-restricted-imports'],
    ],
    [
      'onnxruntime-node outside inference',
      'src-main/core/jobs/x.ts',
      "export { InferenceSession } from 'onnxruntime-node';",
      ['no-restricted-imports'],
    ],
    ['main imports react', 'src-main/core/x.ts', "export { createElement } from 'react';", ['no-restricted-imports']],
    [
      'electron shell opens the database itself',
      'src-main/electron/x.ts',
      "export { default } from 'better-sqlite3';",
      ['no-restricted-imports'],
    ],
    [
      'a script imports better-sqlite3',
      'scripts/x.js',
      "export { default } from 'better-sqlite3';",
      ['no-restricted-imports'],
    ],
    [
      'a runtime zustand import outside useAppStore',
      'src-renderer/store/peopleSlice.ts',
      "export { create } from 'zustand';",
      ['@typescript-eslint/no-restricted-imports'],
    ],
    [
      'a SELECT … FROM string in services',
      'src-main/core/services/x.ts',
      "export const q = 'SELECT id, path FROM photos WHERE id = ?';",
      ['no-restricted-syntax'],
    ],
    [
      'lower-case multi-line INSERT template in services',
      'src-main/core/services/x.ts',
      'export const q = (t: string) => `\n    insert or replace into ${t} (id) values (?)`;',
      ['no-restricted-syntax'],
    ],
    [
      'UPDATE/DELETE/CREATE/PRAGMA outside db',
      'src-main/webhost/x.ts',
      [
        "export const a = 'UPDATE photos SET name = ?';",
        "export const b = 'DELETE FROM photos';",
        "export const c = 'CREATE INDEX photos_by_hash ON photos(hash)';",
        "export const d = 'PRAGMA user_version';",
      ].join('\n'),
      ['no-restricted-syntax', 'no-restricted-syntax', 'no-restricted-syntax', 'no-restricted-syntax'],
    ],
    [
      'explicit any',
      'src-main/core/x.ts',
      'export const parse = (s: string): any => JSON.parse(s);',
      ['@typescript-eslint/no-explicit-any'],
    ],
  ];

  it.each(violations)('fails: %s', async (_name, filePath, code, expected) => {
    expect(await ruleIds(filePath, code)).toEqual(expected);
  });

  const allowed: ReadonlyArray<readonly [string, string, string]> = [
    [
      'SQL and better-sqlite3 inside core/db',
      'src-main/core/db/repos/x.ts',
      [
        "import Database from 'better-sqlite3';",
        "import { load } from 'sqlite-vec';",
        "export const q = 'SELECT id FROM photos';",
        'export const t = `\n  CREATE TABLE faces (id INTEGER PRIMARY KEY)`;',
        'export { Database, load };',
      ].join('\n'),
    ],
    [
      'electron inside src-main/electron',
      'src-main/electron/main.ts',
      "export { app, BrowserWindow } from 'electron';",
    ],
    [
      'onnxruntime-node inside inference and workers',
      'src-main/core/inference/x.ts',
      "export { InferenceSession } from 'onnxruntime-node';",
    ],
    [
      'onnxruntime-node inside workers',
      'src-main/core/workers/x.worker.ts',
      "export { Tensor } from 'onnxruntime-node';",
    ],
    [
      'node built-ins and sharp in core',
      'src-main/core/services/x.ts',
      "export { readFile } from 'node:fs/promises';\nexport { default as sharp } from 'sharp';",
    ],
    ['zustand runtime in useAppStore', 'src-renderer/store/useAppStore.ts', "export { create } from 'zustand';"],
    ['zustand types in a slice', 'src-renderer/store/peopleSlice.ts', "export type { StateCreator } from 'zustand';"],
    [
      'renderer uses the contract',
      'src-renderer/api/client.ts',
      "export type { AppApi } from '../../src-shared/contract/api.js';",
    ],
    [
      'shared uses zod and local modules named like built-ins',
      'src-shared/contract/x.ts',
      "export { z } from 'zod';\nexport type { AppEvents } from './events.js';\nexport * from '../util/path.js';",
    ],
    [
      'English that merely starts with a SQL verb',
      'src-main/core/services/x.ts',
      [
        "export const a = 'Select photos from disk to import';",
        "export const b = 'Delete this photo from the library?';",
        "export const c = 'Update available: restart to set it up';",
        "export const d = 'Created table of contents';",
        'export const e = `Insert the card into the reader`;',
        "export const f = 'select';",
      ].join('\n'),
    ],
    [
      'vite config beside the renderer runs under Node',
      'src-renderer/vite.config.ts',
      "export { resolve } from 'node:path';",
    ],
  ];

  it.each(allowed)('passes: %s', async (_name, filePath, code) => {
    expect(await ruleIds(filePath, code)).toEqual([]);
  });
});

/** Small packages standing in for the real ones, so the scratch tree resolves like the repo does. */
const FAKE_PACKAGES = [
  'electron',
  'better-sqlite3',
  'sqlite-vec',
  'onnxruntime-node',
  'sharp',
  'react',
  'zustand',
  'zod',
];

/** Scratch tree: path → imports. Each file exports something so nothing is an orphan by accident. */
const SCRATCH_TREE: Readonly<Record<string, readonly string[]>> = {
  // allowed
  'src-shared/types/ids.ts': ['zod'],
  'src-main/core/db/database.ts': ['better-sqlite3', 'sqlite-vec', '../../../src-shared/types/ids.js'],
  'src-main/core/inference/session.ts': ['onnxruntime-node'],
  'src-main/core/workers/ort.ts': ['onnxruntime-node'],
  'src-main/core/api/handlers.ts': ['../db/database.js', '../services/okService.js'],
  'src-main/core/services/okService.ts': ['../db/database.js', 'node:fs'],
  'src-main/electron/main.ts': ['electron', '../core/api/handlers.js'],
  'src-main/webhost/server.ts': ['../core/api/handlers.js', 'node:http'],
  'src-renderer/store/useAppStore.ts': ['zustand', '../../src-shared/types/ids.js'],
  'src-renderer/components/Thumb.ts': ['react'],
  'src-renderer/features/people/Gallery.ts': ['../../store/useAppStore.js', '../../components/Thumb.js'],
  'src-main/core/util/typeA.ts': ['type:./typeB.js'],
  'src-main/core/util/typeB.ts': ['./typeA.js'],
  // violations
  'src-main/core/services/sqlService.ts': ['better-sqlite3'],
  'src-main/core/jobs/ortJob.ts': ['onnxruntime-node'],
  'src-main/core/jobs/electronJob.ts': ['electron'],
  'src-main/core/util/cycleA.ts': ['./cycleB.js'],
  'src-main/core/util/cycleB.ts': ['./cycleA.js'],
  'src-main/core/util/typo.ts': ['./doesNotExist.js'],
  'src-main/core/services/ipcAware.ts': ['../../electron/main.js'],
  'src-main/core/api/hostAware.ts': ['../../webhost/server.js'],
  'src-main/webhost/shellAware.ts': ['../electron/main.js'],
  'src-main/core/ui.ts': ['react'],
  'src-main/core/workers/scan.worker.ts': ['../services/okService.js', './ort.js'],
  'src-renderer/api/client.ts': ['../../src-main/core/api/handlers.js'],
  'src-renderer/api/files.ts': ['node:fs'],
  'src-renderer/api/thumbs.ts': ['sharp'],
  'src-shared/util/paths.ts': ['node:path'],
  'src-shared/util/ui.ts': ['react', '../../src-main/core/db/database.js'],
  'src-renderer/components/Card.ts': ['../store/useAppStore.js'],
  'src-renderer/store/peopleSlice.ts': ['../features/people/Gallery.js'],
};

/** "rule from → to" lines the scratch tree must produce at severity error, and nothing else (a cycle is reported once). */
const EXPECTED_ERRORS = [
  'sql-only-in-db src-main/core/services/sqlService.ts → node_modules/better-sqlite3/index.js',
  'ort-only-in-inference src-main/core/jobs/ortJob.ts → node_modules/onnxruntime-node/index.js',
  'electron-only-in-electron src-main/core/jobs/electronJob.ts → node_modules/electron/index.js',
  'no-cycles src-main/core/util/cycleA.ts → src-main/core/util/cycleB.ts',
  'not-to-unresolvable src-main/core/util/typo.ts → ./doesNotExist.js',
  'services-not-transport src-main/core/services/ipcAware.ts → src-main/electron/main.ts',
  'plain-node-not-electron-shell src-main/core/services/ipcAware.ts → src-main/electron/main.ts',
  'core-not-webhost src-main/core/api/hostAware.ts → src-main/webhost/server.ts',
  'plain-node-not-electron-shell src-main/webhost/shellAware.ts → src-main/electron/main.ts',
  'main-not-ui src-main/core/ui.ts → node_modules/react/index.js',
  'workers-are-leaves src-main/core/workers/scan.worker.ts → src-main/core/services/okService.ts',
  'renderer-not-main src-renderer/api/client.ts → src-main/core/api/handlers.ts',
  'renderer-no-node src-renderer/api/files.ts → fs',
  'renderer-no-native src-renderer/api/thumbs.ts → node_modules/sharp/index.js',
  'shared-is-pure src-shared/util/paths.ts → path',
  'shared-imports-only-shared src-shared/util/ui.ts → node_modules/react/index.js',
  'shared-imports-only-shared src-shared/util/ui.ts → src-main/core/db/database.ts',
  'components-are-dumb src-renderer/components/Card.ts → src-renderer/store/useAppStore.ts',
  'store-not-features src-renderer/store/peopleSlice.ts → src-renderer/features/people/Gallery.ts',
].sort();

function importLine(specifier: string, index: number): string {
  return specifier.startsWith('type:')
    ? `import type * as m${index} from '${specifier.slice('type:'.length)}';\nexport type T${index} = typeof m${index};`
    : `import * as m${index} from '${specifier}';\nexport const v${index} = m${index};`;
}

async function writeScratchTree(dir: string): Promise<void> {
  const files: Array<[string, string]> = [
    ['tsconfig.json', JSON.stringify({ extends: './tsconfig.base.json', files: [] })],
    ['tsconfig.base.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } })],
    ...FAKE_PACKAGES.flatMap((name): Array<[string, string]> => [
      [`node_modules/${name}/package.json`, JSON.stringify({ name, version: '0.0.0', main: 'index.js' })],
      [`node_modules/${name}/index.js`, 'module.exports = {};\n'],
    ]),
    ...Object.entries(SCRATCH_TREE).map(([file, imports]): [string, string] => [
      file,
      imports.map(importLine).join('\n') + '\n',
    ]),
  ];
  for (const [file, text] of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}

/** Cruises like `npm run lint` does: the real rule file, its tsconfig, rooted at baseDir. */
async function cruiseWithRealRules(baseDir: string): Promise<ICruiseResult> {
  const options: ICruiseOptions = await extractDepcruiseOptions(DEPCRUISE_CONFIG);
  const tsConfigFile = join(baseDir, options.tsConfig?.fileName ?? 'tsconfig.json');
  const { output } = await cruise(
    ['src-shared', 'src-main', 'src-renderer'],
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof output === 'string') throw new Error('expected a cruise result object, got a report string');
  return output;
}

function describeViolations(result: ICruiseResult, severity: 'error' | 'warn'): string[] {
  return result.summary.violations
    .filter((v) => v.rule.severity === severity)
    .map((v) => `${v.rule.name} ${v.from} → ${v.to}`)
    .sort();
}

describe('dependency-cruiser layer boundaries', () => {
  let scratch = '';
  let scratchResult: ICruiseResult;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'facets-boundaries-'));
    await writeScratchTree(scratch);
    scratchResult = await cruiseWithRealRules(scratch);
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('resolves NodeNext `.js` specifiers to the `.ts` sources', () => {
    const handlers = scratchResult.modules.find((m) => m.source === 'src-main/core/api/handlers.ts');
    expect(handlers?.dependencies.map((d) => d.resolved).sort()).toEqual([
      'src-main/core/db/database.ts',
      'src-main/core/services/okService.ts',
    ]);
  });

  it('reports every throwaway violation, and only those, as errors', () => {
    expect(describeViolations(scratchResult, 'error')).toEqual(EXPECTED_ERRORS);
  });

  it('reports a cycle closed by `import type` as a warning, not an error', () => {
    expect(describeViolations(scratchResult, 'warn')).toContain(
      'no-type-only-cycles src-main/core/util/typeA.ts → src-main/core/util/typeB.ts',
    );
  });

  it('finds no errors in the real tree, and really resolved it', async () => {
    const result = await cruiseWithRealRules(repoRoot);
    expect(describeViolations(result, 'error')).toEqual([]);

    const local = result.modules.filter((m) => /^src-(shared|main|renderer)\//.test(m.source));
    const deps = local.flatMap((m) => m.dependencies);
    const jsToTs = deps.filter((d) => d.module.endsWith('.js') && d.resolved.endsWith('.ts'));
    const npm = deps.filter((d) => d.resolved.startsWith('node_modules/'));
    expect(local.length).toBeGreaterThanOrEqual(20);
    expect(jsToTs.length).toBeGreaterThanOrEqual(20);
    expect(npm.length).toBeGreaterThanOrEqual(3);
    expect(deps.filter((d) => d.couldNotResolve)).toEqual([]);
  });
});
