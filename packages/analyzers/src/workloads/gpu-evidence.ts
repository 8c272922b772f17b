import { asRecord, getPath } from '../parse/k8s-object';
import { imageReference } from './image-families';
import type { WorkloadContainer } from './workload-containers';

/** Extended resources the GPU device plugins advertise. */
export type GpuDevice = 'gpu.intel.com/i915' | 'nvidia.com/gpu';

/** Why a container looks like it needs a GPU, and which device resource would give it one. */
export interface GpuEvidence {
  /** The device resource to request instead of privileged mode. */
  device: GpuDevice;
  /** One short sentence per piece of evidence, strongest first. */
  reasons: string[];
}

const INTEL_LABEL =
  /^(intel\.feature\.node\.kubernetes\.io\/gpu|gpu\.intel\.com\/|feature\.node\.kubernetes\.io\/pci-0300_8086)/;
const NVIDIA_LABEL = /^(nvidia\.com\/gpu|feature\.node\.kubernetes\.io\/pci-(0300|0302)_10de)/;
const TRANSCODER_IMAGES =
  /(^|\/)(jellyfin|plex|pms-docker|emby|embyserver|frigate|tdarr|tdarr_node|handbrake|unmanic)(:|@|$)/;
const INFERENCE_IMAGES =
  /(^|\/)(ollama|vllm-openai|vllm|llama\.cpp|localai|text-generation-inference|comfyui|whisper)(:|@|$)/;

/** Evidence that a container only needs a GPU device, or undefined when nothing points to one. */
export function gpuEvidence(target: WorkloadContainer): GpuEvidence | undefined {
  if (otherHostDevices(target).length > 0) return undefined;
  const found: { device: GpuDevice; reason: string; strength: number }[] = [];
  for (const [device, reason] of requestedDevices(target.container)) found.push({ device, reason, strength: 4 });
  for (const [device, reason] of nodeLabels(target.podSpec)) found.push({ device, reason, strength: 3 });
  for (const [device, reason] of deviceHostPaths(target)) found.push({ device, reason, strength: 2 });
  const image = imageReference(target.container).toLowerCase();
  if (TRANSCODER_IMAGES.test(image)) {
    const device = /cuda|nvidia/.test(image) ? 'nvidia.com/gpu' : 'gpu.intel.com/i915';
    found.push({ device, reason: `image ${image} uses a GPU for hardware transcoding`, strength: 1 });
  }
  if (INFERENCE_IMAGES.test(image)) {
    found.push({ device: 'nvidia.com/gpu', reason: `image ${image} runs GPU inference`, strength: 1 });
  }
  found.sort((a, b) => b.strength - a.strength);
  const strongest = found[0];
  return strongest && { device: strongest.device, reasons: found.map((f) => f.reason) };
}

function requestedDevices(container: Record<string, unknown>): [GpuDevice, string][] {
  const out: [GpuDevice, string][] = [];
  for (const section of ['limits', 'requests']) {
    for (const key of Object.keys(asRecord(getPath(container, ['resources', section])) ?? {})) {
      if (key.startsWith('gpu.intel.com/')) out.push(['gpu.intel.com/i915', `already requests ${key}`]);
      if (key === 'nvidia.com/gpu') out.push(['nvidia.com/gpu', `already requests ${key}`]);
    }
  }
  return out;
}

function nodeLabels(podSpec: Record<string, unknown>): [GpuDevice, string][] {
  const keys: [string, string][] = Object.keys(asRecord(podSpec.nodeSelector) ?? {}).map((key) => [
    key,
    'nodeSelector',
  ]);
  const terms = getPath(podSpec, [
    'affinity',
    'nodeAffinity',
    'requiredDuringSchedulingIgnoredDuringExecution',
    'nodeSelectorTerms',
  ]);
  for (const term of Array.isArray(terms) ? terms : []) {
    const expressions = asRecord(term)?.matchExpressions;
    for (const expression of Array.isArray(expressions) ? expressions : []) {
      const key = asRecord(expression)?.key;
      if (typeof key === 'string') keys.push([key, 'node affinity']);
    }
  }
  const out: [GpuDevice, string][] = [];
  for (const [key, via] of keys) {
    if (INTEL_LABEL.test(key)) out.push(['gpu.intel.com/i915', `${via} on the Intel GPU node label ${key}`]);
    else if (NVIDIA_LABEL.test(key)) out.push(['nvidia.com/gpu', `${via} on the NVIDIA GPU node label ${key}`]);
  }
  return out;
}

/** hostPath volumes under /dev that the container mounts and that are GPU device nodes. */
export function gpuHostPathVolumes(target: WorkloadContainer): { volume: string; path: string; device: GpuDevice }[] {
  const mounted = new Set(
    (Array.isArray(target.container.volumeMounts) ? target.container.volumeMounts : []).map((m) => asRecord(m)?.name),
  );
  const out: { volume: string; path: string; device: GpuDevice }[] = [];
  for (const volume of Array.isArray(target.podSpec.volumes) ? target.podSpec.volumes : []) {
    const name = asRecord(volume)?.name;
    const path = getPath(volume, ['hostPath', 'path']);
    if (typeof name !== 'string' || typeof path !== 'string' || !mounted.has(name)) continue;
    if (/^\/dev\/dri(\/|$)/.test(path)) out.push({ volume: name, path, device: 'gpu.intel.com/i915' });
    else if (/^\/dev\/nvidia/.test(path)) out.push({ volume: name, path, device: 'nvidia.com/gpu' });
  }
  return out;
}

function deviceHostPaths(target: WorkloadContainer): [GpuDevice, string][] {
  return gpuHostPathVolumes(target).map(({ volume, path, device }) => [
    device,
    `mounts the GPU device ${path} (hostPath volume ${volume})`,
  ]);
}

const HOST_DEVICE = /^\/(dev|sys\/bus|sys\/class|sys\/devices|run\/udev)(\/|$)/;
const GPU_DEVICE = /^\/dev\/(dri|nvidia)/;

/**
 * Host device paths other than a GPU's that the container mounts (a USB bus, a serial adapter, a Coral TPU): with
 * them, privileged mode may be for more than the GPU, so no GPU-only evidence holds.
 */
export function otherHostDevices(target: WorkloadContainer): string[] {
  const mounted = new Set(
    (Array.isArray(target.container.volumeMounts) ? target.container.volumeMounts : []).map((m) => asRecord(m)?.name),
  );
  const fromPod = (Array.isArray(target.podSpec.volumes) ? target.podSpec.volumes : []).flatMap((volume) => {
    const path = getPath(volume, ['hostPath', 'path']);
    return typeof path === 'string' && mounted.has(asRecord(volume)?.name) ? [path] : [];
  });
  return [...fromPod, ...(target.hostPaths ?? [])].filter((p) => HOST_DEVICE.test(p) && !GPU_DEVICE.test(p));
}
