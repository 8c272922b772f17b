import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { asRecord, displayName, getPath } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { podSettings } from '../workloads/pod-specs';
import type { Check } from './check';

export const HOST_PATH_VOLUME = 'host-path-volume';

/** Host paths that hand over the node: the container runtime's socket, the root, /etc, /proc. */
const NODE_TAKEOVER =
  /^\/(|etc|proc|sys|root|var\/run\/docker\.sock|run\/docker\.sock|run\/containerd(\/.*)?|var\/run\/containerd(\/.*)?|var\/lib\/kubelet)\/?$/;

/**
 * Of the takeover paths, those a read-only mount takes away the write that hands over the node: a read-only /proc or
 * /sys shows every process and kernel setting (a node exporter, fstrim) but cannot change them. A read-only runtime
 * socket, /etc or kubelet directory still gives away the node (a socket connects regardless; the others hold keys).
 */
const READ_ONLY_TAMES = /^\/(proc|sys)\/?$/;

/**
 * Baseline standard: no hostPath volumes. Read in pod specs and anywhere in HelmRelease values (`volumes` entries,
 * and app-template's `persistence.<name>.type: hostPath`).
 */
export const hostPathVolume: Check = {
  id: HOST_PATH_VOLUME,
  description: 'A pod mounts a directory of the node (hostPath volume).',
  run({ documents }) {
    const findings: Finding[] = [];
    for (const site of documents.flatMap(podSettings)) {
      const hostPaths: { name: string; path: string; at: (string | number)[]; readOnly: boolean }[] = [];
      if (site.source === 'manifest') {
        const volumes = Array.isArray(site.settings.volumes) ? site.settings.volumes : [];
        volumes.forEach((volume, i) => {
          const hostPath = asRecord(asRecord(volume)?.hostPath);
          if (!hostPath) return;
          const name = String(asRecord(volume)?.name ?? `#${i}`);
          hostPaths.push({
            name,
            path: String(hostPath.path ?? ''),
            at: [...site.path, 'volumes', i, 'hostPath'],
            readOnly: allReadOnly(podMountsOf(site.settings, name)),
          });
        });
      } else {
        const hostPath = site.settings.hostPath;
        const record = asRecord(hostPath);
        const last = site.path[site.path.length - 1];
        // A chart's wrapper key names no volume: `persistence.media.spec.hostPath` is media's, and ceph-csi's
        // `volumes: [{name: x, volume: {hostPath…}}]` is x's.
        const above = site.path[site.path.length - 2];
        const listed = getPath(site.document.object, [...site.path.slice(0, -1), 'name']);
        const named =
          last === 'volume' && typeof listed === 'string'
            ? listed
            : last === 'spec' && typeof above === 'string'
              ? above
              : last;
        if (record && typeof record.path === 'string') {
          hostPaths.push({
            name: String(site.settings.name ?? named),
            path: record.path,
            at: [...site.path, 'hostPath'],
            readOnly: allReadOnly([
              ...chartMountsOf(site.settings),
              ...pairedMount(site),
              ...siblingListMounts(site),
              ...extraListMounts(site),
            ]),
          });
        } else if (site.settings.type === 'hostPath' && typeof hostPath === 'string') {
          const mounts = chartMountsOf(site.settings);
          hostPaths.push({
            name: String(last),
            path: hostPath,
            at: [...site.path, 'hostPath'],
            // app-template 1.x mounts an entry by its own `mountPath` and `readOnly`; later versions by their mount lists.
            readOnly: allReadOnly(mounts.length > 0 ? mounts : [site.settings]),
          });
        }
      }
      const role = nodeRole(hostPaths.map((h) => h.path));
      for (const { name, path, at, readOnly } of hostPaths) {
        const tamed = readOnly && READ_ONLY_TAMES.test(path);
        const takeover = NODE_TAKEOVER.test(path) && !tamed;
        findings.push({
          id: findingId(HOST_PATH_VOLUME, site.ref, name),
          check: HOST_PATH_VOLUME,
          // Read-only, a directory that is not a takeover path can be read, not changed: less than a writable mount.
          severity: takeover ? 'critical' : readOnly && !tamed ? 'medium' : 'high',
          category: 'security',
          resource: site.ref,
          file: site.document.file,
          line: lineOf(site.document, at),
          message:
            `${site.ref.kind} ${displayName(site.ref)} mounts ${path} of the node` +
            (tamed
              ? ` read-only (hostPath volume ${name}): it reads ${path.startsWith('/proc') ? 'every process and kernel setting' : 'every device and kernel setting'} of the node, though it cannot change them.`
              : takeover
                ? ` (hostPath volume ${name}), which hands over the node itself.`
                : readOnly
                  ? ` read-only (hostPath volume ${name}): it is tied to one node and can read what is there, not change it.`
                  : ` (hostPath volume ${name}): it is tied to one node and can read or change it.`) +
            ` ${advice(path, role, readOnly)} (Baseline Pod Security Standard).`,
          fixable: false,
          evidence: { volume: name, path, readOnly, list: listOf(at) },
        });
      }
    }
    return distinctIds(findings);
  },
};

