import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { fluxKustomization, repo, sopsSecret } from '../test-support/repo';

const decryption = (secret: string) => `
  decryption:
    provider: sops
    secretRef:
      name: ${secret}
`;

function findings(files: Map<string, string>) {
  return analyzeRepo(files).filter((f) => f.check === 'flux-sops-without-decryption');
}

describe('flux-sops-without-decryption', () => {
  it('reports a Kustomization whose kustomization.yaml resources include an encrypted Secret', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'resources:\n  - ./home\n',
      'apps/home/kustomization.yaml': 'resources: [secret.sops.yaml]\n',
      'apps/home/secret.sops.yaml': sopsSecret('home', 'mqtt'),
    });
    const [finding, ...rest] = findings(files);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: 'flux-sops-without-decryption/Kustomization/flux-system/apps',
      severity: 'high',
      category: 'stability',
      file: 'clusters/home/apps.yaml',
      line: 6,
      fixable: true,
      evidence: { encryptedFiles: ['apps/home/secret.sops.yaml'], secretRef: 'sops-age', path: 'apps' },
    });
  });

  it('reports a Kustomization without kustomization.yaml, where Flux builds every file under the path', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/home/secret.sops.yaml': sopsSecret('home', 'mqtt'),
      'apps/home/deployment.yaml': 'kind: Deployment\nmetadata: {name: d}\n',
    });
    expect(findings(files).map((f) => f.evidence?.encryptedFiles)).toEqual([['apps/home/secret.sops.yaml']]);
  });

  it('is silent when the encrypted file is not in what kustomization.yaml lists', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'apps/deployment.yaml': 'kind: Deployment\nmetadata: {name: d}\n',
      'apps/old-secret.sops.yaml': sopsSecret('home', 'old'),
    });
    expect(findings(files)).toEqual([]);
  });

  it('is silent when kustomize-controller decrypts age files itself (--sops-age-secret), unless a file is not for age', () => {
    // The FluxInstance patch a homelab uses since Flux 2.7, in our own words.
    const instance = [
      'apiVersion: fluxcd.controlplane.io/v1',
      'kind: FluxInstance',
      'metadata: {name: flux, namespace: flux-system}',
      'spec:',
      '  kustomize:',
      '    patches:',
      '      - patch: |',
      '          - op: add',
      '            path: /spec/template/spec/containers/0/args/-',
      '            value: --sops-age-secret=sops-age',
      '        target: {kind: Deployment, name: kustomize-controller}',
      '',
    ].join('\n');
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/secret.sops.yaml': sopsSecret('home', 'mqtt'),
    });
    expect(findings(files)).toHaveLength(1);
    expect(findings(repo({ ...Object.fromEntries(files), 'flux/instance.yaml': instance }))).toEqual([]);
    // A file encrypted for a PGP key only: the controller's age keys cannot open it.
    const pgp = sopsSecret('home', 'legacy').replace(/ {4}age:\n(.*\n){5}/, '    pgp: [{fp: 0123456789ABCDEF}]\n');
    expect(pgp).not.toContain('age:');
    const withPgp = repo({
      ...Object.fromEntries(files),
      'flux/instance.yaml': instance,
      'apps/legacy.sops.yaml': pgp,
    });
    expect(findings(withPgp).map((f) => f.evidence?.encryptedFiles)).toEqual([
      ['apps/legacy.sops.yaml', 'apps/secret.sops.yaml'],
    ]);
  });

  it('is silent when spec.decryption is present', () => {
    const files = repo({
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps', decryption('sops-age')),
      'apps/secret.sops.yaml': sopsSecret('home', 'mqtt'),
    });
    expect(findings(files)).toEqual([]);
  });

  it('suggests the secretRef most other Kustomizations use', () => {
    const files = repo({
      'clusters/home/a.yaml': fluxKustomization('a', './a', decryption('age-key')),
      'clusters/home/b.yaml': fluxKustomization('b', './b', decryption('age-key')),
      'clusters/home/c.yaml': fluxKustomization('c', './c', decryption('sops-gpg')),
      'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
      'apps/secret.sops.yaml': sopsSecret('home', 'mqtt'),
    });
    expect(findings(files).map((f) => f.evidence?.secretRef)).toEqual(['age-key']);
  });

  it('ignores Kustomizations that are not Flux ones', () => {
    const files = repo({
      'apps/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [secret.sops.yaml]\n',
      'apps/secret.sops.yaml': sopsSecret('home', 'mqtt'),
    });
    expect(findings(files)).toEqual([]);
  });
});
