import { rm } from 'node:fs/promises';
import { createBareRemote, startSimCluster } from '@triad/sim';
import { createKubeCluster } from './kube-cluster';
import { describeClusterConformance } from './test-support/conformance';

describeClusterConformance('the simulator, through @kubernetes/client-node', async () => {
  const { dir, remote } = await createBareRemote();
  const sim = await startSimCluster({ remote, dir });
  const port = createKubeCluster({ kubeconfig: sim.kubeconfig, context: sim.context });
  return {
    port,
    writes: () => sim.requests.filter((r) => r.method !== 'GET'),
    servedSecretData: () => sim.requests.some((r) => r.servedSecretData),
    async suspend(ref) {
      sim.suspend(ref.kind, ref.namespace, ref.name);
    },
    async close() {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
