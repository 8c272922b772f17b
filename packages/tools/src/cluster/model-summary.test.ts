import type { ClusterSnapshot, PodSnapshot } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { summarizeSnapshot } from './model-summary';
import { renderSummary } from './render-summary';

const pod = (i: number, owner: string, waitingReason?: string): PodSnapshot => ({
  namespace: 'shop',
  name: `${owner}-abc12-${i}`,
  phase: waitingReason ? 'Pending' : 'Running',
  node: `n${i % 4}`,
  owner: { kind: 'Deployment', name: owner },
  restarts: 0,
  conditions: [],
  containers: [
    {
      name: owner,
      image: 'img',
      init: false,
      ready: !waitingReason,
      restartCount: 0,
      state: waitingReason ? 'waiting' : 'running',
      ...(waitingReason ? { waitingReason, waitingMessage: `secret "${owner}" not found` } : {}),
      requests: {},
      limits: {},
      security: {},
    },
  ],
  secretRefs: [],
  claimRefs: [],
  nodeSelector: {},
});

const snapshot = (pods: PodSnapshot[]): ClusterSnapshot => ({
  source: 'test',
  takenAt: '2026-01-01T00:00:00.000Z',
  nodes: [],
  pods,
  flux: { kustomizations: [], helmReleases: [], gitRepositories: [], ociRepositories: [] },
  pvcs: [{ namespace: 'db', name: 'data', phase: 'Pending', storageClass: 'local-path' }],
  warnings: [],
  secrets: [],
});

describe('summarizeSnapshot', () => {
  it('groups pods by owner and problem, so its size follows the distinct problems, not the pods', () => {
    const small = snapshot([
      ...Array.from({ length: 10 }, (_, i) => pod(i, 'web')),
      pod(0, 'billing', 'CreateContainerConfigError'),
    ]);
    const large = snapshot([
      ...Array.from({ length: 5_000 }, (_, i) => pod(i, 'web')),
      ...Array.from({ length: 500 }, (_, i) => pod(i, 'billing', 'CreateContainerConfigError')),
    ]);
    const summary = summarizeSnapshot(large);
    expect(summary.counts).toMatchObject({ pods: 5_500, healthyPods: 5_000 });
    expect(summary.podProblems).toEqual([
      expect.objectContaining({ owner: 'Deployment/billing', count: 500, nodes: ['n0', 'n1', 'n2', 'n3'] }),
    ]);
    expect(renderSummary(summary).length).toBeLessThan(renderSummary(summarizeSnapshot(small)).length + 20);
    expect(renderSummary(summary)).toContain(
      'shop Deployment/billing x500 on n0,n1,n2,n3: billing: CreateContainerConfigError',
    );
    expect(renderSummary(summary)).toContain('- db/data: Pending (local-path)');
  });

  it('lists at most maxGroups problems and counts the rest', () => {
    const many = snapshot(Array.from({ length: 50 }, (_, i) => pod(i, `app${i}`, 'ImagePullBackOff')));
    const summary = summarizeSnapshot(many, { maxGroups: 10 });
    expect(summary.podProblems).toHaveLength(10);
    expect(summary.morePodProblems).toBe(40);
  });
});
