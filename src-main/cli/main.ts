/*
 * The `facets` command line: a thin shell over the same core the app uses. Output for people goes to stdout,
 * progress to stderr; `--json` prints machine-readable results.
 */
import { parseArgs } from 'node:util';
import { datasetsDir } from '../evals/datasets.js';
import { runScanEval } from '../evals/scanEval.js';
import { runFacesEval } from '../evals/facesEval.js';
import { runPeopleEval } from '../evals/peopleEval.js';
import { runTextEval } from '../evals/textEval.js';
import { scanCommand } from './scanCommand.js';
import { statusCommand } from './statusCommand.js';
import { facesCommand } from './facesCommand.js';
import { findCommand } from './findCommand.js';
import { exportCommand } from './exportCommand.js';
import { PEOPLE_HELP, peopleCommand } from './peopleCommand.js';
import { searchCommand } from './searchCommand.js';
import { CLIP_HELP, clipCommand } from './clipCommand.js';
import { runScenesEval } from '../evals/scenesEval.js';
import { runTagsEval } from '../evals/tagsEval.js';
import { SCENES_HELP, scenesCommand } from './scenesCommand.js';

const HELP = `facets: private, offline photo manager

Usage
  facets scan [folder...]     add folders (if new), index their photos (faces, objects, scenes, text); no folder
                              rescans the library (--no-faces: skip the analysis; --no-text: skip reading text)
  facets status [--all]       counts by status and format, folders, faces, and the files with problems
  facets faces <photo>...     find and describe the faces in image files (read-only)
${PEOPLE_HELP}
${SCENES_HELP}
  facets find --photo <file> [--any]   photos holding all (or any) of the people in an image file
  facets export --out <dir> [--mode copy|link|symlink] [--min-photos N] [--people 3,7] [--include-hidden] [--dry-run]
                              one folder per person; originals are never modified; re-running changes nothing
  facets search <words…> [--limit N]   photos for the words typed, ranked, with why each matched
${CLIP_HELP}
  facets export scenes --out <dir> [--mode ...] [--top N] [--scenes 3,7] [--dry-run]   one folder per scene
  facets eval [scan|faces|people|scenes|tags|text] [--report]  check against the labeled datasets in ../shared/datasets (JSON; exits 1
                              when a target is missed, unless --report)

Options
  --library <dir>   library folder (default: $FACETS_LIBRARY, else the user's app-data folder)
  --workers <n>     worker threads for per-photo work
  --json            machine-readable output
  -h, --help        this help
`;

const EVALS = {
  scan: (workers?: number) => runScanEval(datasetsDir(), workers),
  faces: (workers?: number) => runFacesEval(datasetsDir(), workers),
  people: (workers?: number) => runPeopleEval(datasetsDir(), workers),
  scenes: () => runScenesEval(datasetsDir()),
  tags: () => runTagsEval(datasetsDir()),
  text: () => runTextEval(datasetsDir()),
} as const;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      library: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      'no-faces': { type: 'boolean' },
      all: { type: 'boolean' },
      hidden: { type: 'boolean' },
      any: { type: 'boolean' },
      photo: { type: 'string' },
      'min-photos': { type: 'string' },
      'not-a-face': { type: 'boolean' },
      out: { type: 'string' },
      mode: { type: 'string' },
      people: { type: 'string' },
      'include-hidden': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      report: { type: 'boolean' },
      top: { type: 'string' },
      limit: { type: 'string' },
      scenes: { type: 'string' },
      folder: { type: 'string' },
      manifest: { type: 'string' },
      'no-text': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'scan':
      return scanCommand(rest, { ...values, faces: !values['no-faces'], text: !values['no-text'] });
    case 'status':
      return statusCommand(values);
    case 'faces':
      return facesCommand(rest, values);
    case 'people':
      return peopleCommand(values['not-a-face'] ? [...rest, '--not-a-face'] : rest, values);
    case 'find':
      return findCommand(values.photo ?? rest[0], values);
    case 'export':
      return exportCommand(rest[0] ?? 'people', values);
    case 'search':
      return searchCommand(rest, values);
    case 'clip':
      return clipCommand(rest, values);
    case 'scenes':
      return scenesCommand(rest, values);
    case 'eval': {
      const names = rest.length > 0 ? rest : Object.keys(EVALS);
      let failed = false;
      for (const name of names) {
        if (!(name in EVALS)) throw new Error(`unknown eval "${name}"; known: ${Object.keys(EVALS).join(', ')}`);
        const report = await EVALS[name as keyof typeof EVALS](values.workers ? Number(values.workers) : undefined);
        process.stdout.write(`${JSON.stringify({ eval: name, ...report }, null, 2)}\n`);
        // --report: print the figures without failing on unmet targets (an error still fails).
        failed ||= !report.passed && !values.report;
      }
      return failed ? 1 : 0;
    }
    default:
      process.stderr.write(`facets: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

// `facets people | head`: the reader closing the pipe ends the command quietly, as it ends any Unix tool.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`facets: ${message}\n`);
    process.exitCode = 1;
  },
);
