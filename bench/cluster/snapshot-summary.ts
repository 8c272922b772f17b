/**
 * Snapshot and model summary of a simulated cluster of 100, 1,000 and 10,000 pods with the same distinct problems.
 * Baselines measured in the same run: a bare `fetch` of the pod list (what the client and the mapping add) and the
 * whole snapshot as JSON (what a model would read without the summary). Tokens: gpt-tokenizer, o200k_base.
 *
 *   pnpm exec tsx bench/cluster/snapshot-summary.ts
 */
import { rm } from 'node:fs/promises';
import { createBareRemote, type SimCluster, startSimCluster } from '@triad/sim';
import { createKubeCluster, renderSummary, summarizeSnapshot, takeSnapshot } from '@triad/tools';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { syntheticPods } from './synthetic-pods';

const SIZES = [100, 1_000, 10_000];

async function measure(sim: SimCluster, pods: number) {
  for (const pod of syntheticPods(pods)) sim.store.put(pod);
  const port = createKubeCluster({ kubeconfig: sim.kubeconfig });
  const t0 = performance.now();
  const raw = await (await fetch(`${sim.url}/api/v1/pods`)).json();
  const fetchMs = performance.now() - t0;
  const t1 = performance.now();
  const snapshot = await takeSnapshot(port);
  const snapshotMs = performance.now() - t1;
  const t2 = performance.now();
  const summary = renderSummary(summarizeSnapshot(snapshot));
  const summaryMs = performance.now() - t2;
  return {
    pods: snapshot.pods.length,
    rawPods: (raw as { items: unknown[] }).items.length,
    fetchMs,
    snapshotMs,
    summaryMs,
    snapshotTokens: countTokens(JSON.stringify(snapshot)),
    summaryTokens: countTokens(summary),
    summary,
  };
}

const { dir, remote } = await createBareRemote();
const rows = [];
// Warm-up: the first request of a process pays for module loading and JIT, which is not what is measured.
const warm = await startSimCluster({ remote, dir });
await takeSnapshot(createKubeCluster({ kubeconfig: warm.kubeconfig }));
await warm.stop();
for (const size of SIZES) {
  const sim = await startSimCluster({ remote, dir: `${dir}` });
  rows.push(await measure(sim, size));
  await sim.stop();
}
await rm(dir, { recursive: true, force: true });

const base = rows[0]!.summaryTokens;
console.log(
  'pods (synthetic + homelab) | bare fetch of /api/v1/pods ms | snapshot via client (500/page) ms | summary ms | snapshot JSON tokens (baseline) | summary tokens | summary vs 100-pod summary',
);
for (const r of rows) {
  console.log(
    [
      r.pods,
      r.fetchMs.toFixed(0),
      r.snapshotMs.toFixed(0),
      r.summaryMs.toFixed(1),
      r.snapshotTokens,
      r.summaryTokens,
      `${(r.summaryTokens / base).toFixed(2)}x`,
    ].join(' | '),
  );
}
const last = rows[rows.length - 1]!;
console.log(
  `\ntarget: 10,000-pod summary under 3x the 100-pod one -> ${(last.summaryTokens / base).toFixed(2)}x ${last.summaryTokens / base < 3 ? 'met' : 'MISSED'}`,
);
console.log(`\n10,000-pod summary as a model reads it:\n${last.summary}`);
