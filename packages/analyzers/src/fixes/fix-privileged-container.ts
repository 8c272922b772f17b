import type { AdrDraft, Finding } from '@triad/core';
import { type Document, isMap, isScalar } from 'yaml';
import { PRIVILEGED_CONTAINER } from '../checks/privileged-container';
import { asRecord, displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import { runsAsNonRoot } from '../security/security-context';
import { type GpuDevice, gpuHostPathVolumes } from '../workloads/gpu-evidence';
import { familyNeedsOf } from '../workloads/image-families';
import { containerPath, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
import { dropAllCapabilities } from './finding-paths';
import type { Fixer, FixInput } from './fixer';
import { setPath } from './set-path';

const DEVICES: readonly GpuDevice[] = ['gpu.intel.com/i915', 'nvidia.com/gpu'];
const PLUGIN: Record<GpuDevice, string> = {
  'gpu.intel.com/i915': 'Intel GPU device plugin',
  'nvidia.com/gpu': 'NVIDIA device plugin',
};

/**
 * Replaces `privileged: true` by a request for the GPU the container actually needs: no privilege, no privilege
 * escalation, the device resource in limits (and requests when it has some), and the hostPath mounts of GPU device
 * nodes removed since the device plugin mounts them. All capabilities are dropped where that is known to be safe: the
 * container runs as a non-root user, or its image's family says what its init needs back. Otherwise (an image that may
 * start as root, an overlay patch that does not name the image) it keeps the runtime's defaults: an init that chowns
 * its files and drops to PUID/PGID needs them, and dropping them is for a person (capabilities-not-dropped says so).
 */
export const fixPrivilegedContainer: Fixer = {
  checks: [PRIVILEGED_CONTAINER],
  title: (group) => {
    const finding = group[0];
    const device = deviceOf(finding);
    return finding
      ? `Run ${finding.resource.kind} ${displayName(finding.resource)} without privileged mode` +
          (device ? `, requesting ${device} from the ${PLUGIN[device]}` : '')
      : 'Run without privileged mode';
  },
  fix(group, input) {
    const first = group[0];
    if (!first?.file) return { unfixable: 'the finding names no file' };
    const doc = input.editor.document(first.file, first.resource);
    const targets = group.map((finding) => locate(finding, input));
    if (!doc || targets.some((t) => t === undefined)) {
      return { unfixable: `${first.file} no longer has the privileged container of ${displayName(first.resource)}` };
    }
    const devices = new Set<GpuDevice>();
    const removedVolumes = new Set<string>();
    const addedBack = new Set<string>();
    const keptDefaults: string[] = [];
    for (const [i, target] of targets.entries()) {
      const device = deviceOf(group[i]);
      if (!target || !device) return { unfixable: `no GPU device evidence for ${group[i]?.id}` };
      devices.add(device);
      const outcome = unprivilege(doc, target, device);
      if (outcome === 'kept defaults') keptDefaults.push(target.name);
      else for (const cap of outcome) addedBack.add(cap);
      for (const volume of removeDeviceMounts(doc, target)) removedVolumes.add(volume);
    }
    removeUnmountedVolumes(doc, targets[0]!, removedVolumes);
    const names = targets.map((t) => t!.name);
    const workload = `${first.resource.kind} ${displayName(first.resource)}`;
    const device = [...devices].join(' and ');
    return {
      title: fixPrivilegedContainer.title(group),
      subject: `fix(security): run ${workload} unprivileged with ${device}`,
      body:
        `${names.length === 1 ? 'Container' : 'Containers'} ${names.join(', ')} of ${workload} ran privileged ` +
        `only to reach a GPU (${group.map((f) => String(f.evidence?.reason ?? '')).join('; ')}). ` +
        `Request ${device} from the device plugin instead and forbid privilege escalation` +
        (keptDefaults.length < names.length ? ', drop all capabilities' : '') +
        (addedBack.size > 0
          ? `, adding back ${[...addedBack].join(', ')}, which the image's init needs to start as root and drop to PUID/PGID`
          : '') +
        (keptDefaults.length > 0
          ? `; ${keptDefaults.join(', ')} ${keptDefaults.length === 1 ? 'keeps' : 'keep'} the runtime's default capabilities, since nothing says ${keptDefaults.length === 1 ? 'it runs' : 'they run'} as a non-root user and an init that starts as root needs them (dropping them is for a person)`
          : '') +
        (removedVolumes.size > 0 ? `; the plugin mounts the device nodes, so the hostPath volumes go.` : '.'),
      adr: adrFor(workload, names, [...devices], keptDefaults.length < names.length),
      fixed: group.map((f) => f.id),
    };
  },
};

function deviceOf(finding: Finding | undefined): GpuDevice | undefined {
  const device = finding?.evidence?.device;
  return DEVICES.find((d) => d === device);
}

function locate(finding: Finding, { context }: FixInput): WorkloadContainer | undefined {
  const document = context.documents.find((d) => {
    const ref = resourceRefOf(d.object);
    return (
      d.file === finding.file &&
      ref?.kind === finding.resource.kind &&
      ref.name === finding.resource.name &&
      (ref.namespace ?? '') === (finding.resource.namespace ?? '')
    );
  });
  const list = finding.evidence?.containerList;
  return (document ? workloadContainers(document) : []).find(
    (t) => t.name === finding.evidence?.container && (list === undefined || t.list === list),
  );
}

/**
 * Returns the capabilities added back for the image's init (LinuxServer.io and the like) when it dropped ALL, or
 * `kept defaults` when it left the runtime's defaults (see `fixPrivilegedContainer`).
 */
function unprivilege(doc: Document.Parsed, target: WorkloadContainer, device: GpuDevice): string[] | 'kept defaults' {
  const path = containerPath(target);
  const securityContext = [...path, 'securityContext'];
  replaceComment(doc, securityContext, ` GPU through ${device} from the device plugin, not privileged mode`);
  doc.deleteIn([...securityContext, 'privileged']);
  setPath(doc, [...securityContext, 'allowPrivilegeEscalation'], false);
  const family = familyNeedsOf(target.container);
  const dropsSafely =
    runsAsNonRoot(target) || family?.dropsAllAsRoot === true || (family?.capabilities.length ?? 0) > 0;
  const addedBack = dropsSafely && family?.escalatesAtStart !== true ? dropAllCapabilities(doc, path) : 'kept defaults';
  const limits = [...path, 'resources', 'limits'];
  const requests = [...path, 'resources', 'requests'];
  const existing = getPath(target.container, ['resources', 'limits', device]);
  const amount = existing === undefined ? '1' : String(existing);
  if (!doc.hasIn([...limits, device])) setPath(doc, [...limits, device], amount);
  if (doc.hasIn(requests) && !doc.hasIn([...requests, device])) setPath(doc, [...requests, device], amount);
  return addedBack;
}

/**
 * The comment written above `privileged: true` explains the privilege: it goes with it, and a line on the device
 * takes its place. (`yaml` keeps the comment above a map's first key on the map itself; a comment above a later
 * key leaves with the key.)
 */
function replaceComment(doc: Document.Parsed, securityContext: (string | number)[], comment: string): void {
  const map = doc.getIn(securityContext);
  if (!isMap(map) || !map.commentBefore) return;
  const first = map.items[0]?.key;
  if (isScalar(first) && first.value === 'privileged') map.commentBefore = comment;
}

/** Drops the container's mounts of GPU device hostPaths; returns the volumes they used. */
function removeDeviceMounts(doc: Document.Parsed, target: WorkloadContainer): string[] {
  const volumes = gpuHostPathVolumes(target).map((v) => v.volume);
  const mountsPath = [...containerPath(target), 'volumeMounts'];
  const mounts = getPath(target.container, ['volumeMounts']);
  const indices = (Array.isArray(mounts) ? mounts : [])
    .map((mount, index) => ({ name: asRecord(mount)?.name, index }))
    .filter(({ name }) => typeof name === 'string' && volumes.includes(name))
    .map(({ index }) => index);
  for (const index of indices.reverse()) doc.deleteIn([...mountsPath, index]);
  if (indices.length > 0 && indices.length === (Array.isArray(mounts) ? mounts.length : 0)) doc.deleteIn(mountsPath);
  return volumes;
}

/** Removes the pod's volumes among `candidates` that no container mounts any more. */
function removeUnmountedVolumes(doc: Document.Parsed, target: WorkloadContainer, candidates: Set<string>): void {
  if (candidates.size === 0) return;
  const podSpec = asRecord(getPath(doc.toJS(), target.podSpecPath));
  const mounted = new Set<unknown>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = podSpec?.[list];
    for (const container of Array.isArray(containers) ? containers : []) {
      const mounts = asRecord(container)?.volumeMounts;
      for (const mount of Array.isArray(mounts) ? mounts : []) mounted.add(asRecord(mount)?.name);
    }
  }
  const volumes = Array.isArray(podSpec?.volumes) ? podSpec.volumes : [];
  const doomed = volumes
    .map((volume, index) => ({ name: asRecord(volume)?.name, index }))
    .filter(({ name }) => typeof name === 'string' && candidates.has(name) && !mounted.has(name))
    .map(({ index }) => index);
  for (const index of doomed.reverse()) doc.deleteIn([...target.podSpecPath, 'volumes', index]);
  if (doomed.length > 0 && doomed.length === volumes.length) doc.deleteIn([...target.podSpecPath, 'volumes']);
}

function adrFor(workload: string, containers: string[], devices: GpuDevice[], dropsAll: boolean): AdrDraft {
  const device = devices.join(' and ');
  const plugins = devices.map((d) => PLUGIN[d]).join(' and ');
  return {
    title: `Use the GPU device plugin instead of privileged mode for ${workload}`,
    context:
      `${workload} (${containers.join(', ')}) ran with securityContext.privileged: true so that it could open the ` +
      `GPU's device nodes. Privileged mode also gives it every host device, every capability and a way out of the ` +
      `container; the cluster already runs the ${plugins}, which hands out GPUs as the extended resource ${device}.`,
    decision:
      `Request ${device} in the container's resources and run it unprivileged: allowPrivilegeEscalation: false` +
      (dropsAll
        ? ' and capabilities.drop: [ALL].'
        : ", keeping the runtime's default capabilities, which an image that starts as root needs to chown its files and switch to its user.") +
      ` The device plugin mounts the device nodes and schedules the pod onto a node with a free GPU.`,
    consequences:
      `The workload keeps hardware acceleration without host-level privileges. It now depends on the device plugin ` +
      `being healthy: if no ${device} is free or the plugin is down, the pod stays Pending instead of starting ` +
      `without a GPU. GPU sharing between workloads is set in the plugin (sharedDevNum / time-slicing), not per pod. ` +
      `If the application needs the device's group, the pod must keep that supplemental group.`,
    alternatives: [
      'Keep privileged mode: simplest, but any compromise of the workload is a compromise of the node.',
      'Mount /dev/dri (or /dev/nvidia*) as a hostPath without privileged mode: fails unless the device cgroup allows it, and bypasses scheduling on GPU capacity.',
      'Give up hardware acceleration and run on CPU: safe, but transcoding or inference becomes slow or impossible.',
    ],
  };
}
