import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { repo } from '../test-support/repo';

/** A hardened Deployment, and a kustomization that patches it from files of fragments. */
const files = {
  'apps/relay/deployment.yaml': `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: relay, namespace: mail}
    spec:
      selector: {matchLabels: {app: relay}}
      template:
        metadata: {labels: {app: relay}}
        spec:
          securityContext: {runAsNonRoot: true, runAsUser: 2000}
          containers:
            - name: relay
              image: ghcr.io/example/relay:1.4.0
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              resources: {limits: {memory: 128Mi}}
  `,
  'apps/relay/tune.yaml': `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: relay, namespace: mail}
    spec:
      template:
        spec:
          containers:
            - name: relay
              args: [--queue-workers=8]
  `,
  'apps/relay/debug.yaml': `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: relay, namespace: mail}
    spec:
      template:
        spec:
          containers:
            - name: relay
              securityContext: {privileged: true}
  `,
  'apps/relay/kustomization.yaml': `
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources: [deployment.yaml]
    patches:
      - path: tune.yaml
        target: {kind: Deployment, name: relay}
    patchesStrategicMerge: [debug.yaml]
  `,
};

describe('a kustomize patch file', () => {
  it('is a fragment: not judged for what it leaves out, still judged for what it sets', () => {
    const findings = analyzeRepo(repo(files));
    expect(findings.filter((f) => f.file === 'apps/relay/tune.yaml')).toEqual([]);
    // What the patch sets is what the built Deployment runs with.
    expect(findings.filter((f) => f.file === 'apps/relay/debug.yaml').map((f) => f.check)).toEqual([
      'privileged-container',
    ]);
    expect(findings.filter((f) => f.file === 'apps/relay/deployment.yaml')).toEqual([]);
  });

  it('is judged whole when a kustomization also lists it as a resource', () => {
    const both = {
      ...files,
      'apps/relay/kustomization.yaml': `
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [deployment.yaml, tune.yaml]
      `,
      'apps/other/kustomization.yaml': `
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [../relay]
        patches: [{path: ../relay/tune.yaml}]
      `,
    };
    const checks = analyzeRepo(repo(both))
      .filter((f) => f.file === 'apps/relay/tune.yaml')
      .map((f) => f.check);
    expect(checks).toContain('missing-resource-limits');
  });
});

describe("a configMapGenerator's input", () => {
  // A double-quoted value continued on a line no deeper than its key: other YAML readers load it, `yaml` does not.
  const chart = 'charts:\n  top:\n    summary: "the films of the\n    week"\n';
  const kustomization = (list: string) => `
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    ${list}
  `;

  it('is text kustomize copies, not a manifest: YAML that does not parse there stops no build', () => {
    const files = repo({
      'apps/posters/kustomization.yaml': kustomization(
        'configMapGenerator:\n      - name: posters-config\n        files: [charts.yml=./config/charts.yml]',
      ),
      'apps/posters/config/charts.yml': '',
    });
    files.set('apps/posters/config/charts.yml', chart);
    expect(analyzeRepo(files).filter((f) => f.check === 'yaml-parse-error')).toEqual([]);
  });

  it('is a manifest again when a kustomization lists it as a resource', () => {
    const files = repo({ 'apps/posters/kustomization.yaml': kustomization('resources: [config/charts.yml]') });
    files.set('apps/posters/config/charts.yml', chart);
    expect(analyzeRepo(files).map((f) => f.id)).toContain('yaml-parse-error/File/_/apps/posters/config/charts.yml');
  });
});