/**
 * A chart may list one volume name in several lists (rook's RBD and CephFS plugin volumes): each finding of a shared
 * id is told apart by the path of its list in the values, so every finding keeps an id of its own.
 */
function distinctIds(findings: Finding[]): Finding[] {
  // Copies of one object in several files share their ids by design (a finding is known by id and file).
  const key = (finding: Finding) => `${finding.id}\u0000${finding.file ?? ''}`;
  const seen = new Map<string, number>();
  for (const finding of findings) seen.set(key(finding), (seen.get(key(finding)) ?? 0) + 1);
  return findings.map((finding) => {
    if ((seen.get(key(finding)) ?? 0) < 2) return finding;
    const list = String(finding.evidence?.list ?? '');
    return { ...finding, id: `${finding.id}/${list}` };
  });
}

/** What to use instead, for what the path is: a device, the kubelet's device-plugin directory, or data. */
function advice(path: string, role: NodeRole | undefined, readOnly: boolean): string {
  if (role === 'device-plugin' && (DEVICE_PLUGIN_DIR.test(path) || /^\/(dev|sys)(\/|$)/.test(path))) {
    return 'A device plugin mounts its devices and the kubelet’s socket by design: keep it to the nodes that have the device';
  }
  if (role === 'csi-node-plugin' && /^\/(var\/lib\/kubelet|dev|sys|lib\/modules|run|nix)(\/|$)/.test(path)) {
    return 'A CSI node plugin mounts the kubelet’s and the node’s directories by design: keep to its chart’s own mounts';
  }
  if (LOGS.test(path)) {
    return readOnly
      ? 'A log collector reads these by design, and read-only is what it needs'
      : 'A log collector only reads these: mount them read-only';
  }
  // The node's shared memory is no device: a pod gets its own with an emptyDir in memory.
  if (/^\/dev\/shm(\/|$)/.test(path))
    return 'For shared memory, mount an emptyDir with medium: Memory at /dev/shm instead';
  if (/^\/dev(\/|$)/.test(path)) return 'Use a device plugin for devices instead';
  return 'Use a PersistentVolumeClaim instead, or a ConfigMap or Secret for files';
}

const DEVICE_PLUGIN_DIR = /^\/var\/lib\/kubelet\/device-plugins\/?$/;
/** The kubelet's directories a CSI node plugin registers through and publishes volumes into. */
const CSI_DIRS = /^\/var\/lib\/kubelet\/(plugins|plugins_registry|pods)(\/|$)/;
/** Where container runtimes and the kubelet write the node's and the pods' logs. */
const LOGS = /^\/var\/(log|lib\/docker\/containers)(\/|$)/;

type NodeRole = 'device-plugin' | 'csi-node-plugin';

/** What node software a pod is, by the kubelet directories it mounts: such pods need the host by design. */
function nodeRole(paths: readonly string[]): NodeRole | undefined {
  if (paths.some((path) => DEVICE_PLUGIN_DIR.test(path))) return 'device-plugin';
  if (paths.some((path) => CSI_DIRS.test(path))) return 'csi-node-plugin';
  return undefined;
}

