import type { Finding } from '@triad/core';
import { HARDCODED_CREDENTIAL } from '../checks/hardcoded-credential';
import { PLAINTEXT_SECRET } from '../checks/plaintext-secret';
import { SOPS_NOTHING_ENCRYPTED } from '../checks/sops-nothing-encrypted';
import type { FluxDeployment } from './flux-deployment';

/** Checks of a credential committed to Git: history keeps the value, so they matter wherever the file lies. */
export const COMMITTED_CREDENTIAL_CHECKS: ReadonlySet<string> = new Set([
  HARDCODED_CREDENTIAL,
  PLAINTEXT_SECRET,
  SOPS_NOTHING_ENCRYPTED,
]);

/** Files that tools read from the repository rather than Flux applying them (`.sops.yaml`): never "not deployed". */
const REPO_TOOLING = /(^|\/)\.sops\.yaml$/;

/**
 * Each finding on a repo file names the Flux Kustomization that applies it (`deployedBy`), or says why nothing does
 * (`notDeployed`); those drop to `info`, except committed credentials. Without Flux in the repo, nothing changes.
 */
export function placeFindings(findings: readonly Finding[], deployment: FluxDeployment | undefined): Finding[] {
  if (!deployment) return [...findings];
  return findings.map((finding) => {
    if (!finding.file || finding.deployedBy || finding.notDeployed || REPO_TOOLING.test(finding.file)) return finding;
    const placement = deployment.placement(finding.file);
    if ('deployedBy' in placement) return { ...finding, deployedBy: placement.deployedBy };
    if (COMMITTED_CREDENTIAL_CHECKS.has(finding.check)) {
      return {
        ...finding,
        notDeployed: placement.notDeployed,
        message: `${finding.message} Nothing deploys it (${placement.notDeployed}), but Git keeps it: rotate it wherever it is still in use.`,
      };
    }
    return {
      ...finding,
      severity: 'info',
      notDeployed: placement.notDeployed,
      message: `${finding.message} Nothing deploys it: ${placement.notDeployed}.`,
    };
  });
}

/**
 * True when a session (or `triad fix`) should change the finding's file: its object is deployed. A committed
 * credential in a file nothing deploys keeps its severity, but rewriting an archive changes nothing running and
 * removes nothing from Git's history: what it needs is a rotation, which its message asks a person for.
 */
export function worthATask(finding: Pick<Finding, 'check' | 'notDeployed'>): boolean {
  return finding.notDeployed === undefined;
}
