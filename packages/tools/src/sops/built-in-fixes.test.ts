import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRepo, groupForFix } from '@triad/analyzers';
import { GuardrailConfig } from '@triad/core';
import { checkChange, riskFloor } from '@triad/policy';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixAndEncrypt } from './encrypt-fix';

const root = fileURLToPath(new URL('../../../../examples/homelab', import.meta.url));
const files = new Map<string, string>();
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath, entry.name);
  files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
}

/** The change the built-in fixers make for each file of examples/homelab with fixable findings, encrypted as drafted. */
let changes: { file: string; edits: { path: string; before: string | null; after: string }[] }[] = [];

describe('the built-in fixes of examples/homelab', () => {
  beforeAll(async () => {
    changes = await Promise.all(
      groupForFix(analyzeRepo(files).filter((f) => f.fixable)).map(async (group) => {
        const outcome = await fixAndEncrypt(files, group, new Date('2026-11-29T00:00:00Z'));
        if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
        const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
        return { file: group[0]!.file!, edits };
      }),
    );
  });

  it('all pass the guardrails and the validation', () => {
    for (const { file, edits } of changes)
      expect(checkChange(files, edits, GuardrailConfig.parse({})), file).toEqual({ ok: true, refusals: [] });
  });

  // The credential fix writes the value SOPS-encrypted in the same change: nothing waits for a person to add it.
  it('wait for a person where they touch storage, and pass on their own otherwise', () => {
    expect(Object.fromEntries(changes.map(({ file, edits }) => [file, riskFloor(edits).level]))).toEqual({
      'clusters/homelab/apps.yaml': 'low',
      'apps/media/jellyfin/deployment.yaml': 'low',
      'apps/home/home-assistant/statefulset.yaml': 'low',
      'apps/monitoring/kube-prometheus-stack/helmrelease.yaml': 'high',
    });
  });
});
