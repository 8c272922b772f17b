import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from './analyze-repo';
import { fixFindings } from './fixes/fix-findings';

const root = fileURLToPath(new URL('../../../examples/homelab', import.meta.url));

function loadRepo(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

describe('examples/homelab', () => {
  const files = loadRepo(root);

  it('has exactly the two reference problems the current checks know', () => {
    expect(analyzeRepo(files).map((f) => [f.id, f.file, f.fixable])).toEqual([
      ['privileged-container/Deployment/media/jellyfin/jellyfin', 'apps/media/jellyfin/deployment.yaml', true],
      ['flux-sops-without-decryption/Kustomization/flux-system/apps', 'clusters/homelab/apps.yaml', true],
    ]);
  });

  it('sees the encrypted Secrets the apps Kustomization builds, and jellyfin needing the Intel GPU', () => {
    const byCheck = new Map(analyzeRepo(files).map((f) => [f.check, f]));
    expect(byCheck.get('flux-sops-without-decryption')?.evidence).toEqual({
      path: 'apps',
      secretRef: 'sops-age',
      encryptedFiles: [
        'apps/home/home-assistant/secret.sops.yaml',
        'apps/monitoring/kube-prometheus-stack/grafana-admin.sops.yaml',
      ],
    });
    expect(byCheck.get('privileged-container')?.evidence).toMatchObject({ device: 'gpu.intel.com/i915' });
  });

  it('is clean once the built-in fixers have run, with the comments of the edited files kept', () => {
    const outcome = fixFindings(files, analyzeRepo(files));
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    expect([...outcome.files.keys()].sort()).toEqual([
      'apps/media/jellyfin/deployment.yaml',
      'clusters/homelab/apps.yaml',
    ]);
    expect(outcome.files.get('apps/media/jellyfin/deployment.yaml')).toContain(
      '# QuickSync lives on k3s2 (UHD 770), NFD puts this label on it',
    );
    expect(outcome.files.get('clusters/homelab/apps.yaml')).toContain('# TODO: health checks');
    expect(analyzeRepo(new Map([...files, ...outcome.files]))).toEqual([]);
  });
});
