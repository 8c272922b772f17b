import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRepo } from '@triad/analyzers';
import type { Finding, Task } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { testContext } from '../../test-support/agent-context';
import type { DraftInput, PlanInput } from '../../types';
import { createBuiltinLead } from './lead';

function loadRepo(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

const homelab = loadRepo(fileURLToPath(new URL('../../../../../examples/homelab', import.meta.url)));
const findings = analyzeRepo(homelab);
const SOPS_ID = 'flux-sops-without-decryption/Kustomization/flux-system/apps';
const JELLYFIN_ID = 'privileged-container/Deployment/media/jellyfin/jellyfin';

const context = testContext();

function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    observation: { revision: 'abc', files: homelab, findings },
    goals: [],
    coveredFindingIds: new Set(),
    ...overrides,
  };
}

function draftInput(findingIds: string[], overrides: Partial<DraftInput> = {}): DraftInput {
  const task: Task = {
    id: 's1-t1',
    sessionId: 's1',
    cycle: 1,
    title: 't',
    category: 'security',
    priority: 30,
    findingIds,
    state: 'drafting',
    revision: 0,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  };
  return {
    task,
    findings: findings.filter((f) => findingIds.includes(f.id)),
    files: homelab,
    baseRevision: 'abc',
    revision: 1,
    feedback: [],
    ...overrides,
  };
}

describe('built-in Lead: plan', () => {
  const lead = createBuiltinLead();

  it('plans one task per file with fixable findings, the failing Kustomization first', async () => {
    const tasks = await lead.plan(planInput(), context);
    expect(lead.name).toBe('builtin');
    expect(tasks.map((t) => [t.priority, t.findingIds[0]?.split('/')[0]])).toEqual([
      [31, 'flux-sops-without-decryption'],
      [30, 'hardcoded-credential'],
      [30, 'privileged-container'],
      [21, 'emptydir-stateful-data'],
    ]);
    expect(tasks[0]).toEqual({
      title:
        'Decrypt SOPS secrets in Flux Kustomization flux-system/apps; Substitute cluster variables in Flux Kustomization flux-system/apps',
      category: 'stability',
      priority: 31,
      findingIds: [SOPS_ID, 'flux-unresolved-substitution/Kustomization/flux-system/apps'],
    });
    // jellyfin's LinuxServer.io image starts as root by design: its run-as-root finding is not fixable, so not planned.
    expect(tasks[2]?.findingIds).toEqual([JELLYFIN_ID]);
    expect(tasks[2]?.title).toMatch(
      /^Run Deployment media\/jellyfin without privileged mode, requesting gpu.intel.com\/i915/,
    );
  });

  it('never plans a covered finding twice, nor one that is not fixable', async () => {
    const unfixable: Finding = { ...findings[0]!, id: 'privileged-container/Pod/_/debug/c', fixable: false };
    const tasks = await lead.plan(
      planInput({
        observation: { revision: 'abc', files: homelab, findings: [...findings, unfixable] },
        coveredFindingIds: new Set([SOPS_ID]),
      }),
      context,
    );
    const planned = tasks.flatMap((t) => t.findingIds);
    expect(planned).not.toContain(SOPS_ID);
    expect(planned).not.toContain(unfixable.id);
    expect(planned).toContain('flux-unresolved-substitution/Kustomization/flux-system/apps');
    expect(planned.every((id) => findings.find((f) => f.id === id)?.fixable)).toBe(true);
  });

  it('plans nothing for a finding on an object nothing deploys, a committed credential included (it needs a rotation)', async () => {
    const notDeployed = 'not listed in apps/media/kustomization.yaml';
    const archived = findings.map((f) => ({ ...f, severity: 'info' as const, notDeployed }));
    expect(archived.some((f) => f.check === 'hardcoded-credential' && f.fixable)).toBe(true);
    const tasks = await lead.plan(
      planInput({ observation: { revision: 'abc', files: homelab, findings: archived } }),
      context,
    );
    expect(tasks).toEqual([]);
  });

  it('groups findings on the same file into one task', async () => {
    const sidecar: Finding = { ...findings.find((f) => f.id === JELLYFIN_ID)!, id: `${JELLYFIN_ID}-sidecar` };
    const tasks = await lead.plan(
      planInput({ observation: { revision: 'abc', files: homelab, findings: [...findings, sidecar] } }),
      context,
    );
    expect(tasks.find((t) => t.findingIds.includes(JELLYFIN_ID))?.findingIds).toEqual([
      JELLYFIN_ID,
      `${JELLYFIN_ID}-sidecar`,
    ]);
  });
});

