// !!! Do not relax these rules !!!
// The graph rules ESLint cannot see: transitive layering (core reaching electron through a sibling module), cycles,
// and what a worker drags into its thread. Together with the tsconfig per root and eslint.config.js they keep core
// runnable under plain Node and SQL/ONNX in one place each. src-main/testing/boundaries.test.ts proves they fire.
// Paths are relative to the directory depcruise runs from (the repo root).

/** A package in node_modules, its @types twin, or (if it failed to resolve) its bare name. */
const pkg = (names) => `(^|/)node_modules/(@types/)?(${names})/|^(${names})$`;

/** Renderer files that run under Node at build time, not in the page. */
const RENDERER_BUILD_CONFIG = '^src-renderer/vite\\.config\\.ts$';

/** Every boundary is an error: a warning nobody reads is a boundary nobody keeps. */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'no-cycles',
      'Runtime cycles make initialisation order matter and layers meaningless; extract the shared piece.',
      {},
      { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    ),
    {
      name: 'no-type-only-cycles',
      severity: 'warn',
      comment:
        'A cycle closed by an `import type` costs nothing at runtime but still tangles two modules; ' +
        'move the shared type into its own module. (Reported from the module whose outgoing edge is the type import.)',
      from: {},
      to: { circular: true, dependencyTypes: ['type-only'] },
    },
    forbid(
      'not-to-unresolvable',
      'An import that does not resolve is one these rules cannot check (and usually a typo).',
      {},
      { couldNotResolve: true },
    ),
    forbid(
      'sql-only-in-db',
      'better-sqlite3 and sqlite-vec are used only in src-main/core/db; everyone else calls a repository.',
      { pathNot: '^src-main/core/db/' },
      { path: pkg('better-sqlite3|sqlite-vec') },
    ),
    forbid(
      'ort-only-in-inference',
      'onnxruntime-node loads only in inference worker threads (src-main/core/inference, src-main/core/workers) and in the install-time model build, which runs what it writes (src-main/modelbuild).',
      { pathNot: '^src-main/(core/(inference|workers)|modelbuild)/' },
      { path: pkg('onnxruntime-node') },
    ),
    forbid(
      'electron-only-in-electron',
      "Only src-main/electron imports 'electron'; core, the web host and tests must run under plain Node.",
      { pathNot: '^src-main/electron/' },
      { path: pkg('electron') },
    ),
    forbid(
      'plain-node-not-electron-shell',
      'Importing src-main/electron from elsewhere pulls electron in transitively.',
      { path: '^(src-main/(?!electron/)|src-shared/|src-renderer/)' },
      { path: '^src-main/electron/' },
    ),
    forbid(
      'renderer-not-main',
      'The renderer reaches main only through the contract (src-shared) and api/client.ts.',
      { path: '^src-renderer/' },
      { path: '^src-main/' },
    ),
    forbid(
      'renderer-no-node',
      'The renderer is a sandboxed browser page: no Node built-ins.',
      { path: '^src-renderer/', pathNot: RENDERER_BUILD_CONFIG },
      { dependencyTypes: ['core'] },
    ),
    forbid(
      'renderer-no-native',
      'Native modules cannot load in the renderer.',
      { path: '^src-renderer/', pathNot: RENDERER_BUILD_CONFIG },
      { path: pkg('better-sqlite3|sqlite-vec|onnxruntime-node|sharp') },
    ),
    forbid(
      'shared-is-pure',
      'src-shared is pure TypeScript: no Node built-ins.',
      { path: '^src-shared/' },
      { dependencyTypes: ['core'] },
    ),
    forbid(
      'shared-imports-only-shared',
      'src-shared imports nothing from main or renderer and no runtime-specific package (zod is fine).',
      { path: '^src-shared/' },
      {
        path: `^src-(main|renderer)/|${pkg('electron|react|react-dom|zustand|better-sqlite3|sqlite-vec|onnxruntime-node|sharp')}`,
      },
    ),
    forbid(
      'main-not-ui',
      'Main never imports UI code or UI libraries.',
      { path: '^src-main/' },
      { path: `^src-renderer/|${pkg('react|react-dom|zustand')}` },
    ),
    forbid(
      'workers-are-leaves',
      'A worker thread gets its own copy of every module it imports: keep services, jobs, DB and API out of it.',
      { path: '\\.worker\\.ts$' },
      { path: '^src-main/core/(services|jobs|db|api)/' },
    ),
    forbid(
      'services-not-transport',
      'Services serve every transport; they never know about IPC or HTTP.',
      { path: '^src-main/core/services/' },
      { path: '^src-main/(electron|webhost)/' },
    ),
    forbid(
      'core-not-webhost',
      'core is what the web host hosts; it never reaches back into it.',
      { path: '^src-main/core/' },
      { path: '^src-main/webhost/' },
    ),
    forbid(
      'components-are-dumb',
      'Presentational components take props; they do not reach into the store, the API or features.',
      { path: '^src-renderer/components/' },
      { path: '^src-renderer/(store|api|features)/' },
    ),
    forbid(
      'store-not-features',
      'The store is below the features that render it.',
      { path: '^src-renderer/store/' },
      { path: '^src-renderer/features/' },
    ),
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A module nothing imports is dead code or a missing wire-up. Entry points and tests are exempt.',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '\\.(test|spec)\\.tsx?$',
          '\\.worker\\.ts$',
          '(^|/)(vite|vitest)\\.config\\.ts$',
          '^src-main/electron/(main|preload)\\.c?ts$',
          '^src-main/webhost/cli\\.ts$',
          '^src-main/bench/',
          '^src-main/testing/',
          '^src-renderer/main\\.tsx$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules must not be excluded: that would drop every package edge and with it the package rules above.
    exclude: { path: '^(out|dist|models)/' },
    moduleSystems: ['es6', 'cjs'],
    // Count `import type` too: a type import from the wrong layer is still a wrong-way dependency.
    tsPreCompilationDeps: true,
    // Parse with the project's compiler settings and honour `paths` should any appear. NodeNext `./x.js` specifiers
    // resolve to `./x.ts` through dependency-cruiser's tsc-style retry; boundaries.test.ts checks that they do.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
