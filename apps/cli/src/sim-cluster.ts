import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type SimCluster, startSimCluster } from '@triad/sim';
import { UsageError } from './usage-error';

/** `--cluster` takes `sim` only; a real cluster is named with --kubeconfig. */
export function assertClusterFlag(value: string | undefined): void {
  if (value !== undefined && value !== 'sim') {
    throw new UsageError(
      `--cluster takes "sim" (the simulator), not "${value}": name a real cluster with --kubeconfig`,
    );
  }
}

/**
 * Starts the simulated k3s + Flux cluster reconciling from a Git repository on disk (bare, or a clone's .git) and
 * says so: it is a test and demo double, never a real cluster.
 */
export async function startCliSim(repo: string): Promise<SimCluster> {
  const gitDir = existsSync(join(repo, '.git')) ? join(repo, '.git') : repo;
  if (!existsSync(join(gitDir, 'HEAD'))) {
    throw new UsageError(
      `--cluster sim reconciles from a Git repository on disk: ${repo} is not one (pass a bare repo path)`,
    );
  }
  const sim = await startSimCluster({ remote: gitDir });
  console.log(
    `simulated k3s + Flux cluster (a test/demo double, not a real cluster) at ${sim.url}; kubeconfig ${sim.kubeconfig}`,
  );
  return sim;
}
