import { applyObjects, inventoryId, prune } from './apply-objects';
import { type BuildSpec, buildKustomization } from './flux-build';
import { setFluxStatus, warn } from './flux-status';
import type { GitReader } from './git-reader';
import type { ObjectStore, SimObject } from './object-store';
import { desiredPods } from './workloads';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});

export interface ReconcilerOptions {
  store: ObjectStore;
  git: GitReader;
  branch: string;
  /** Workloads that are not in Git (k3s and Flux's own). */
  systemWorkloads: ReadonlyArray<Rec>;
}

/**
 * source-controller, kustomize-controller and helm-controller in one loop: on a new commit of the branch (or a
 * reconcile request) it fetches the revision, builds each Flux Kustomization in dependency order, applies what builds,
 * reports what fails, and brings the pods in line with the workloads.
 */
export class Reconciler {
  private running: Promise<void> | undefined;
  private again = false;
  private lastHead: string | undefined;
  private stopped = false;
  private readonly inventories = new Map<string, string[]>();
  private readonly workloads = new Map<string, Rec>();
  private readonly waiters = new Set<() => void>();
  /** Kustomizations applied in this pass that wait for their workloads (`wait`, `healthChecks`), with those workloads. */
  private readonly awaiting = new Map<string, { kustomization: SimObject; workloads: string[]; revision: string }>();
  /** The last error a pass met (a pass never throws). */
  lastError: unknown;

  constructor(private readonly options: ReconcilerOptions) {}

  /** Runs a pass now, or once more after the running one. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  /** Triggers a pass when the branch moved since the last one. */
  async poll(): Promise<void> {
    if (this.stopped) return;
    const head = await this.options.git.head();
    if (head !== this.lastHead) this.trigger();
  }

