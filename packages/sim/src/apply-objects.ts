import type { ObjectStore, SimObject } from './object-store';
import { isWorkload } from './workloads';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});

const SERVED = ['Namespace', 'PersistentVolumeClaim', 'Secret', 'ConfigMap'];
const FLUX = ['Kustomization', 'HelmRelease', 'GitRepository', 'OCIRepository', 'HelmRepository'];

/** `Kind/namespace/name`: how an inventory names what a Kustomization applied. */
export function inventoryId(object: Rec): string {
  const meta = rec(object.metadata);
  return `${object.kind}/${meta.namespace ?? ''}/${meta.name}`;
}

/**
 * Applies built objects the way the API server would take them: served kinds into the store (Flux objects keep
 * their status, PVCs bind), workloads into `workloads` for the pod model; everything else only counts in the inventory.
 */
export function applyObjects(
  store: ObjectStore,
  objects: Rec[],
  workloads: Map<string, Rec>,
  defaultNamespace: string,
) {
  for (const raw of objects) {
    const meta = rec(raw.metadata);
    const kind = String(raw.kind);
    const namespaced = kind !== 'Namespace';
    const namespace = namespaced ? String(meta.namespace ?? defaultNamespace) : undefined;
    const object = { ...raw, metadata: { ...meta, ...(namespace ? { namespace } : {}) } } as SimObject;
    if (isWorkload(object)) {
      workloads.set(inventoryId(object), object);
    } else if (FLUX.includes(kind)) {
      const existing = store.get(kind, namespace, object.metadata.name);
      const annotations = { ...existing?.metadata.annotations, ...object.metadata.annotations };
      // Server-side apply keeps fields the manifest does not set: `flux suspend` survives a reconcile from Git.
      const suspend = rec(existing?.spec).suspend;
      const spec = rec(object.spec);
      const next: SimObject = {
        ...object,
        metadata: { ...object.metadata, annotations },
        ...(suspend !== undefined && !('suspend' in spec) ? { spec: { ...spec, suspend } } : {}),
        status: existing?.status ?? {},
      };
      if (JSON.stringify(next.spec) !== JSON.stringify(existing?.spec) || !existing) store.put(next);
    } else if (kind === 'PersistentVolumeClaim') {
      const existing = store.get(kind, namespace, object.metadata.name);
      if (existing && JSON.stringify(existing.spec) === JSON.stringify(object.spec)) continue;
      const size = String(rec(rec(rec(object.spec).resources).requests).storage ?? '1Gi');
      store.put({
        ...object,
        spec: { volumeMode: 'Filesystem', ...rec(object.spec), volumeName: `pvc-${object.metadata.name}` },
        status: { phase: 'Bound', accessModes: rec(object.spec).accessModes, capacity: { storage: size } },
      });
    } else if (SERVED.includes(kind)) {
      const existing = store.get(kind, namespace, object.metadata.name);
      const { metadata: _a, ...before } = existing ?? { metadata: {} };
      const { metadata: _b, ...after } = object;
      if (!existing || JSON.stringify(before) !== JSON.stringify(after)) store.put(object);
    }
  }
}

/** Removes what a Kustomization applied before and no longer builds (`prune: true`). */
export function prune(store: ObjectStore, removed: string[], workloads: Map<string, Rec>) {
  for (const id of removed) {
    const [kind = '', namespace = '', ...name] = id.split('/');
    workloads.delete(id);
    if ([...SERVED, ...FLUX].includes(kind)) store.remove(kind, namespace || undefined, name.join('/'));
  }
}
