import type { FileEdit, Finding, Proposal, RepoFiles, Task } from '@triad/core';
import { parseYaml } from '@triad/policy';
import { describe, expect, it } from 'vitest';
import { testContext } from '../../test-support/agent-context';
import type { ReviewInput } from '../../types';
import { createBuiltinCoLead } from './co-lead';

const context = testContext();

/** A tiny analyzer: privileged containers, and images on `latest`. */
function analyze(files: RepoFiles): Finding[] {
  const findings: Finding[] = [];
  for (const [file, text] of files) {
    const parsed = parseYaml(text);
    if (!parsed.ok) continue;
    for (const doc of parsed.docs) {
      const spec = (doc.value as { spec?: { template?: { spec?: { containers?: unknown[] } } } }).spec;
      for (const c of (spec?.template?.spec?.containers ?? []) as {
        name: string;
        image: string;
        securityContext?: { privileged?: boolean };
      }[]) {
        const resource = { kind: doc.kind, namespace: doc.namespace, name: doc.name };
        const base = { severity: 'high', category: 'security', resource, file, fixable: true } as const;
        if (c.securityContext?.privileged) {
          findings.push({
            ...base,
            id: `privileged/${doc.kind}/${doc.namespace}/${doc.name}/${c.name}`,
            check: 'privileged',
            message: `${c.name} runs privileged`,
          });
        }
        if (c.image.endsWith(':latest')) {
          findings.push({
            ...base,
            id: `latest-tag/${doc.kind}/${doc.namespace}/${doc.name}/${c.name}`,
            check: 'latest-tag',
            message: `${c.name} uses latest`,
          });
        }
      }
    }
  }
  return findings;
}

