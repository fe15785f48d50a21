// !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
// !!! Do not relax these rules !!!
// The layer boundaries below are what let core, the web host and every test run under plain Node without the
// Electron binary, keep SQL in one reviewable place (core/db) and keep the renderer talking to main only through
// the contract in src-shared. If a rule is in your way, the import is in the wrong layer: move the code, or add a
// method to the contract. src-main/testing/boundaries.test.ts proves each rule still fires.
// !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
/** Build-time configs that live beside the renderer but run under Node. */
const RENDERER_NODE_FILES = ['src-renderer/vite.config.ts'];

/*
 * Boundary restrictions. Each is a regex over the import specifier (ESLint matches these case-insensitively).
 * Regexes rather than gitignore-style groups so a bare name like 'path' or 'events' cannot match a local folder.
 */
const NODE_PREFIX = { regex: '^node:', message: 'Node built-ins are not available here' };
/** Bare built-in names ('fs', 'fs/promises', 'worker_threads'…) as exact paths, so './events.js' stays allowed. */
const NODE_BARE = builtinModules
  .filter((name) => !name.startsWith('_') && !name.startsWith('node:'))
  .map((name) => ({ name, message: 'Node built-ins are not available here' }));

const R = {
  electron: {
    regex: '(^|/)electron(/|$)',
    message:
      "only src-main/electron may import 'electron' (or anything under src-main/electron): core and the web host run under plain Node",
  },
  sql: {
    regex: '^(better-sqlite3|sqlite-vec)(/|$)',
    message: 'better-sqlite3 and sqlite-vec belong to src-main/core/db; call a repository instead',
  },
  ort: {
    regex: '^onnxruntime-node(/|$)',
    message: 'onnxruntime-node belongs to src-main/core/inference (worker side); use the InferenceClient',
  },
  sharp: { regex: '^sharp(/|$)', message: 'sharp is native; image work happens in src-main' },
  ui: { regex: '^(react|react-dom|zustand)(/|$)', message: 'main and shared never import UI libraries' },
  renderer: { regex: '(^|/)src-renderer(/|$)', message: 'nothing outside src-renderer imports the renderer' },
  main: {
    regex: '(^|/)src-main(/|$)',
    message: 'go through the contract in src-shared (renderer: api/client.ts)',
  },
};

/**
 * Flat config merges rule options by rule name, later block wins, so each area below gets exactly one
 * `no-restricted-imports` entry holding everything that applies to it. The areas are disjoint (each lists the
 * areas it must not swallow in `ignores`), so no block can silently override another.
 */
const AREAS = [
  {
    name: 'shared',
    files: ['src-shared/**'],
    paths: NODE_BARE,
    patterns: [NODE_PREFIX, R.electron, R.ui, R.sql, R.ort, R.sharp, R.main, R.renderer],
  },
  {
    name: 'renderer',
    files: ['src-renderer/**'],
    ignores: RENDERER_NODE_FILES,
    paths: NODE_BARE,
    patterns: [NODE_PREFIX, R.electron, R.sql, R.ort, R.sharp, R.main],
  },
  {
    name: 'main/electron',
    files: ['src-main/electron/**'],
    patterns: [R.ui, R.renderer, R.sql, R.ort],
  },
  {
    name: 'main/core/db',
    files: ['src-main/core/db/**'],
    patterns: [R.electron, R.ui, R.renderer, R.ort],
  },
  {
    name: 'main/core/inference',
    files: ['src-main/core/inference/**', 'src-main/core/workers/**'],
    patterns: [R.electron, R.ui, R.renderer, R.sql],
  },
  {
    // The install-time model build checks every model it writes by running it.
    name: 'main/modelbuild',
    files: ['src-main/modelbuild/**'],
    patterns: [R.electron, R.ui, R.renderer, R.sql],
  },
  {
    name: 'main (core, webhost, testing, …)',
    files: ['src-main/**'],
    ignores: [
      'src-main/electron/**',
      'src-main/core/db/**',
      'src-main/core/inference/**',
      'src-main/core/workers/**',
      'src-main/modelbuild/**',
    ],
    patterns: [R.electron, R.ui, R.renderer, R.sql, R.ort],
  },
  {
    name: 'renderer build config',
    files: RENDERER_NODE_FILES,
    patterns: [R.sql, R.ort],
  },
  {
    name: 'everything else (scripts, e2e, bin, configs)',
    files: ['**/*'],
    ignores: ['src-shared/**', 'src-renderer/**', 'src-main/**'],
    patterns: [R.sql, R.ort],
  },
];

