import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** The context name of the kubeconfig the simulator writes. */
export const SIM_CONTEXT = 'triad-sim';

/** A kubeconfig that points @kubernetes/client-node (or kubectl) at the simulator. */
export async function writeKubeconfig(path: string, server: string): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    // Plain HTTP on loopback: the client accepts it only with TLS verification off, which is all this flag does here.
    clusters: [{ name: SIM_CONTEXT, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: SIM_CONTEXT, user: { token: 'triad-sim-token' } }],
    contexts: [{ name: SIM_CONTEXT, context: { cluster: SIM_CONTEXT, user: SIM_CONTEXT } }],
    'current-context': SIM_CONTEXT,
    preferences: {},
  };
  await writeFile(path, `# Triad's simulated k3s + Flux cluster (a test and demo double)\n${stringify(config)}`, {
    mode: 0o600,
  });
}
