import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyzeRepo } from './analyze-repo';
import { fixFindings } from './fixes/fix-findings';
import { groupForFix } from './fixes/registry';
import { getPath } from './parse/k8s-object';
import { filesAfterFix } from './test-support/repo';

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

/** The planted problems (a)–(g) of examples/homelab/README.md, by finding id, and whether a built-in fix exists. */
const PLANTED: [string, string, boolean][] = [
  ['flux-sops-without-decryption/Kustomization/flux-system/apps', 'clusters/homelab/apps.yaml', true],
  ['privileged-container/Deployment/media/jellyfin/jellyfin', 'apps/media/jellyfin/deployment.yaml', true],
  [
    'hardcoded-credential/StatefulSet/home/home-assistant/home-assistant/RECORDER_DB_PASSWORD',
    'apps/home/home-assistant/statefulset.yaml',
    true,
  ],
  // Both run as root (the image's user): dropping ALL is left to a person.
  [
    'capabilities-not-dropped/StatefulSet/home/home-assistant/home-assistant',
    'apps/home/home-assistant/statefulset.yaml',
    false,
  ],
  [
    'capabilities-not-dropped/StatefulSet/home/home-assistant/wait-for-db',
    'apps/home/home-assistant/statefulset.yaml',
    false,
  ],
  [
    'emptydir-stateful-data/HelmRelease/monitoring/kube-prometheus-stack/prometheus.prometheusSpec',
    'apps/monitoring/kube-prometheus-stack/helmrelease.yaml',
    true,
  ],
  ['flux-unresolved-substitution/Kustomization/flux-system/apps', 'clusters/homelab/apps.yaml', true],
];

describe('examples/homelab', () => {
  const files = loadRepo(root);
  const findings = analyzeRepo(files);

  it('reports every planted problem, with its file and whether it is fixable', () => {
    const byId = new Map(findings.map((f) => [f.id, f]));
    for (const [id, file, fixable] of PLANTED) {
      expect(byId.get(id), id).toMatchObject({ file, fixable });
    }
  });

  it('reports nothing on the objects that are fine: controllers from Helm charts, Services, PVCs, SOPS Secrets', () => {
    const files = new Set(findings.map((f) => f.file));
    for (const clean of [
      'infrastructure/controllers/ingress-nginx/helmrelease.yaml',
      'infrastructure/controllers/nvidia-device-plugin/helmrelease.yaml',
      'apps/home/home-assistant/secret.sops.yaml',
      'infrastructure/configs/cluster-issuers.yaml',
      'clusters/homelab/infrastructure.yaml',
      'clusters/homelab/flux-system/gotk-sync.yaml',
    ]) {
      expect(files.has(clean), clean).toBe(false);
    }
    expect(findings.filter((f) => f.check === 'plaintext-secret')).toEqual([]);
  });

  it('sees the encrypted Secrets and the substituted variable the apps Kustomization builds', () => {
    const byCheck = new Map(findings.map((f) => [f.check, f]));
    expect(byCheck.get('flux-sops-without-decryption')?.evidence).toEqual({
      path: 'apps',
      secretRef: 'sops-age',
      encryptedFiles: [
        'apps/home/home-assistant/secret.sops.yaml',
        'apps/monitoring/kube-prometheus-stack/grafana-admin.sops.yaml',
      ],
    });
    expect(byCheck.get('flux-unresolved-substitution')?.evidence).toMatchObject({
      variables: ['CLUSTER_DOMAIN'],
      sources: [{ kind: 'ConfigMap', name: 'cluster-settings' }],
    });
    expect(byCheck.get('privileged-container')?.evidence).toMatchObject({ device: 'gpu.intel.com/i915' });
  });

  it('plans one change per file, and each leaves none of its findings and adds none', () => {
    const known = new Set(findings.map((f) => f.id));
    const groups = groupForFix(findings.filter((f) => f.fixable));
    expect(groups.map((g) => g[0]?.file).sort()).toEqual([
      'apps/home/home-assistant/statefulset.yaml',
      'apps/media/jellyfin/deployment.yaml',
      'apps/monitoring/kube-prometheus-stack/helmrelease.yaml',
      'clusters/homelab/apps.yaml',
    ]);
    for (const group of groups) {
      const outcome = fixFindings(files, group);
      if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
      // The credential fix also writes its SOPS Secret and lists it; `apps` lacking decryption is finding (a)'s task.
      expect([...outcome.files.keys()].sort()).toEqual(
        group.some((f) => f.check === 'hardcoded-credential')
          ? [
              'apps/home/home-assistant/home-assistant-secret.sops.yaml',
              'apps/home/home-assistant/kustomization.yaml',
              'apps/home/home-assistant/statefulset.yaml',
            ]
          : [group[0]?.file],
      );
      const after = analyzeRepo(filesAfterFix(files, outcome));
      expect(after.filter((f) => group.some((g) => g.id === f.id))).toEqual([]);
      expect(after.filter((f) => !known.has(f.id))).toEqual([]);
    }
  });

  it('keeps the comments of the edited files, and never writes the credential it moves', () => {
    const all = fixFindings(
      files,
      findings.filter((f) => f.fixable),
    );
    if (all.kind !== 'fixed') throw new Error(all.reason);
    expect(all.files.get('apps/media/jellyfin/deployment.yaml')).toContain(
      '# QuickSync lives on k3s2 (UHD 770), NFD puts this label on it',
    );
    expect(all.files.get('clusters/homelab/apps.yaml')).toContain('# TODO: health checks');
    // jellyfin is a LinuxServer.io image: its s6 init needs these back, or the pod crash-loops and verify fails.
    const jellyfin = parse(all.files.get('apps/media/jellyfin/deployment.yaml') ?? '');
    expect(getPath(jellyfin, ['spec', 'template', 'spec', 'containers', 0, 'securityContext'])).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'] },
    });
    const statefulset = all.files.get('apps/home/home-assistant/statefulset.yaml') ?? '';
    expect(statefulset).not.toContain('Hass-Recorder-2024!');
    expect(statefulset).toContain('name: home-assistant-secret\n                  key: RECORDER_DB_PASSWORD');
    // Only the file the tool layer encrypts holds the value; nothing is left for a person to add.
    const holding = [...all.files].filter(([, text]) => text.includes('Hass-Recorder-2024!')).map(([path]) => path);
    expect(holding).toEqual(['apps/home/home-assistant/home-assistant-secret.sops.yaml']);
    expect(all.encrypt).toEqual(holding);
    expect(all.humanSteps).toBeUndefined();
    expect(all.followUps?.join('\n')).toContain(
      'stays in Git history at apps/home/home-assistant/statefulset.yaml (RECORDER_DB_PASSWORD at line',
    );
    const fixable = new Set(findings.filter((f) => f.fixable).map((f) => f.id));
    expect(analyzeRepo(filesAfterFix(files, all)).filter((f) => fixable.has(f.id))).toEqual([]);
  });
});