describe('built-in Lead: plan of copies', () => {
  it('plans one task for copies of an object in several files: they share their findings’ ids, and a draft fixes every copy', async () => {
    const copy = (file: string) => ({ ...findings.find((f) => f.id === JELLYFIN_ID)!, file });
    const jellyfin = findings.find((f) => f.id === JELLYFIN_ID)!;
    const tasks = await createBuiltinLead().plan(
      planInput({
        observation: { revision: 'abc', files: homelab, findings: [...findings, copy(`copy/${jellyfin.file}`)] },
      }),
      context,
    );
    expect(tasks.filter((t) => t.findingIds.includes(JELLYFIN_ID))).toHaveLength(1);
  });
});

describe('built-in Lead: draft', () => {
  const lead = createBuiltinLead();

  it('drafts the SOPS fix as an edit of the Kustomization only', async () => {
    const result = await lead.draft(draftInput([SOPS_ID]), context);
    if (result.kind !== 'proposal') throw new Error(result.reason);
    expect(result.edits.map((e) => e.path)).toEqual(['clusters/homelab/apps.yaml']);
    expect(result.edits[0]?.after).toContain('decryption:\n    provider: sops\n    secretRef:\n      name: sops-age');
    expect(result.commitMessage.split('\n')[0]).toBe(
      'fix(flux): decrypt SOPS secrets in Kustomization flux-system/apps',
    );
    expect(result.addresses).toEqual([SOPS_ID]);
    expect(result.adr).toBeUndefined();
  });

  it('drafts the jellyfin fix with an ADR, and the result has no finding of the task left', async () => {
    const result = await lead.draft(draftInput([JELLYFIN_ID]), context);
    if (result.kind !== 'proposal') throw new Error(result.reason);
    expect(result.adr?.title).toBe(
      'Use the GPU device plugin instead of privileged mode for Deployment media/jellyfin',
    );
    const after = new Map(homelab);
    for (const edit of result.edits) after.set(edit.path, edit.after ?? '');
    const known = new Set(findings.map((f) => f.id));
    const left = analyzeRepo(after);
    expect(left.map((f) => f.id)).not.toContain(JELLYFIN_ID);
    expect(left.filter((f) => !known.has(f.id))).toEqual([]);
  });

  it('has nothing to do when the findings are gone at the draft revision', async () => {
    const first = await lead.draft(draftInput([SOPS_ID]), context);
    if (first.kind !== 'proposal') throw new Error('expected a proposal');
    const fixed = new Map(homelab);
    for (const edit of first.edits) fixed.set(edit.path, edit.after ?? '');
    const again = await lead.draft(draftInput([SOPS_ID], { files: fixed, baseRevision: 'def' }), context);
    expect(again).toMatchObject({ kind: 'nothing_to_do' });
  });

  it('cannot answer review feedback with another fix', async () => {
    const result = await lead.draft(
      draftInput([JELLYFIN_ID], { revision: 2, feedback: ['also drop the supplemental groups'] }),
      context,
    );
    expect(result).toEqual({
      kind: 'cannot',
      reason: 'built-in Lead has no alternative fix; the review asked: also drop the supplemental groups',
    });
  });

  it('cannot fix a privileged container that shows no GPU need', async () => {
    const files = new Map(homelab);
    // Deployed beside home-assistant: a Pod nothing deploys would have nothing to do.
    const listing = 'apps/home/home-assistant/kustomization.yaml';
    files.set(listing, `${files.get(listing)}  - debug.yaml\n`);
    files.set(
      'apps/home/home-assistant/debug.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: home}\nspec:\n  containers:\n    - {name: sh, image: busybox, securityContext: {privileged: true}}\n',
    );
    const result = await lead.draft(draftInput(['privileged-container/Pod/home/debug/sh'], { files }), context);
    expect(result).toMatchObject({ kind: 'cannot' });
  });

  it('says why, rather than proposing part of the task, when one of its findings can no longer be fixed', async () => {
    // A person created the Secret file the credential fix writes (a push race): the hardening can still be done, the
    // credential cannot, so the task's change is not drafted at all and the reason names the file.
    const tasks = await lead.plan(planInput(), context);
    const ids = tasks.find((t) => t.findingIds.some((id) => id.startsWith('hardcoded-credential/')))?.findingIds ?? [];
    expect(ids.length).toBeGreaterThan(1);
    const files = new Map(homelab);
    files.set('apps/home/home-assistant/home-assistant-secret.sops.yaml', '# a person was first\n');
    const result = await lead.draft(
      draftInput(ids, { files, findings: analyzeRepo(files).filter((f) => ids.includes(f.id)) }),
      context,
    );
    expect(result).toEqual({
      kind: 'cannot',
      reason: expect.stringMatching(
        /^hardcoded-credential\/StatefulSet\/home\/home-assistant\/home-assistant\/RECORDER_DB_PASSWORD: apps\/home\/home-assistant\/home-assistant-secret\.sops\.yaml already exists$/,
      ),
    });
  });

  it('stops at once when the session is over', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(lead.draft(draftInput([SOPS_ID]), { ...context, signal: controller.signal })).rejects.toThrow(
      'deadline',
    );
  });
});
