import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { repo } from '../test-support/repo';

describe('pod templates of kinds Triad does not know', () => {
  const files = repo({
    'dc.yaml': `
      apiVersion: apps.openshift.io/v1
      kind: DeploymentConfig
      metadata: {name: legacy, namespace: apps}
      spec:
        replicas: 1
        template:
          spec:
            containers:
              - name: legacy
                image: registry.example.org/legacy:3
                securityContext: {privileged: true}
    `,
    'rollout.yaml': `
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata: {name: shop, namespace: apps}
      spec:
        strategy: {canary: {steps: [{setWeight: 20}]}}
        template:
          spec:
            containers:
              - name: shop
                image: registry.example.org/shop:1
                env:
                  - {name: STRIPE_KEY_PASSWORD, value: "not-a-placeholder"}
                securityContext:
                  capabilities: {drop: [ALL]}
                  allowPrivilegeEscalation: false
    `,
  });
  const found = analyzeRepo(files);
  const ids = (check: string) =>
    found
      .filter((f) => f.check === check)
      .map((f) => f.id)
      .sort();

  it('analyses them like Deployments: privileged, capabilities, credentials in env', () => {
    expect(ids('privileged-container')).toEqual(['privileged-container/DeploymentConfig/apps/legacy/legacy']);
    expect(ids('hardcoded-credential')).toEqual(['hardcoded-credential/Rollout/apps/shop/shop/STRIPE_KEY_PASSWORD']);
  });

  it('reports a privileged container once, as privileged: it holds every capability whatever it drops', () => {
    expect(ids('capabilities-not-dropped')).toEqual([]);
    expect(ids('privilege-escalation-allowed')).toEqual([]);
  });
});

describe('pod templates an operator hardens', () => {
  const pooler = (sidecar: string) =>
    repo({
      'pooler.yaml': `
        apiVersion: postgresql.cnpg.io/v1
        kind: Pooler
        metadata: {name: app-pooler-rw, namespace: databases}
        spec:
          cluster: {name: app-db}
          instances: 2
          type: rw
          pgbouncer: {poolMode: session}
          template:
            spec:
              containers:
                - name: pgbouncer
                  resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 128Mi}}${sidecar}
      `,
    });
  const checks = (files: Map<string, string>) =>
    analyzeRepo(files)
      .filter((f) =>
        ['capabilities-not-dropped', 'privilege-escalation-allowed', 'run-as-root-allowed'].includes(f.check),
      )
      .map((f) => f.id.split('/').pop());

  it('leaves CloudNativePG’s pgbouncer container to the operator, which writes its securityContext', () => {
    expect(checks(pooler(''))).toEqual([]);
  });

  it('still judges a sidecar added to the same template', () => {
    const sidecar =
      '\n                - {name: exporter, image: ghcr.io/example/exporter:1, resources: {limits: {memory: 64Mi}}}';
    expect(checks(pooler(sidecar))).toEqual(['exporter', 'exporter', 'exporter']);
  });
});