  /** Resolves once a pass has seen the branch's current head and nothing else is queued. */
  async settled(): Promise<void> {
    for (;;) {
      const head = await this.options.git.head();
      if (!this.running && head === this.lastHead) return;
      if (!this.running) this.trigger();
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  /** Takes no more passes and resolves once the running one has finished, so its Git reads end before the repo goes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    await this.running;
  }

  private async loop() {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.lastError = error;
      }
    } while (this.again && !this.stopped);
    this.running = undefined;
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }

  private async pass() {
    const { store, git, branch } = this.options;
    const head = await git.head();
    this.lastHead = head;
    if (!head) return;
    const revision = `${branch}@sha1:${head}`;
    const files = await git.files(head);
    if (!store.list('GitRepository').length) this.bootstrap(files);
    for (const source of store.list('GitRepository')) {
      setFluxStatus(
        store,
        source,
        { status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${revision}'` },
        { artifact: revision },
      );
    }
    for (const source of [...store.list('HelmRepository'), ...store.list('OCIRepository')]) {
      setFluxStatus(store, source, {
        status: 'True',
        reason: 'Succeeded',
        message: 'stored artifact: revision sha256:sim',
      });
    }
    const done = new Set<string>();
    this.awaiting.clear();
    for (;;) {
      const pending = store.list('Kustomization').filter((k) => !done.has(id(k)));
      const ready = (name: string, namespace: string) =>
        done.has(`${namespace}/${name}`) || !store.get('Kustomization', namespace, name);
      const next = pending.find((k) => dependsOn(k).every((d) => ready(d.name, d.namespace))) ?? pending[0];
      if (!next) break;
      done.add(id(next));
      this.reconcileOne(next, files, revision);
    }
    for (const release of store.list('HelmRelease')) {
      const chart = rec(rec(rec(release.spec).chart).spec);
      const version = String(chart.version ?? '*');
      setFluxStatus(
        store,
        release,
        {
          status: 'True',
          reason: 'InstallSucceeded',
          message: `Helm install succeeded for release ${release.metadata.namespace}/${release.metadata.name}.v1 with chart ${chart.chart}@${version}`,
        },
        { applied: version, attempted: version },
      );
    }
    this.syncPods();
    this.checkHealth();
  }

  /**
   * kustomize-controller's health checks: a Kustomization with `wait: true` (every workload it applied) or
   * `healthChecks` (those it lists) is Ready only when their pods are; otherwise HealthCheckFailed at the revision
   * it applied, which is what a verify waiting on the revision sees fail.
   */
  private checkHealth() {
    const { store } = this.options;
    for (const { kustomization, workloads, revision } of this.awaiting.values()) {
      const failing = workloads.map((id) => unhealthy(store, id)).find(Boolean);
      if (!failing) continue;
      const current = store.get(
        'Kustomization',
        kustomization.metadata.namespace ?? 'flux-system',
        kustomization.metadata.name,
      );
      if (!current) continue;
      const message = `health check failed after 0s: timeout waiting for: [${failing}]`;
      setFluxStatus(
        store,
        current,
        { status: 'False', reason: 'HealthCheckFailed', message },
        { applied: revision, attempted: revision },
      );
      warn(store, current, 'HealthCheckFailed', message, 'kustomize-controller');
    }
  }

  /** The first pass: the GitRepository and Kustomization `flux bootstrap` wrote to the repo (gotk-sync.yaml). */
  private bootstrap(files: Map<string, string>) {
    const path = [...files.keys()].find((p) => p.endsWith('flux-system/gotk-sync.yaml'));
    const result = path
      ? buildKustomization(
          new Map([[path, files.get(path) ?? '']]),
          { path: path.replace(/\/[^/]+$/, '') },
          { namespace: 'flux-system', values: () => undefined },
        )
      : undefined;
    if (result?.ok) applyObjects(this.options.store, result.objects, this.workloads, 'flux-system');
  }

  private reconcileOne(kustomization: SimObject, files: Map<string, string>, revision: string) {
    const { store } = this.options;
    const spec = rec(kustomization.spec) as BuildSpec & { suspend?: boolean };
    const namespace = kustomization.metadata.namespace ?? 'flux-system';
    if (spec.suspend) return;
    const status = rec(kustomization.status);
    const applied = typeof status.lastAppliedRevision === 'string' ? status.lastAppliedRevision : undefined;
    const blocked = dependsOn(kustomization).find((d) => {
      const dep = store.get('Kustomization', d.namespace, d.name);
      return (
        !dep || (rec(dep.status).conditions as Rec[] | undefined)?.find((c) => c.type === 'Ready')?.status !== 'True'
      );
    });
    if (blocked) {
      setFluxStatus(
        store,
        kustomization,
        {
          status: 'False',
          reason: 'DependencyNotReady',
          message: `dependency '${blocked.namespace}/${blocked.name}' is not ready`,
        },
        { ...(applied ? { applied } : {}) },
      );
      return;
    }
    const result = buildKustomization(files, spec, {
      namespace,
      values: (kind, ns, name) => {
        const found = store.get(kind, ns, name);
        return found ? new Map(Object.entries(rec(found.data)).map(([k, v]) => [k, String(v)])) : undefined;
      },
    });
    const key = id(kustomization);
    if (!result.ok) {
      setFluxStatus(
        store,
        kustomization,
        { status: 'False', reason: result.reason, message: result.message },
        { attempted: revision, ...(applied ? { applied } : {}) },
      );
      warn(store, kustomization, result.reason, result.message, 'kustomize-controller');
      return;
    }
    const target = spec.targetNamespace ?? namespace;
    applyObjects(store, result.objects, this.workloads, target);
    const ids = result.objects.map((o) =>
      inventoryId({ ...o, metadata: { namespace: o.kind === 'Namespace' ? '' : target, ...rec(o.metadata) } }),
    );
    prune(
      store,
      (this.inventories.get(key) ?? []).filter((old) => !ids.includes(old)),
      this.workloads,
    );
    this.inventories.set(key, ids);
    const checks = Array.isArray(rec(kustomization.spec).healthChecks)
      ? (rec(kustomization.spec).healthChecks as unknown[])
      : [];
    const waited =
      rec(kustomization.spec).wait === true
        ? ids.filter((i) => /^(Deployment|StatefulSet|DaemonSet)\//.test(i))
        : checks.map((c) =>
            inventoryId({ kind: rec(c).kind, metadata: { namespace: rec(c).namespace ?? target, name: rec(c).name } }),
          );
    if (waited.length > 0) this.awaiting.set(key, { kustomization, workloads: waited, revision });
    const current = store.get('Kustomization', namespace, kustomization.metadata.name) ?? kustomization;
    setFluxStatus(
      store,
      current,
      { status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}` },
      { applied: revision, attempted: revision },
    );
  }

  /** Pods follow the workloads: created, replaced when their template or status changes, deleted with them. */
  private syncPods() {
    const { store } = this.options;
    const desired = desiredPods([...this.options.systemWorkloads, ...this.workloads.values()], store);
    const wanted = new Set(desired.map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`));
    for (const pod of store.list('Pod')) {
      if (pod.metadata.labels?.['triad-sim/static'] === 'true') continue;
      if (!wanted.has(`${pod.metadata.namespace}/${pod.metadata.name}`))
        store.remove('Pod', pod.metadata.namespace, pod.metadata.name);
    }
    for (const pod of desired) {
      const existing = store.get('Pod', pod.metadata.namespace, pod.metadata.name);
      if (existing && signature(existing) === signature(pod)) continue;
      store.put(pod);
      const waiting = (rec(pod.status).containerStatuses as Rec[] | undefined)
        ?.map((s) => rec(rec(s.state).waiting))
        .find((w) => w.reason);
      if (waiting) warn(store, pod, 'Failed', `Error: ${waiting.message}`, 'kubelet');
    }
  }
}

/** `Deployment/ns/name status: 'InProgress' (pod …: reason: message)` when a pod of the workload is not Ready. */
function unhealthy(store: ObjectStore, workload: string): string | undefined {
  const [kind, namespace, name] = workload.split('/');
  if (!kind || !name || !['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) return undefined;
  const owned = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-[0-9a-f]{10})?$`);
  const pods = store
    .list('Pod')
    .filter(
      (p) => p.metadata.namespace === namespace && owned.test(String(p.metadata.ownerReferences?.[0]?.name ?? '')),
    );
  for (const pod of pods) {
    const conditions = (rec(pod.status).conditions as Rec[] | undefined) ?? [];
    if (conditions.find((c) => c.type === 'Ready')?.status === 'True') continue;
    const waiting = ((rec(pod.status).containerStatuses as Rec[] | undefined) ?? [])
      .map((c) => rec(rec(c.state).waiting))
      .find((w) => w.reason);
    const why = waiting ? `${waiting.reason}: ${waiting.message}` : String(conditions[0]?.message ?? 'not ready');
    return `${workload} status: 'InProgress' (pod ${pod.metadata.name}: ${why})`;
  }
  return undefined;
}

function id(object: SimObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function dependsOn(kustomization: SimObject): Array<{ name: string; namespace: string }> {
  const list = rec(kustomization.spec).dependsOn;
  return (Array.isArray(list) ? list : []).map((d) => ({
    name: String(rec(d).name),
    namespace: String(rec(d).namespace ?? kustomization.metadata.namespace ?? 'flux-system'),
  }));
}

function signature(pod: SimObject): string {
  const status = rec(pod.status);
  const containers = ((status.containerStatuses as Rec[] | undefined) ?? []).map((s) => [
    s.name,
    s.ready,
    rec(s.state).waiting,
  ]);
  return JSON.stringify([pod.spec, status.phase, status.conditions, containers]);
}