/** The mounts of volume `name` in a pod spec's containers (init and ephemeral too). */
function podMountsOf(podSpec: Record<string, unknown>, name: string): unknown[] {
  return ['initContainers', 'containers', 'ephemeralContainers']
    .flatMap((key) => (Array.isArray(podSpec[key]) ? podSpec[key] : []))
    .flatMap((container) => {
      const mounts = asRecord(container)?.volumeMounts;
      return Array.isArray(mounts) ? mounts : [];
    })
    .filter((mount) => asRecord(mount)?.name === name);
}

/** app-template's mounts of one `persistence` entry: `globalMounts`, and `advancedMounts` per controller and container. */
function chartMountsOf(entry: Record<string, unknown>): unknown[] {
  const global = Array.isArray(entry.globalMounts) ? entry.globalMounts : [];
  const advanced = Object.values(asRecord(entry.advancedMounts) ?? {}).flatMap((byContainer) =>
    Object.values(asRecord(byContainer) ?? {}).flatMap((mounts) => (Array.isArray(mounts) ? mounts : [])),
  );
  return [...global, ...advanced];
}

/**
 * The mount a chart pairs with a volume in one list item (`volumes: [{volume: {hostPath…}, mount: {readOnly…}}]`,
 * the ceph-csi charts' shape): none for any other shape.
 */
function pairedMount(site: { document: { object: unknown }; path: readonly (string | number)[] }): unknown[] {
  if (site.path[site.path.length - 1] !== 'volume') return [];
  const mount = asRecord(getPath(site.document.object, [...site.path.slice(0, -1), 'mount']));
  return mount ? [mount] : [];
}

/**
 * The mounts of a volume listed under `volumes` or `<prefix>Volumes` from the sibling `volumeMounts` or
 * `<prefix>VolumeMounts` list, by name (`defaultVolumes`/`defaultVolumeMounts`, `extraVolumes`/`extraVolumeMounts`):
 * the charts that keep the two lists apart mount each volume with the entries of its name.
 */
function siblingListMounts(site: {
  document: { object: unknown };
  path: readonly (string | number)[];
  settings: Record<string, unknown>;
}): unknown[] {
  const [key, index] = site.path.slice(-2);
  // `extraVolumes` beside `extraVolumeMounts`, and rook's singular `csiRBDPluginVolume` beside `csiRBDPluginVolumeMount`.
  if (typeof key !== 'string' || typeof index !== 'number' || !/(^v|V)olumes?$/.test(key)) return [];
  const mountsKey = key.endsWith('s') ? `${key.slice(0, -1)}Mounts` : `${key}Mount`;
  const mounts = getPath(site.document.object, [...site.path.slice(0, -2), mountsKey]);
  const name = site.settings.name;
  return Array.isArray(mounts) && typeof name === 'string'
    ? mounts.filter((mount) => asRecord(mount)?.name === name)
    : [];
}

/**
 * The mounts of a volume listed under `<component>.volumes.extra` from the `mounts.extra` lists beside it in the same
 * values, by name: Grafana's charts (Alloy: `controller.volumes.extra` and `alloy.mounts.extra`) keep the pod's
 * volumes under one component's key and each container's mounts under its own.
 */
function extraListMounts(site: {
  document: { object: unknown };
  path: readonly (string | number)[];
  settings: Record<string, unknown>;
}): unknown[] {
  const [component, volumes, extra, index] = site.path.slice(-4);
  const name = site.settings.name;
  if (volumes !== 'volumes' || extra !== 'extra' || typeof index !== 'number' || typeof component !== 'string')
    return [];
  if (typeof name !== 'string') return [];
  const values = asRecord(getPath(site.document.object, site.path.slice(0, -4)));
  return Object.values(values ?? {}).flatMap((part) => {
    const mounts = getPath(part, ['mounts', 'extra']);
    return Array.isArray(mounts) ? mounts.filter((mount) => asRecord(mount)?.name === name) : [];
  });
}

/** The keys on the way to a volume, without list positions: `csi.csiRBDPluginVolume`, `spec.template.spec.volumes`. */
function listOf(at: readonly (string | number)[]): string {
  return at
    .slice(0, -1)
    .filter((step): step is string => typeof step === 'string')
    .join('.');
}

/** True when there are mounts and each is `readOnly: true` (none, or app-template's default mount, can write). */
function allReadOnly(mounts: unknown[]): boolean {
  return mounts.length > 0 && mounts.every((mount) => asRecord(mount)?.readOnly === true);
}
