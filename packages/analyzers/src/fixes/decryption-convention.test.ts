import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildAnalysisContext } from '../analysis-context';
import { analyzeRepo } from '../analyze-repo';
import { conventionalDecryption } from '../flux/decryption-convention';
import { fluxKustomization, repo, sopsSecret } from '../test-support/repo';
import { fixFindings } from './fix-findings';

const kms = 'decryption:\n  provider: sops\n';
const gpg = 'decryption:\n  provider: sops\n  secretRef:\n    name: sops-gpg\n';

/**
 * A cluster whose live Kustomizations decrypt through a cloud KMS (no secretRef: the controller's workload identity),
 * beside an old bootstrap kept in an archive folder whose three Kustomizations named a GPG key Secret.
 */
const files = repo({
  'clusters/prod/flux-system/gotk-sync.yaml': fluxKustomization('flux-system', './clusters/prod'),
  'clusters/prod/apps.yaml': fluxKustomization('apps', './apps', kms),
  'clusters/prod/infra.yaml': fluxKustomization('infra', './infra', kms),
  'clusters/prod/certs.yaml': fluxKustomization('certs', './certs'),
  'apps/secret.sops.yaml': sopsSecret('apps', 'a'),
  'infra/secret.sops.yaml': sopsSecret('infra', 'i'),
  'certs/secret.sops.yaml': sopsSecret('cert-manager', 'dns-token'),
  'archive/bootstrap/one.yaml': fluxKustomization('old-one', './archive/one', gpg),
  'archive/bootstrap/two.yaml': fluxKustomization('old-two', './archive/two', gpg),
  'archive/bootstrap/three.yaml': fluxKustomization('old-three', './archive/three', gpg),
});

describe('the decryption a fix gives a Flux Kustomization', () => {
  it('is the one the applied Kustomizations use, without a secretRef when they name none', () => {
    const convention = conventionalDecryption(buildAnalysisContext(files).context.flux);
    expect(convention.secretName).toBeUndefined();
    expect(convention.precedent.map((k) => k.ref.name).sort()).toEqual(['apps', 'infra']);

    const findings = analyzeRepo(files).filter((f) => f.check === 'flux-sops-without-decryption');
    expect(findings.map((f) => f.resource.name)).toEqual(['certs']);
    const outcome = fixFindings(files, findings);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    expect(parse(outcome.files.get('clusters/prod/certs.yaml')!).spec.decryption).toEqual({ provider: 'sops' });
    expect(outcome.commitMessage).toContain(
      'Decrypt with provider sops and no secretRef, as flux-system/apps, flux-system/infra already do.',
    );
  });

  it('names the Secret the applied Kustomizations name, and the default where none decrypts', () => {
    const named = new Map([
      ...files,
      ...repo({
        'clusters/prod/apps.yaml': fluxKustomization('apps', './apps', gpg.replace('sops-gpg', 'sops-age-prod')),
        'clusters/prod/infra.yaml': fluxKustomization('infra', './infra', gpg.replace('sops-gpg', 'sops-age-prod')),
      }),
    ]);
    expect(conventionalDecryption(buildAnalysisContext(named).context.flux).secretName).toBe('sops-age-prod');
    const none = repo({
      'clusters/prod/certs.yaml': fluxKustomization('certs', './certs'),
      'certs/s.sops.yaml': sopsSecret('c', 's'),
    });
    expect(conventionalDecryption(buildAnalysisContext(none).context.flux)).toMatchObject({
      secretName: 'sops-age',
      precedent: [],
    });
  });
});
