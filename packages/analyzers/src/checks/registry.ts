import { capabilitiesNotDropped } from './capabilities-not-dropped';
import type { Check } from './check';
import {
  fluxHelmReleaseNotReady,
  fluxKustomizationNotReady,
  nodeNotReady,
  podCrashLooping,
  pvcPending,
} from './cluster-state';
import { dangerousCapabilities } from './dangerous-capabilities';
import { emptyDirStatefulData } from './emptydir-stateful-data';
import { fluxPathMissing } from './flux-path-missing';
import { fluxSopsWithoutDecryption } from './flux-sops-without-decryption';
import { fluxUnresolvedSubstitution } from './flux-unresolved-substitution';
import { gpuRequestWithoutNodeCapacity } from './gpu-request-without-node-capacity';
import { hardcodedCredential } from './hardcoded-credential';
import { hostNamespace } from './host-namespace';
import { hostPathVolume } from './host-path-volume';
import { kustomizeResourceMissing } from './kustomize-resource-missing';
import { missingResourceLimits } from './missing-resource-limits';
import { plaintextSecret } from './plaintext-secret';
import { privilegeEscalationAllowed } from './privilege-escalation-allowed';
import { privilegedContainer } from './privileged-container';
import { repoRegexRefused } from './repo-regex-refused';
import { runAsRootAllowed } from './run-as-root-allowed';
import { sopsNothingEncrypted } from './sops-nothing-encrypted';

/** Every check `analyzeRepo` runs, in no particular order (findings are sorted afterwards). */
export const CHECKS: readonly Check[] = [
  fluxPathMissing,
  kustomizeResourceMissing,
  fluxSopsWithoutDecryption,
  fluxUnresolvedSubstitution,
  fluxKustomizationNotReady,
  fluxHelmReleaseNotReady,
  privilegedContainer,
  privilegeEscalationAllowed,
  capabilitiesNotDropped,
  dangerousCapabilities,
  runAsRootAllowed,
  hostPathVolume,
  hostNamespace,
  hardcodedCredential,
  plaintextSecret,
  sopsNothingEncrypted,
  repoRegexRefused,
  emptyDirStatefulData,
  missingResourceLimits,
  gpuRequestWithoutNodeCapacity,
  podCrashLooping,
  pvcPending,
  nodeNotReady,
];

/** The check with this id, if any. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
