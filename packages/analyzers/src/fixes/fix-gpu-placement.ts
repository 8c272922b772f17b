import { GPU_REQUEST_WITHOUT_NODE_CAPACITY } from '../checks/gpu-request-without-node-capacity';
import { asRecord, displayName } from '../parse/k8s-object';
import { evidencePath } from './finding-paths';
import type { Fixer } from './fixer';

/** Pins a GPU workload to the nodes its device plugin runs on, with the plugin's own nodeSelector. */
export const fixGpuPlacement: Fixer = {
  checks: [GPU_REQUEST_WITHOUT_NODE_CAPACITY],
  title: (group) => {
    const first = group[0];
    return first
      ? `Schedule ${first.resource.kind} ${displayName(first.resource)} on the GPU nodes`
      : 'Schedule on the GPU nodes';
  },
  fix(group, { editor }) {
    const first = group[0];
    if (!first?.file) return { unfixable: 'the finding names no file' };
    const doc = editor.document(first.file, first.resource);
    const podSpec = evidencePath(first, 'podSpecPath');
    const selector = asRecord(first.evidence?.nodeSelector);
    if (!doc || !podSpec || !selector)
      return { unfixable: `${first.file} no longer has the pod spec of ${displayName(first.resource)}` };
    if (doc.hasIn([...podSpec, 'nodeSelector'])) return { unfixable: 'the pod already has a nodeSelector' };
    doc.setIn(
      [...podSpec, 'nodeSelector'],
      doc.createNode(Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, String(v)]))),
    );
    const labels = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const workload = `${first.resource.kind} ${displayName(first.resource)}`;
    return {
      title: fixGpuPlacement.title(group),
      subject: `fix(scheduling): pin ${workload} to the GPU nodes`,
      body:
        `${workload} requests ${first.evidence?.count} ${first.evidence?.resource}, which only nodes labelled ${labels} ` +
        `provide (${first.evidence?.plugin} runs only there). Select those nodes, so the pod is placed, and waits, only where the GPUs are.`,
      fixed: group.map((f) => f.id),
    };
  },
};
