/**
 * Start-up and whole-process scan of the built `triad` bin (apps/cli/dist, built first when stale), each beside its
 * floor in the same run: `triad --help` beside `node -e 0`, and `triad scan` of a generated 10,000-manifest repository
 * beside a process that only reads and parses the same files with `yaml` (parse-only.mjs). Every command runs under
 * GNU time for wall time, CPU time (user + sys, steadier than wall on a shared machine) and peak RSS; median of ROUNDS.
 * The same --help from source through tsx, as `pnpm triad` ran before ADR 0012, is printed for comparison.
 * Run: pnpm exec tsx bench/cli/run.ts   (MANIFESTS=10000 ROUNDS=5)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, DIST, isStale } from '@triad/cli/build';
import { generateRepo } from '../scan/generate-repo.ts';

const run = promisify(execFile);
const MANIFESTS = Number(process.env.MANIFESTS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TRIAD = join(DIST, 'main.js');

interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
}

/** One process under /usr/bin/time; its exit code is ignored (`triad scan` exits 1 on high findings). */
async function timed(args: string[]): Promise<Sample> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stderr: string }) => error);
  const line = stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (!line) throw new Error(`no timing for node ${args.join(' ')}: ${stderr}`);
  const [wall, user, sys, rssKb] = line.slice(5).split(' ').map(Number) as [number, number, number, number];
  return { wall: wall * 1000, cpu: (user + sys) * 1000, rssMb: rssKb / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function rounds(label: string, args: string[]): Promise<Sample & { label: string }> {
  const samples: Sample[] = [];
  for (let i = 0; i < ROUNDS; i++) samples.push(await timed(args));
  return {
    label,
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.cpu)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
  };
}

const row = (s: Sample & { label: string }) =>
  `| ${s.label} | ${s.wall.toFixed(0)} ms | ${s.cpu.toFixed(0)} ms | ${s.rssMb.toFixed(0)} MB |`;

if (await isStale()) await build();
const root = await mkdtemp(join(tmpdir(), 'triad-bench-cli-'));
try {
  const written = await generateRepo(root, MANIFESTS);
  const floor = await rounds('`node -e 0` (floor)', ['-e', '0']);
  const help = await rounds('`triad --help`', [TRIAD, '--help']);
  const fromSource = await rounds('`triad --help` from source through tsx (as `pnpm triad` ran before)', [
    '--import',
    'tsx',
    join(import.meta.dirname, '../../apps/cli/src/main.ts'),
    '--help',
  ]);
  const parse = await rounds('read + parse with `yaml` (floor)', [join(import.meta.dirname, 'parse-only.mjs'), root]);
  const scan = await rounds('`triad scan` (all checks, table output)', [TRIAD, 'scan', root]);
  console.log(`Node ${process.version}; median of ${ROUNDS}; scan over ${MANIFESTS} manifests in ${written} files`);
  console.log('| process | wall | CPU (user+sys) | peak RSS |');
  console.log('| --- | --- | --- | --- |');
  for (const s of [floor, help, fromSource, parse, scan]) console.log(row(s));
  console.log(
    `--help: ${help.wall.toFixed(0)} ms wall (target ≤ 300), +${(help.wall - floor.wall).toFixed(0)} ms over node -e 0; ` +
      `${help.rssMb.toFixed(0)} MB (target ≤ 80)`,
  );
  console.log(
    `scan / parse-only process: ${(scan.wall / parse.wall).toFixed(2)}× wall, ${(scan.cpu / parse.cpu).toFixed(2)}× CPU (target ≤ 2×)`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
