import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyzeRepo, type ClusterObjects } from '@triad/analyzers';
import { compareSeverity, count, Severity } from '@triad/core';
import { renderFindings } from '../scan/findings-table';
import { readRepoTree, skippedFindings } from '../scan/repo-files';
import { toSarif } from '../scan/sarif';
import { SARIF_STDOUT } from '../scan/sarif-flag';
import { UsageError } from '../usage-error';

export { SARIF_STDOUT, withSarifDefault } from '../scan/sarif-flag';

/** Findings at or above this severity make `triad scan` exit 1, unless `--fail-on` says otherwise. */
export const DEFAULT_FAIL_ON: Severity = 'high';

export interface ScanFlags {
  json?: boolean;
  sarif?: string;
  kubeconfig?: string;
  context?: string;
  /** `sim`: scan the simulated cluster reconciling a copy of `path` (a test/demo double). */
  cluster?: string;
  'fail-on'?: string;
  /** Show in the table also the `info` findings on objects no Flux Kustomization deploys. */
  all?: boolean;
}

/**
 * `triad scan <path> [--kubeconfig k] [--json] [--sarif [file]] [--fail-on severity] [--all]`: the findings of a GitOps
 * repo on disk (and of its cluster), grouped by severity; the table leaves out `info` findings on objects nothing
 * deploys unless `--all` (JSON and SARIF carry every finding). Returns 1 when anything is at or above --fail-on.
 */
export async function scan(path: string | undefined, flags: ScanFlags): Promise<number> {
  if (!path) throw new UsageError('missing path: `triad scan <path to a GitOps repo>`');
  const failOn = Severity.safeParse(flags['fail-on'] ?? DEFAULT_FAIL_ON);
  if (!failOn.success) {
    throw new UsageError(`invalid --fail-on "${flags['fail-on']}": use one of info, low, medium, high, critical`);
  }
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${path} is not a directory: pass the root of a GitOps repository`);
  // The simulator and the Kubernetes client load only when a cluster is asked for: a repo scan starts without them.
  if (flags.cluster !== undefined) {
    const [{ assertClusterFlag, startCliSim }, { createBareRemote }] = await Promise.all([
      import('../sim-cluster'),
      import('@triad/sim'),
    ]);
    assertClusterFlag(flags.cluster);
    const { remote } = await createBareRemote(resolve(path));
    const sim = await startCliSim(remote);
    try {
      return await scan(path, { ...flags, cluster: undefined, kubeconfig: sim.kubeconfig, context: sim.context });
    } finally {
      await sim.stop();
    }
  }
  const { files, skipped } = await readRepoTree(path);
  const cluster: ClusterObjects | undefined = flags.kubeconfig
    ? await import('../scan/live-cluster').then((m) => m.readLiveCluster(flags.kubeconfig!, flags.context))
    : undefined;
  const unreadable = skipped.map((file) => file.path);
  const findings = [
    ...analyzeRepo(files, { unreadable, ...(cluster ? { cluster } : {}) }),
    ...skippedFindings(skipped),
  ];

  if (flags.sarif !== undefined) {
    const sarif = `${JSON.stringify(toSarif(findings, resolve(path), '0.1.0'), null, 2)}\n`;
    if (flags.sarif === SARIF_STDOUT) process.stdout.write(sarif);
    else await writeFile(flags.sarif, sarif, 'utf8');
  }
  if (flags.json) console.log(JSON.stringify(findings, null, 2));
  else if (flags.sarif === undefined || flags.sarif !== SARIF_STDOUT) {
    console.log(
      renderFindings(findings, {
        files: files.size,
        ...(flags.kubeconfig ? { cluster: flags.kubeconfig } : {}),
        all: flags.all === true,
      }),
    );
  }
  const failing = findings.filter((f) => compareSeverity(f.severity, failOn.data) >= 0).length;
  // Said on stderr, so JSON and SARIF on stdout stay whole: a CI log shows why the step failed.
  if (failing > 0) {
    process.stderr.write(
      `triad scan: exit 1: ${count(failing, 'finding')} at ${failOn.data} or above (--fail-on sets the level)\n`,
    );
  }
  return failing > 0 ? 1 : 0;
}
