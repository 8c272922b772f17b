import type { ClusterSummary } from './model-summary';

/** The summary as the compact text a model reads. */
export function renderSummary(summary: ClusterSummary): string {
  const { counts } = summary;
  const lines = [
    `cluster ${summary.source} at ${summary.takenAt}: ${counts.nodes} nodes, ${counts.pods} pods (${counts.healthyPods} healthy), ${counts.pvcs} PVCs, ${counts.secrets} Secrets (metadata only)`,
  ];
  lines.push(`nodes of note (${summary.nodes.length} of ${counts.nodes}; the rest Ready, no pressure, no GPU):`);
  for (const node of summary.nodes) {
    const gpus = Object.entries(node.allocatable)
      .filter(([resource]) => /gpu/.test(resource))
      .map(([resource, quantity]) => `${resource}=${quantity}`);
    const taints = node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
    lines.push(
      `- ${node.name}: ${node.ready ? 'Ready' : `NotReady${node.readyCondition?.reason ? ` (${node.readyCondition.reason})` : ''}`}` +
        `${node.pressures.length ? `, ${node.pressures.join(', ')}` : ''}${node.unschedulable ? ', cordoned' : ''}` +
        `${gpus.length ? `, allocatable ${gpus.join(' ')}` : ''}${taints.length ? `, taints ${taints.join(' ')}` : ''}`,
    );
  }
  const ready = Object.entries(summary.fluxReady).map(([kind, count]) => `${count} ${kind}`);
  lines.push(`flux: ${ready.length ? `${ready.join(', ')} Ready` : 'nothing Ready'}; not Ready or suspended:`);
  for (const f of summary.flux) {
    const state = f.suspended
      ? 'suspended'
      : `Ready=${f.ready?.status ?? 'Unknown'}${f.ready?.reason ? ` ${f.ready.reason}` : ''}`;
    const revisions = `applied ${f.lastAppliedRevision ?? 'none'}, attempted ${f.lastAttemptedRevision ?? 'none'}`;
    lines.push(
      `- ${f.kind} ${f.namespace}/${f.name}: ${state}; ${revisions}${f.ready?.message ? `: ${f.ready.message.slice(0, 300)}` : ''}`,
    );
  }
  lines.push(`pod problems (${summary.podProblems.length + summary.morePodProblems} distinct):`);
  for (const g of summary.podProblems) {
    lines.push(`- ${g.namespace} ${g.owner} x${g.count} on ${g.nodes.join(',')}: ${g.problem} (e.g. ${g.example})`);
  }
  if (summary.morePodProblems > 0) lines.push(`- …and ${summary.morePodProblems} more groups`);
  lines.push(`PVCs not Bound: ${summary.pendingPvcs.length === 0 ? 'none' : ''}`);
  for (const pvc of summary.pendingPvcs)
    lines.push(`- ${pvc.namespace}/${pvc.name}: ${pvc.phase}${pvc.storageClass ? ` (${pvc.storageClass})` : ''}`);
  lines.push(`warnings of the last hour (${counts.warnings}):`);
  for (const w of summary.warnings) lines.push(`- ${w.kind} ${w.reason} x${w.count}: ${w.example}`);
  return lines.join('\n');
}
