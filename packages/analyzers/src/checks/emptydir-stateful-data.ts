import type { Finding } from '@triad/core';
import { isNode, visit } from 'yaml';
import { chartEphemeralStores } from '../charts/chart-stores';
import { findingId } from '../finding-id';
import { asRecord, displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import { lineOf, type ManifestDocument } from '../parse/manifest-document';
import { podSettings } from '../workloads/pod-specs';
import { keepsNothingOnDisk, looksStateful } from '../workloads/stateful-paths';
import { containerPath, workloadContainers } from '../workloads/workload-containers';
import { type Check, wholeObjects } from './check';

export const EMPTYDIR_STATEFUL_DATA = 'emptydir-stateful-data';

/** Kinds whose emptyDir the fixer can turn into a claim without changing how many pods share it. */
const CLAIMABLE = new Set(['Deployment', 'StatefulSet']);
/** Kinds whose pods run to completion: what they keep on emptyDir is scratch, rebuilt on every run. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/**
 * Data that should outlive the pod kept on `emptyDir`: a pod volume mounted where data lives (by path, name or a
 * database image), a prometheus-operator `storageSpec.emptyDir` in HelmRelease values, or what a known chart's values
 * leave on ephemeral storage (`charts/`: app-template `persistence.*.type: emptyDir` where an app keeps its database,
 * Grafana without `persistence.enabled`). Every reschedule loses it.
 */
export const emptyDirStatefulData: Check = {
  id: EMPTYDIR_STATEFUL_DATA,
  description: 'Stateful data (databases, metrics, config) is kept on emptyDir and lost on every reschedule.',
  run(context) {
    // What a chart's values leave out (no storage, persistence not enabled) is judged on whole objects only: a patch
    // file that sets a HelmRelease's chart version leaves out everything else, and changes none of it.
    const whole = new Set(wholeObjects(context));
    const scaled = autoscaled(context.documents);
    return context.documents.flatMap((document) => [
      ...podVolumeFindings(document, scaled),
      ...(whole.has(document) ? [...storageSpecFindings(document), ...chartStoreFindings(document)] : []),
    ]);
  },
};

/**
 * The workloads a HorizontalPodAutoscaler may run more than one pod of (`kind/namespace/name` of its
 * `scaleTargetRef`): a claim with ReadWriteOnce access would leave the second pod pending.
 */
function autoscaled(documents: readonly ManifestDocument[]): Set<string> {
  const out = new Set<string>();
  for (const document of documents) {
    const ref = resourceRefOf(document.object);
    if (ref?.kind !== 'HorizontalPodAutoscaler') continue;
    const target = asRecord(getPath(document.object, ['spec', 'scaleTargetRef']));
    const max = getPath(document.object, ['spec', 'maxReplicas']);
    if (typeof target?.kind === 'string' && typeof target.name === 'string' && (typeof max !== 'number' || max > 1)) {
      out.add(`${target.kind}/${ref.namespace ?? ''}/${target.name}`);
    }
  }
  return out;
}

/**
 * Whether an init container writes the volume afresh at every start from a ConfigMap or Secret it also mounts (a
 * config rendered with envsubst): what the volume holds is made again each time, not kept.
 */
function renderedAtStart(podSpec: Record<string, unknown> | undefined, volume: string): boolean {
  const volumes = Array.isArray(podSpec?.volumes) ? podSpec.volumes.map(asRecord) : [];
  const sources = new Set(
    volumes
      .filter((v) => v && ('configMap' in v || 'secret' in v || 'projected' in v))
      .map((v) => String(v?.name ?? '')),
  );
  const inits = Array.isArray(podSpec?.initContainers) ? podSpec.initContainers.map(asRecord) : [];
  return inits.some((init) => {
    const mounts = Array.isArray(init?.volumeMounts) ? init.volumeMounts.map(asRecord) : [];
    const writes = mounts.some((m) => m?.name === volume && m.readOnly !== true);
    return writes && mounts.some((m) => sources.has(String(m?.name ?? '')));
  });
}

/**
 * Whether the pod fills the volume anew at every start from what it carries itself: a git-sync container that clones
 * its repository there, or an init container that copies a tree into it whole (`cp -a /app/. /mnt/app`), not one
 * that seeds only what is missing (`cp -n`, `--ignore-existing`, a test first), which keeps data.
 */
function refilledByPod(podSpec: Record<string, unknown> | undefined, volume: string): boolean {
  const list = (key: string) => (Array.isArray(podSpec?.[key]) ? (podSpec[key] as unknown[]).map(asRecord) : []);
  const writes = (container: Record<string, unknown> | undefined) =>
    (Array.isArray(container?.volumeMounts) ? container.volumeMounts.map(asRecord) : []).some(
      (m) => m?.name === volume && m.readOnly !== true,
    );
  const cloned = [...list('containers'), ...list('initContainers')].some(
    (c) => writes(c) && /(^|\/)git-sync(:|@|$)/.test(String(c?.image ?? '').split(/[:@]/)[0] ?? ''),
  );
  if (cloned) return true;
  return list('initContainers').some((init) => {
    if (!writes(init)) return false;
    const script = [init?.command, init?.args].flatMap((part) => (Array.isArray(part) ? part : [])).join(' ');
    return WHOLE_COPY.test(script) && !SEEDS_ONLY.test(script);
  });
}
const WHOLE_COPY = /\b(cp\s+-[a-zA-Z]*[aRr][a-zA-Z]*|rsync\s+-[a-zA-Z]*a[a-zA-Z]*)\s/;
const SEEDS_ONLY = /\bcp\s+-[a-zA-Z]*n|--no-clobber|--ignore-existing|\bif\s+\[|\btest\s+-|\[\s+-[efd]\s/;

/** Words an owner writes beside a volume kept on emptyDir on purpose. */
const EPHEMERAL_WORDS =
  /\b(ephemeral|scratch|throw-?away|not persist(ed)?|no persistence|(fresh|clean|new)\b[\w ]{0,20}\b(each|every|on) (re)?start)/i;

/** Whether a comment on the volume at `path`, or on anything in it, says it is kept there on purpose. */
function saysEphemeral(document: ManifestDocument, path: readonly (string | number)[]): boolean {
  const node = document.doc.getIn(path, true);
  if (!isNode(node)) return false;
  const comments: string[] = [];
  // The volume's node and every node in it, keys included.
  visit(node, {
    Node(_, n) {
      if (n.commentBefore) comments.push(n.commentBefore);
      if (n.comment) comments.push(n.comment);
    },
  });
  // `yaml` keeps a comment above a list's first item on the list itself.
  const list = document.doc.getIn(path.slice(0, -1), true);
  if (path.at(-1) === 0 && isNode(list) && list.commentBefore) comments.push(list.commentBefore);
  return comments.some((comment) => EPHEMERAL_WORDS.test(comment));
}

function podVolumeFindings(document: ManifestDocument, scaled: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const containers = workloadContainers(document).filter(
    (c) => c.source === 'manifest' && !RUN_TO_COMPLETION.has(c.ref.kind),
  );
  const podSpec = containers[0]?.podSpec;
  const volumes = Array.isArray(podSpec?.volumes) ? podSpec.volumes : [];
  volumes.forEach((volume, index) => {
    const record = asRecord(volume);
    const name = String(record?.name ?? '');
    if (!record || !('emptyDir' in record)) return;
    // A volume in memory is scratch by choice: nothing meant to outlive the pod is kept in RAM (an init container
    // that writes a config there from a Secret at every start).
    if (asRecord(record.emptyDir)?.medium === 'Memory') return;
    if (renderedAtStart(podSpec, name) || refilledByPod(podSpec, name)) return;
    // The owner wrote why it is on emptyDir (`# ephemeral by design`, `fresh config each restart`), on the volume or
    // on a container's mount of it.
    const podSpecPath = containers[0]?.podSpecPath ?? [];
    const mountPaths = containers.flatMap((target) => {
      const mounts = Array.isArray(target.container.volumeMounts) ? target.container.volumeMounts : [];
      const at = mounts.findIndex((m) => asRecord(m)?.name === name);
      return at < 0 ? [] : [[...containerPath(target), 'volumeMounts', at]];
    });
    if ([[...podSpecPath, 'volumes', index], ...mountPaths].some((path) => saysEphemeral(document, path))) return;
    for (const target of containers) {
      const mounts = Array.isArray(target.container.volumeMounts) ? target.container.volumeMounts : [];
      const mount = mounts.map(asRecord).find((m) => m?.name === name);
      const mountPath = String(mount?.mountPath ?? '');
      const image = String(target.container.image ?? '');
      if (!mount || !looksStateful(name, mountPath, image)) continue;
      // A cache told to keep nothing on disk (`--save ""`) loses nothing a claim would keep.
      if (keepsNothingOnDisk(image, target.container)) continue;
      const ref = target.ref;
      const replicas = getPath(document.object, ['spec', 'replicas']);
      const single =
        (typeof replicas !== 'number' || replicas <= 1) &&
        !scaled.has(`${ref.kind}/${ref.namespace ?? ''}/${ref.name}`);
      findings.push({
        id: findingId(EMPTYDIR_STATEFUL_DATA, ref, name),
        check: EMPTYDIR_STATEFUL_DATA,
        severity: 'medium',
        category: 'stability',
        resource: ref,
        file: document.file,
        line: lineOf(document, [...target.podSpecPath, 'volumes', index, 'emptyDir']),
        message:
          `${ref.kind} ${displayName(ref)} keeps ${mountPath} (volume ${name}, container ${target.name}) on emptyDir: ` +
          'everything there is lost when the pod is rescheduled. Use a PersistentVolumeClaim.',
        fixable: CLAIMABLE.has(ref.kind) && single,
        evidence: {
          via: 'pod-volume',
          volume: name,
          volumeIndex: index,
          mountPath,
          podSpecPath: [...target.podSpecPath],
          ...sizeOf(record.emptyDir),
        },
      });
      return;
    }
  });
  return findings;
}

function storageSpecFindings(document: ManifestDocument): Finding[] {
  return podSettings(document).flatMap((site) => {
    if (site.source !== 'helm-values') return [];
    const storage = asRecord(site.settings.storageSpec);
    if (!storage || !('emptyDir' in storage)) return [];
    const owner = String(site.path[site.path.length - 1] ?? 'storage');
    const component = owner.replace(/Spec$/, '');
    return [
      {
        id: findingId(EMPTYDIR_STATEFUL_DATA, site.ref, site.path.slice(2).join('.')),
        check: EMPTYDIR_STATEFUL_DATA,
        severity: 'medium' as const,
        category: 'stability' as const,
        resource: site.ref,
        file: document.file,
        line: lineOf(document, [...site.path, 'storageSpec', 'emptyDir']),
        message:
          `HelmRelease ${displayName(site.ref)} keeps ${component} data on emptyDir (${site.path.slice(2).join('.')}.storageSpec)` +
          (typeof site.settings.retention === 'string' ? `, ${site.settings.retention} of it,` : '') +
          ' and loses it on every reschedule: give it a volumeClaimTemplate.',
        fixable: true,
        evidence: {
          via: 'storage-spec',
          valuesPath: [...site.path],
          component,
          ...sizeOf(storage.emptyDir),
          ...(typeof site.settings.retentionSize === 'string' ? { retentionSize: site.settings.retentionSize } : {}),
        },
      },
    ];
  });
}

function chartStoreFindings(document: ManifestDocument): Finding[] {
  return chartEphemeralStores(document).flatMap((store) => {
    const ref = resourceRefOf(document.object);
    if (!ref) return [];
    const where = store.documentPath.slice(2).join('.');
    return [
      {
        id: findingId(EMPTYDIR_STATEFUL_DATA, ref, where),
        check: EMPTYDIR_STATEFUL_DATA,
        severity: store.severity,
        category: 'stability' as const,
        resource: ref,
        file: document.file,
        line: fieldLine(document, store.documentPath),
        message:
          `HelmRelease ${displayName(ref)} (chart ${store.chart}) keeps ${store.holds} in ${store.mountPath} on ` +
          `emptyDir (${store.why ?? `${where}.type: emptyDir`}): it is lost on every reschedule. Claim a PersistentVolume for it.`,
        fixable: store.claimable,
        evidence: {
          via: 'chart-store',
          chart: store.chart,
          valuesPath: [...store.documentPath],
          mountPath: store.mountPath,
          ...(store.sizeLimit ? { sizeLimit: store.sizeLimit } : {}),
          ...(store.retentionSize ? { retentionSize: store.retentionSize } : {}),
        },
      },
    ];
  });
}

/** Line of the store's `type` or `enabled` key, else of the deepest part of its path the document has. */
function fieldLine(document: ManifestDocument, path: readonly (string | number)[]): number {
  for (const key of ['type', 'enabled']) {
    const line = lineOf(document, [...path, key]);
    if (line !== document.line) return line;
  }
  for (let end = path.length; end > 0; end--) {
    const line = lineOf(document, path.slice(0, end));
    if (line !== document.line) return line;
  }
  return document.line;
}

function sizeOf(emptyDir: unknown): { sizeLimit?: string } {
  const size = asRecord(emptyDir)?.sizeLimit;
  return typeof size === 'string' || typeof size === 'number' ? { sizeLimit: String(size) } : {};
}
