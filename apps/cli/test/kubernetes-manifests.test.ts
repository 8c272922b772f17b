import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRepo, kustomizeBuildFiles } from '@triad/analyzers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readRepoFiles } from '../src/scan/repo-files';

// deploy/kubernetes rendered with Triad's own model of a kustomize build (no kustomize binary here: the base uses
// only resources and components, which the model follows as kustomize does), then checked as `triad scan` checks.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<
  string,
  // biome-ignore lint/suspicious/noExplicitAny: manifests are walked by hand below
  any
>;
let files: Map<string, string>;

beforeAll(async () => {
  files = new Map([...(await readRepoFiles(join(ROOT, 'deploy')))].map(([path, text]) => [`deploy/${path}`, text]));
});

/** The build of a directory as one multi-document file, as `kustomize build` prints it. */
function render(dir: string): string {
  return kustomizeBuildFiles(files, dir)
    .map((path) => files.get(path)!)
    .join('\n---\n');
}
const objects = (dir: string): Obj[] =>
  parseAllDocuments(render(dir))
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
const find = (list: Obj[], kind: string, name: string) => {
  const found = list.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the build`);
  return found;
};

/** What the restricted Pod Security Standard refuses in a pod spec (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
function restrictedViolations(spec: Obj): string[] {
  const out: string[] = [];
  const pod = spec.securityContext ?? {};
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) out.push('host namespaces');
  const allowedVolumes = [
    'configMap',
    'csi',
    'downwardAPI',
    'emptyDir',
    'ephemeral',
    'persistentVolumeClaim',
    'projected',
    'secret',
  ];
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!allowedVolumes.includes(type ?? '')) out.push(`volume ${volume.name} is ${type}`);
  }
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name} privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name} may escalate`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) out.push(`${c.name} not runAsNonRoot`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) out.push(`${c.name} runs as 0`);
    const seccomp = (sc.seccompProfile ?? pod.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${c.name} seccomp ${seccomp}`);
    if (!sc.capabilities?.drop?.includes('ALL')) out.push(`${c.name} does not drop ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${c.name} adds ${cap}`);
    if (c.ports?.some((p: Obj) => p.hostPort)) out.push(`${c.name} hostPort`);
  }
  return out;
}

describe.each(['deploy/kubernetes', 'deploy/kubernetes/with-redis'])('%s', (dir) => {
  it('has no findings when `triad scan` checks the build', () => {
    expect(analyzeRepo(new Map([['rendered.yaml', render(dir)]]))).toEqual([]);
  });

  it('meets the restricted Pod Security Standard in every pod, in a namespace that enforces it', () => {
    const list = objects(dir);
    const pods = list.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
    expect(pods.length).toBeGreaterThanOrEqual(2);
    for (const workload of pods) {
      expect(restrictedViolations(workload.spec.template.spec), workload.metadata.name).toEqual([]);
      expect(workload.metadata.namespace).toBe('triad');
    }
    expect(find(list, 'Namespace', 'triad').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('holds no Secret and takes every credential by reference', () => {
    const list = objects(dir);
    expect(list.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const workload of list.filter((o) => o.kind === 'Deployment')) {
      for (const c of workload.spec.template.spec.containers) {
        for (const env of c.env ?? []) {
          if (/KEY|TOKEN|SECRET|PASSWORD|REDIS_URL/.test(env.name))
            expect(env.valueFrom?.secretKeyRef, env.name).toBeDefined();
        }
      }
    }
  });
});

describe('deploy/kubernetes', () => {
  it('runs the server behind a Service and the workers with replicas under a disruption budget', () => {
    const list = objects('deploy/kubernetes');
    const server = find(list, 'Deployment', 'triad-server');
    const service = find(list, 'Service', 'triad-server');
    expect(server.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(server.spec.template.spec.containers[0].args).toEqual(['serve', '--port', '8080']);
    const worker = find(list, 'Deployment', 'triad-worker');
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.spec.template.spec.containers[0].args).toEqual(['worker']);
    const budget = find(list, 'PodDisruptionBudget', 'triad-worker');
    expect(worker.spec.template.metadata.labels).toMatchObject(budget.spec.selector.matchLabels);
    expect(budget.spec.minAvailable).toBeLessThan(worker.spec.replicas);
    for (const workload of [server, worker]) expect(workload.spec.template.spec.serviceAccountName).toBe('triad');
  });

  it('grants the service account reads, and patch on Flux objects only (the reconcile request)', () => {
    const list = objects('deploy/kubernetes');
    find(list, 'ServiceAccount', 'triad');
    const binding = find(list, 'ClusterRoleBinding', 'triad-observer');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'triad', namespace: 'triad' }]);
    for (const rule of find(list, 'ClusterRole', 'triad-observer').rules) {
      const writes = rule.verbs.filter((v: string) => !['get', 'list', 'watch'].includes(v));
      if (writes.length) {
        expect(writes).toEqual(['patch']);
        expect(rule.apiGroups[0]).toMatch(/\.toolkit\.fluxcd\.io$/);
      }
    }
  });

  it('denies all traffic by default and lets in only the UI port', () => {
    const policies = objects('deploy/kubernetes').filter((o) => o.kind === 'NetworkPolicy');
    const deny = policies.find(
      (p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress,
    );
    expect(deny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ingress = policies.flatMap((p) => p.spec.ingress ?? []);
    expect(ingress.flatMap((rule: Obj) => rule.ports.map((p: Obj) => p.port))).toEqual([8080]);
  });

  it('has no Redis of its own; with-redis adds one with append-only persistence and no eviction', () => {
    expect(objects('deploy/kubernetes').some((o) => o.kind === 'StatefulSet')).toBe(false);
    const redis = find(objects('deploy/kubernetes/with-redis'), 'StatefulSet', 'triad-redis');
    const args = redis.spec.template.spec.containers[0].args.join(' ');
    expect(args).toMatch(/--appendonly yes\b/);
    expect(args).toMatch(/--maxmemory-policy noeviction\b/);
    expect(redis.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
  });
});

describe('examples/homelab deploys Triad through its own Flux', () => {
  it('builds ./triad from the homelab repository, whose base is deploy/kubernetes/with-redis of this one', async () => {
    const homelab = await readRepoFiles(join(ROOT, 'examples/homelab'));
    const flux = parseAllDocuments(homelab.get('clusters/homelab/triad.yaml')!)[0]!.toJS() as Obj;
    expect(flux.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'flux-system' });
    const kustomization = parseAllDocuments(homelab.get('triad/kustomization.yaml')!)[0]!.toJS() as Obj;
    expect(flux.spec.path).toBe('./triad');
    const [remote] = kustomization.resources as string[];
    const path = new URL(remote!).pathname.split('//')[1];
    expect(path).toBe('deploy/kubernetes/with-redis');
    expect(existsSync(join(ROOT, path!, 'kustomization.yaml'))).toBe(true);
  });
});
