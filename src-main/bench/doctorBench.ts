import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecodeDoctor } from '../core/scan/decodeDoctor.js';
import { decodeImage, type DecodeRequest, type ScanFileOptions } from '../core/scan/scanFile.js';
import { sniffFormat } from '../core/scan/sniff.js';
import { buildBrokenCorpus } from '../testing/brokenCorpus.js';

export type DoctorBenchReport = Readonly<{
  suite: 'doctor';
  /** Files of the broken-file corpus whose decode is judged by the decoder's words, i.e. goes to the doctor. */
  failures: number;
  rounds: number;
  /** Baseline: the failed decode itself, in this process. */
  inProcessMsPerFailure: number;
  /** The second opinion, child already running: send the bytes, decode again there, receive the verdict. */
  doctorMsPerFailure: number;
  /** Starting the child (Node, sharp, the scanner's modules) and its first answer. */
  childStartMs: number;
  /** doctorMsPerFailure / inProcessMsPerFailure: what a failed photo costs a scan beyond its own decode. */
  ratioDoctorToInProcess: number;
}>;

const OPTIONS: ScanFileOptions = { thumbSize: 320, maxPixels: 250_000_000, maxFileBytes: 64 * 2 ** 20 };

const millis = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** What a failed decode's second opinion costs (DecodeDoctor), against the failed decode itself. */
export async function runDoctorBench(rounds = 10): Promise<DoctorBenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'facets-doctor-bench-'));
  const doctor = new DecodeDoctor();
  try {
    const requests: DecodeRequest[] = [];
    for (const c of await buildBrokenCorpus(dir)) {
      if (c.expect === 'ignored') continue;
      const bytes = await readFile(c.path).catch(() => null);
      const format = bytes && sniffFormat(bytes.subarray(0, 64));
      if (!bytes || !format) continue;
      const request = {
        bytes,
        base: { size: bytes.length, mtimeMs: 0, contentHash: null, format },
        format,
        options: OPTIONS,
      };
      if ((await decodeImage(request)).byDecoderWords) requests.push(request);
    }
    const startAt = process.hrtime.bigint();
    await doctor.decode(requests[0]!);
    const childStartMs = millis(startAt);

    let inProcess = 0;
    let doctored = 0;
    for (let round = 0; round < rounds; round++) {
      for (const request of requests) {
        let at = process.hrtime.bigint();
        await decodeImage(request);
        inProcess += millis(at);
        at = process.hrtime.bigint();
        await doctor.decode(request);
        doctored += millis(at);
      }
    }
    const samples = rounds * requests.length;
    const round3 = (n: number) => Math.round(n * 1000) / 1000;
    return {
      suite: 'doctor',
      failures: requests.length,
      rounds,
      inProcessMsPerFailure: round3(inProcess / samples),
      doctorMsPerFailure: round3(doctored / samples),
      childStartMs: Math.round(childStartMs),
      ratioDoctorToInProcess: round3(doctored / inProcess),
    };
  } finally {
    await doctor.close();
    await rm(dir, { recursive: true, force: true });
  }
}
