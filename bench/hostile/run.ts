// pnpm exec tsx bench/hostile/run.ts — every hostile repository through `scan` and a draft, each in its own process.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE } from './corpus.ts';

const here = dirname(fileURLToPath(import.meta.url));
const TIMEOUT_MS = 300_000;
console.log('| item | scan | draft | draft outcome | peak RSS | alive |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const item of HOSTILE) {
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'item.ts'), item.name, 'full'], {
    cwd: join(here, '../../apps/cli'),
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout?.trim().split('\n').at(-1) ?? '';
  const alive = child.status === 0 && line.startsWith('{');
  if (!alive) {
    const why = child.error ? String(child.error.message) : (child.stderr ?? '').trim().split('\n').at(-1);
    console.log(`| ${item.name} | – | – | died after ${Date.now() - started} ms: ${why} | – | no |`);
    continue;
  }
  const r = JSON.parse(line);
  const extra = Object.entries(r.checks)
    .filter(([check]) => check === 'repo-regex-refused' || check === 'file-skipped')
    .map(([check, n]) => `${n} ${check}`)
    .join(', ');
  console.log(
    `| ${item.name} | ${Math.round(r.scanMs)} ms (${r.findings} findings${extra ? `; ${extra}` : ''}) | ${Math.round(r.draftMs)} ms | ${r.draft} | ${r.peakRssMb} MB | yes |`,
  );
}
