import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRepo, fixFindings } from '@triad/analyzers';
import { readRepoTree, skippedFindings } from '@triad/cli/repo-files';
import { GuardrailConfig } from '@triad/core';
import { checkChange } from '@triad/policy';
import { type HostileItem, writeHostile } from './corpus.ts';

/** What one hostile repository did to a scan and a draft. */
export interface ItemOutcome {
  name: string;
  scanMs: number;
  draftMs: number;
  findings: number;
  /** Findings by check, for the ones that matter here (refused regexes, skipped files). */
  checks: Record<string, number>;
  /** What the draft came to: `none` (nothing fixable), `refused: rules`, `passed`, or `cannot: reason`. */
  draft: string;
}

/** Scans the item as `triad scan` does, then drafts every fixable finding's group as the built-in Lead does. */
export async function runItem(item: HostileItem, size: 'small' | 'full'): Promise<ItemOutcome> {
  const dir = await mkdtemp(join(tmpdir(), `triad-hostile-${item.name}-`));
  try {
    await writeHostile(dir, item.files(size));
    let started = performance.now();
    const { files, skipped } = await readRepoTree(dir);
    const findings = [...analyzeRepo(files), ...skippedFindings(skipped)];
    const scanMs = performance.now() - started;
    const checks: Record<string, number> = {};
    for (const f of findings) checks[f.check] = (checks[f.check] ?? 0) + 1;
    started = performance.now();
    let draft = 'none';
    const fixable = findings.filter((f) => f.fixable);
    if (fixable.length > 0) {
      const outcome = fixFindings(
        files,
        fixable.filter((f) => f.check === fixable[0]!.check),
      );
      if (outcome.kind === 'fixed') {
        const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
        const check = checkChange(files, edits, GuardrailConfig.parse({}));
        draft = check.ok ? 'passed' : `refused: ${[...new Set(check.refusals.map((r) => r.rule))].join(', ')}`;
      } else draft = `cannot: ${outcome.reason}`;
    }
    return { name: item.name, scanMs, draftMs: performance.now() - started, findings: findings.length, checks, draft };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
