// pnpm exec tsx bench/draft/run.ts (SIZES=3000,12600) — the built-in Lead's draft of a Deployment with thousands of
// literal env credentials, then the tool layer's checks, the masked diff and the redaction a model would see; each
// size in its own process, beside a baseline that only parses the same files with `yaml` in the same process.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sizes = (process.env.SIZES ?? '3000,12600').split(',').map(Number);
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
console.log(
  '| credentials | parse only (baseline) | Lead draft (analyze + fix + SOPS) | guardrails | masked diff | redaction | total / parse | peak RSS |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const n of sizes) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'measure.ts'), String(n)], {
    cwd: join(here, '../../apps/cli'),
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = child.stdout?.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.log(`| ${n} | died: ${child.error?.message ?? child.stderr?.trim().split('\n').at(-1)} |`);
    continue;
  }
  const r = JSON.parse(line);
  const total = r.leadMs + r.checkMs + r.diffMs + r.redactMs;
  console.log(
    `| ${n.toLocaleString('en')} | ${ms(r.parseMs)} | ${ms(r.leadMs)} | ${ms(r.checkMs)} (${r.refused.join(', ') || 'passed'}) | ${ms(r.diffMs)} | ${ms(r.redactMs)} (${r.hidden} hidden) | ${(total / r.parseMs).toFixed(1)}× | ${r.peakRssMb} MB |`,
  );
}
