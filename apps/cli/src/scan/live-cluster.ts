import type { ClusterObjects } from '@triad/analyzers';
import { createKubeCluster, readCluster } from '@triad/tools';

/**
 * The live objects the analyzers' cluster checks read (nodes, pods, PVCs, Flux Kustomizations and HelmReleases),
 * read once through the tool layer's read-only cluster port from the kubeconfig's current context.
 */
export async function readLiveCluster(kubeconfig: string, context?: string): Promise<ClusterObjects> {
  const port = createKubeCluster({ kubeconfig, ...(context ? { context } : {}) });
  const { objects } = await readCluster(port);
  return objects;
}