/*
 * SQL lives only in src-main/core/db. A string or template literal is flagged when it *starts* with a SQL statement
 * shape. Keywords must be all upper or all lower case: "Select photos from disk" is English, `SELECT … FROM` and
 * `select … from` are SQL. Each alternative needs two keywords in SQL order (SELECT…FROM, INSERT INTO, UPDATE x SET,
 * DELETE FROM, CREATE TABLE/INDEX, …) or PRAGMA name, so a lone word never trips it. esquery regexes cannot contain
 * '/', and none of these need one.
 */
const kw = (...words) => `(${words.flatMap((w) => [w.toUpperCase(), w.toLowerCase()]).join('|')})`;
const SQL_SHAPES = [
  `${kw('select')}\\s[\\s\\S]*?\\s${kw('from')}\\s`,
  `${kw('insert', 'replace')}\\s+(${kw('or')}\\s+\\w+\\s+)?${kw('into')}\\s`,
  `${kw('update')}\\s+\\S+\\s+${kw('set')}\\s`,
  `${kw('delete')}\\s+${kw('from')}\\s`,
  `${kw('create')}\\s+(${kw('unique', 'temp', 'temporary', 'virtual')}\\s+)?${kw('table', 'index', 'view', 'trigger')}\\s`,
  `${kw('drop', 'alter')}\\s+${kw('table', 'index', 'view', 'trigger')}\\s`,
  `${kw('with')}\\s+(${kw('recursive')}\\s+)?\\w+\\s+${kw('as')}\\s*\\(`,
  `${kw('pragma')}\\s+\\w`,
];
const SQL_START = `^\\s*(${SQL_SHAPES.join('|')})`;
const SQL_MESSAGE = 'SQL lives only in src-main/core/db: add a repository function there and call it';

export default defineConfig(
  {
    name: 'facets/ignores',
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'models/**',
      'e2e/artifacts/**',
      'test-results/**',
      'playwright-report/**',
      '.facets-*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    name: 'facets/typescript',
    files: TS_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'facets/globals-node',
    files: ['src-main/**', 'scripts/**', 'bin/**', 'e2e/**', '*.{js,mjs,cjs,ts}', ...RENDERER_NODE_FILES],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'facets/globals-browser',
    files: ['src-renderer/**'],
    ignores: RENDERER_NODE_FILES,
    languageOptions: { globals: { ...globals.browser } },
  },
  { name: 'facets/commonjs', files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  {
    // A .cts file under verbatimModuleSyntax must spell its imports `import x = require('x')` (the sandboxed
    // preload is one); bare require() calls stay forbidden.
    name: 'facets/typescript-commonjs',
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },

  ...AREAS.map((area) => ({
    name: `facets/boundaries/${area.name}`,
    files: area.files,
    ...(area.ignores ? { ignores: area.ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', { ...(area.paths ? { paths: area.paths } : {}), patterns: area.patterns }],
    },
  })),
  {
    // The typescript-eslint variant is a different rule name, so it cannot clobber the block above; it exists
    // because only it can allow `import type` (slices need zustand's StateCreator type, never its runtime).
    name: 'facets/boundaries/zustand-only-in-useAppStore',
    files: ['src-renderer/**'],
    ignores: ['src-renderer/store/useAppStore.ts', ...RENDERER_NODE_FILES],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^zustand(/|$)',
              allowTypeImports: true,
              message: "import the bound store from store/useAppStore (slices may `import type` from 'zustand')",
            },
          ],
        },
      ],
    },
  },
  {
    name: 'facets/sql-only-in-core-db',
    files: ['**/*'],
    ignores: ['src-main/core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=/${SQL_START}/]`, message: SQL_MESSAGE },
        { selector: `TemplateLiteral > TemplateElement:first-child[value.raw=/${SQL_START}/]`, message: SQL_MESSAGE },
      ],
    },
  },
);
