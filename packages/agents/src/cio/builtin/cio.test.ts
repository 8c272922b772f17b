import type { FileEdit, Proposal, RiskLevel, Task } from '@triad/core';
import { riskFloor } from '@triad/policy';
import { describe, expect, it } from 'vitest';
import { testContext } from '../../test-support/agent-context';
import type { AssessInput } from '../../types';
import { createBuiltinCio } from './cio';

const context = testContext();

const task: Task = {
  id: 's1-c1t1',
  sessionId: 's1',
  cycle: 1,
  title: 't',
  category: 'security',
  priority: 1,
  findingIds: [],
  state: 'under_review',
  revision: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

/** Builds the input the orchestrator would: the floor from the tool layer unless a test overrides it. */
function input(edits: FileEdit[], floor?: { level: RiskLevel; reasons: string[] }): AssessInput {
  const proposal: Proposal = {
    taskId: task.id,
    revision: 1,
    baseRevision: 'abc',
    edits,
    commitMessage: 'x',
    diff: '',
    addresses: [],
    draftedBy: 'builtin',
    createdAt: '2025-01-01T00:00:00Z',
  };
  return { task, proposal, findings: [], files: new Map(), floor: floor ?? riskFloor(edits) };
}

const deployment = (container: string, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: jellyfin
  namespace: media
spec:
  template:
    spec:
${podSpec}      containers:
        - name: jellyfin
          image: jellyfin:1.0
${container}`;
const ks = (spec: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  path: ./apps\n  prune: true\n${spec}`;
const edit = (before: string | null, after: string | null, path = 'apps/jellyfin.yaml'): FileEdit => ({
  path,
  before,
  after,
});
const cio = createBuiltinCio();

describe('builtin CIO', () => {
  it('rates tightening a securityContext medium and revertable, naming container and field', async () => {
    const before = deployment('          securityContext:\n            privileged: true\n');
    const after = deployment(
      '          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n',
    );
    const outcome = await cio.assess(input([edit(before, after)]), context);
    expect(outcome.level).toBe('medium');
    expect(outcome.reversibility).toBe('revert');
    expect(outcome.factors[0]).toContain('container jellyfin of Deployment media/jellyfin');
    expect(outcome.factors.join('\n')).toContain('securityContext.privileged removed');
    expect(outcome.blastRadius).toBe('1 object in namespace media: Deployment media/jellyfin.');
    expect(outcome.score).toBeGreaterThanOrEqual(30);
    expect(outcome.score).toBeLessThan(60);
  });

  it('rates keeping the capabilities a root-init image needs medium, and adding one it never held high', async () => {
    const keep = (add: string) =>
      deployment(
        `          securityContext:\n            capabilities:\n              drop: [ALL]\n              add: [${add}]\n`,
      );
    const privileged = deployment('          securityContext:\n            privileged: true\n');
    const unprivileged = await cio.assess(input([edit(privileged, keep('CHOWN, SETUID, SETGID'))]), context);
    expect(unprivileged.level).toBe('medium');
    expect(unprivileged.factors.join('\n')).toContain('it held them before');
    const defaults = await cio.assess(input([edit(deployment(''), keep('CHOWN, FOWNER'))]), context);
    expect(defaults.level).toBe('medium');
    const netAdmin = await cio.assess(input([edit(deployment(''), keep('NET_ADMIN'))]), context);
    expect(netAdmin.level).toBe('high');
  });

  it('rates a device resource limit medium', async () => {
    const after = deployment('          resources:\n            limits:\n              gpu.intel.com/i915: 1\n');
    const outcome = await cio.assess(input([edit(deployment(''), after)]), context);
    expect(outcome).toMatchObject({ level: 'medium', reversibility: 'revert' });
    expect(outcome.factors[0]).toContain('Requests device gpu.intel.com/i915');
  });

  it('rates adding Flux decryption or substituteFrom medium, with the reconciled path in the blast radius', async () => {
    const decryption = ks('  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n');
    const substitute = ks('  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: vars\n');
    for (const after of [decryption, substitute]) {
      const outcome = await cio.assess(input([edit(ks(''), after, 'clusters/home/apps.yaml')]), context);
      expect(outcome.level).toBe('medium');
      expect(outcome.factors[0]).toContain('reconciliation of its path changes');
      expect(outcome.blastRadius).toContain('every object that Kustomization flux-system/apps reconciles');
    }
  });

  it('rates docs-only changes low', async () => {
    const outcome = await cio.assess(input([edit(null, '# ADR\n', 'docs/adr/0001-gpu.md')]), context);
    expect(outcome).toMatchObject({ level: 'low', reversibility: 'revert' });
    expect(outcome.score).toBeLessThan(25);
    expect(outcome.blastRadius).toContain('No cluster objects');
  });

  it('rates a PVC deletion critical and manual to undo', async () => {
    const pvc = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: config\n  namespace: media\n';
    const outcome = await cio.assess(input([edit(pvc, null, 'apps/pvc.yaml')]), context);
    expect(outcome).toMatchObject({ level: 'critical', reversibility: 'manual' });
    expect(outcome.score).toBeGreaterThanOrEqual(90);
    expect(outcome.factors.join('\n')).toContain('PersistentVolumeClaim media/config');
  });

  it('rates floor classes at their floor: placement is high', async () => {
    const after = deployment('', '      nodeSelector:\n        gpu: "true"\n');
    const outcome = await cio.assess(input([edit(deployment(''), after)]), context);
    expect(outcome.level).toBe('high');
  });

  it('rates unknown fields and kinds medium', async () => {
    const after = deployment('          workingDir: /srv\n');
    expect((await cio.assess(input([edit(deployment(''), after)]), context)).level).toBe('medium');
    const widget = (n: number) =>
      `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: ${n}\n`;
    expect((await cio.assess(input([edit(widget(1), widget(2), 'a.yaml')]), context)).level).toBe('medium');
  });

  it('never goes below the floor it is given', async () => {
    const outcome = await cio.assess(
      input([edit(null, '# ADR\n', 'docs/adr/0001.md')], { level: 'high', reasons: ['The operator said so.'] }),
      context,
    );
    expect(outcome.level).toBe('high');
    expect(outcome.factors).toContain('The operator said so.');
  });

  it('rates granting privilege high', async () => {
    const after = deployment('          securityContext:\n            capabilities:\n              add: [NET_ADMIN]\n');
    expect((await cio.assess(input([edit(deployment(''), after)]), context)).level).toBe('high');
  });
});