const deployment = (name: string, container: string, volumes = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: media
spec:
  template:
    spec:
${volumes}      containers:
        - name: ${name}
          image: ${name}:1.0
${container}`;

const privileged = '          securityContext:\n            privileged: true\n';
const gpu = '          resources:\n            limits:\n              gpu.intel.com/i915: 1\n';
const files: RepoFiles = new Map([
  ['apps/jellyfin.yaml', deployment('jellyfin', privileged)],
  ['apps/sonarr.yaml', deployment('sonarr', '')],
]);
const findingId = 'privileged/Deployment/media/jellyfin/jellyfin';

function input(edits: Partial<FileEdit>[], extra: Partial<Proposal> = {}): ReviewInput {
  const task: Task = {
    id: 's1-c1t1',
    sessionId: 's1',
    cycle: 1,
    title: 'Drop privileged mode from jellyfin',
    category: 'security',
    priority: 10,
    findingIds: [findingId],
    state: 'under_review',
    revision: 1,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  };
  const full = edits.map((e) => ({
    path: e.path!,
    before: e.before ?? files.get(e.path!) ?? null,
    after: e.after ?? null,
  }));
  const proposal: Proposal = {
    taskId: task.id,
    revision: 1,
    baseRevision: 'abc',
    edits: full,
    commitMessage: 'fix(jellyfin): request the GPU instead of privileged mode',
    diff: '',
    addresses: [findingId],
    draftedBy: 'builtin',
    createdAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
  return { task, proposal, findings: analyze(files).filter((f) => f.id === findingId), files };
}

const coLead = createBuiltinCoLead({ analyze });
const fix = { path: 'apps/jellyfin.yaml', after: deployment('jellyfin', gpu) };

describe('builtin Co-Lead', () => {
  it('approves a fix that resolves the finding, and asks for an ADR when the privilege model changes', async () => {
    const outcome = await coLead.review(input([fix]), context);
    expect(outcome.verdict).toBe('approve');
    expect(outcome.adrRequired).toBe(true);
    expect(outcome.adrReason).toContain('privilege model of Deployment media/jellyfin');
  });

  it('needs no ADR for a change that only takes privileges away, and one for a capability the runtime never granted', async () => {
    const hardened = (caps: string) =>
      deployment(
        'sonarr',
        `          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n${caps}`,
      );
    const review = (after: string) => coLead.review(input([{ path: 'apps/sonarr.yaml', after }]), context);
    // Forbidding escalation and dropping ALL, with a default (binding a low port) added back: a standard applied.
    expect(await review(hardened('              add: [NET_BIND_SERVICE]\n'))).toMatchObject({ adrRequired: false });
    expect(await review(hardened(''))).toMatchObject({ adrRequired: false });
    // NET_ADMIN is no runtime default: a decision about this workload, whatever else the change drops.
    const widened = await review(hardened('              add: [NET_ADMIN]\n'));
    expect(widened).toMatchObject({ adrRequired: true });
    expect(widened.adrReason).toContain('capabilities.add');
  });

  it('accepts a new ADR document under docs/ alongside the fix', async () => {
    const outcome = await coLead.review(
      input([fix, { path: 'docs/adr/0001-gpu.md', before: null, after: '# GPU\n' }]),
      context,
    );
    expect(outcome.verdict).toBe('approve');
  });

  it('requests changes when the finding is still reported', async () => {
    const after = deployment('jellyfin', privileged).replace('jellyfin:1.0', 'jellyfin:1.1');
    const outcome = await coLead.review(input([{ path: 'apps/jellyfin.yaml', after }]), context);
    expect(outcome.verdict).toBe('request_changes');
    expect(outcome.comments.join('\n')).toContain(`Finding ${findingId} is still reported`);
  });

  it('approves a fix of the deployed copy while an archived copy of the object, which nothing deploys, keeps its finding', async () => {
    const withArchive: RepoFiles = new Map([...files, ['archive/jellyfin.yaml', deployment('jellyfin', privileged)]]);
    // As analyzeRepo places them: the archived copy's findings say nothing deploys it.
    const placed = (repo: RepoFiles) =>
      analyze(repo).map((f) => (f.file?.startsWith('archive/') ? { ...f, notDeployed: 'not listed' } : f));
    const review = createBuiltinCoLead({ analyze: placed });
    const outcome = await review.review({ ...input([fix]), files: withArchive }, context);
    expect(outcome.verdict).toBe('approve');
    expect(outcome.comments.join('\n')).not.toContain('archive/');
  });

  it('requests changes when the edits introduce a new finding', async () => {
    const after = deployment('jellyfin', gpu).replace('jellyfin:1.0', 'jellyfin:latest');
    const outcome = await coLead.review(input([{ path: 'apps/jellyfin.yaml', after }]), context);
    expect(outcome.verdict).toBe('request_changes');
    expect(outcome.comments).toEqual([
      expect.stringContaining('introduce finding latest-tag/Deployment/media/jellyfin/jellyfin'),
    ]);
  });

  it('requests changes for a file outside the task scope, naming it', async () => {
    const other = { path: 'apps/sonarr.yaml', after: deployment('sonarr', gpu) };
    const outcome = await coLead.review(input([fix, other]), context);
    expect(outcome.verdict).toBe('request_changes');
    expect(outcome.comments).toEqual([expect.stringContaining('apps/sonarr.yaml is outside the task')]);
  });

  it('places a cluster finding without a file by its resource', async () => {
    const base = input([fix]);
    const clusterFinding = { ...base.findings[0]!, file: undefined };
    const outcome = await coLead.review({ ...base, findings: [clusterFinding] }, context);
    expect(outcome.verdict).toBe('approve');
  });

  it('requests changes when an edited YAML file no longer parses', async () => {
    const outcome = await coLead.review(input([{ path: 'apps/jellyfin.yaml', after: 'spec: [\n' }]), context);
    expect(outcome.verdict).toBe('request_changes');
    expect(outcome.comments.join('\n')).toContain('apps/jellyfin.yaml does not parse as YAML');
  });

  it('requests changes for an edit drafted against stale content', async () => {
    const outcome = await coLead.review(input([{ ...fix, before: deployment('jellyfin', '') }]), context);
    expect(outcome.verdict).toBe('request_changes');
    expect(outcome.comments.join('\n')).toContain('drafted against content that differs');
  });

  it('rejects a fix that writes a credential literal', async () => {
    const env = '          env:\n            - name: API_TOKEN\n              value: hunter2hunter2\n';
    const outcome = await coLead.review(
      input([{ path: 'apps/jellyfin.yaml', after: deployment('jellyfin', `${gpu}${env}`) }]),
      context,
    );
    expect(outcome.verdict).toBe('reject');
    expect(outcome.comments[0]).toContain('API_TOKEN');
    expect(outcome.comments.join('\n')).not.toContain('hunter2');
  });

  it('asks for an ADR when storage moves from emptyDir to a PVC, and when the proposal carries one', async () => {
    const vol = (source: string) => `      volumes:\n        - name: data\n${source}`;
    const before = deployment('jellyfin', privileged, vol('          emptyDir: {}\n'));
    const after = deployment('jellyfin', gpu, vol('          persistentVolumeClaim:\n            claimName: data\n'));
    const storage = await createBuiltinCoLead({ analyze: () => [] }).review(
      { ...input([{ path: 'apps/jellyfin.yaml', before, after }]), files: new Map([['apps/jellyfin.yaml', before]]) },
      context,
    );
    expect(storage.adrRequired).toBe(true);

    const labelsOnly = {
      path: 'apps/jellyfin.yaml',
      after: deployment('jellyfin', privileged).replace(
        'name: jellyfin\n  namespace',
        'name: jellyfin\n  labels: {a: b}\n  namespace',
      ),
    };
    const routine = await createBuiltinCoLead({ analyze: () => [] }).review(input([labelsOnly]), context);
    expect(routine).toMatchObject({ verdict: 'approve', adrRequired: false });
    const adr = { title: 'x', context: 'c', decision: 'd', consequences: 'q', alternatives: [] };
    const withAdr = await createBuiltinCoLead({ analyze: () => [] }).review(input([labelsOnly], { adr }), context);
    expect(withAdr).toMatchObject({ adrRequired: true, adrReason: expect.stringContaining('carries an ADR') });
  });

  it('stops at once when the session is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(coLead.review(input([fix]), { ...context, signal: controller.signal })).rejects.toThrow();
  });
});
