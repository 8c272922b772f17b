/**
 * Scan throughput: generates a repository of 10,000 manifests, then times `analyzeRepo` (every check) beside merely
 * parsing the same files with `yaml`, each in its own process, median of ROUNDS runs, with each phase's peak RSS.
 * Run: pnpm exec tsx bench/scan/run.ts   (MANIFESTS=10000 ROUNDS=3)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateRepo } from './generate-repo.ts';

const run = promisify(execFile);
const MANIFESTS = Number(process.env.MANIFESTS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface Sample {
  phase: string;
  files: number;
  count: number;
  ms: number;
  maxRssMb: number;
}

async function measure(phase: 'parse' | 'scan', root: string): Promise<Sample> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'measure.ts'), phase, root],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Sample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const root = await mkdtemp(join(tmpdir(), 'triad-bench-scan-'));
try {
  const written = await generateRepo(root, MANIFESTS);
  const samples: Record<'parse' | 'scan', Sample[]> = { parse: [], scan: [] };
  for (let round = 0; round < ROUNDS; round++) {
    samples.parse.push(await measure('parse', root));
    samples.scan.push(await measure('scan', root));
  }
  const row = (phase: 'parse' | 'scan') => ({
    ms: median(samples[phase].map((s) => s.ms)),
    rss: Math.max(...samples[phase].map((s) => s.maxRssMb)),
  });
  const parse = row('parse');
  const scan = row('scan');
  console.log(
    `${MANIFESTS} manifests, ${written} files (with kustomization.yaml files and Flux Kustomizations); median of ${ROUNDS}`,
  );
  console.log(`${samples.parse[0]!.count} documents parsed; ${samples.scan[0]!.count} findings`);
  console.log('| phase | time | peak RSS |');
  console.log('| --- | --- | --- |');
  console.log(`| parse only with \`yaml\` (baseline) | ${parse.ms.toFixed(0)} ms | ${parse.rss.toFixed(0)} MB |`);
  console.log(`| scan (analyzeRepo, all checks) | ${scan.ms.toFixed(0)} ms | ${scan.rss.toFixed(0)} MB |`);
  console.log(
    `scan / parse: ${(scan.ms / parse.ms).toFixed(2)}× (target ≤ 2×); peak RSS ${scan.rss.toFixed(0)} MB (target < 400 MB)`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
