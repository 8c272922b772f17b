import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRepo, fixFindings, groupForFix } from '@triad/analyzers';
import { GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { checkChange } from '../validation/check-change';
import { riskFloor } from './risk-floor';

const root = fileURLToPath(new URL('../../../../examples/homelab', import.meta.url));
const files = new Map<string, string>();
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath, entry.name);
  files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
}

/** The change the built-in fixers make for each file of examples/homelab with fixable findings. */
const changes = groupForFix(analyzeRepo(files).filter((f) => f.fixable)).map((group) => {
  const outcome = fixFindings(files, group);
  if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
  const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
  return { file: group[0]!.file!, edits };
});

describe('the built-in fixes of examples/homelab', () => {
  it('all pass the guardrails and the validation', () => {
    for (const { file, edits } of changes)
      expect(checkChange(files, edits, GuardrailConfig.parse({})), file).toEqual({ ok: true, refusals: [] });
  });

  it('wait for a person where they touch storage, placement or a credential, and pass on their own otherwise', () => {
    expect(Object.fromEntries(changes.map(({ file, edits }) => [file, riskFloor(edits).level]))).toEqual({
      'clusters/homelab/apps.yaml': 'low',
      'apps/media/jellyfin/deployment.yaml': 'low',
      'apps/home/home-assistant/statefulset.yaml': 'high',
      'apps/monitoring/kube-prometheus-stack/helmrelease.yaml': 'high',
      'apps/ai/ollama/deployment.yaml': 'high',
    });
  });
});
