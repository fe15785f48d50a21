/*
 * `npm run bench -- [suite] [--dir DIR] [--workers N]`: speed and memory as JSON on stdout, each figure beside a
 * baseline measured in the same run. Never a pass/fail: compare runs by their ratios.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { datasetsDir } from '../evals/datasets.js';
import { runScanBench } from './scanBench.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string' }, workers: { type: 'string' } },
});
const suites = positionals.length > 0 ? positionals : ['scan'];
const workers = values.workers ? Number(values.workers) : Math.min(4, availableParallelism());

for (const suite of suites) {
  if (suite !== 'scan') {
    process.stderr.write(`bench: unknown suite "${suite}"; known: scan\n`);
    process.exitCode = 2;
    continue;
  }
  const report = await runScanBench(values.dir ?? datasetsDir(), workers);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
