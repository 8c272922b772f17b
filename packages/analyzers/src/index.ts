export type { AnalysisContext } from './analysis-context';
export { buildAnalysisContext } from './analysis-context';
export { type AnalyzeOptions, analyzeRepo, sortFindings } from './analyze-repo';
export type { ChartDeclaration } from './charts/chart-declaration';
export { chartNameOf } from './charts/chart-of';
export { CHARTS, chartNamed } from './charts/registry';
export { CAPABILITIES_NOT_DROPPED } from './checks/capabilities-not-dropped';
export type { Check } from './checks/check';
export {
  FLUX_HELMRELEASE_NOT_READY,
  FLUX_KUSTOMIZATION_NOT_READY,
  NODE_NOT_READY,
  POD_CRASH_LOOPING,
  PVC_PENDING,
} from './checks/cluster-state';
export { DANGEROUS_CAPABILITIES } from './checks/dangerous-capabilities';
export { EMPTYDIR_STATEFUL_DATA } from './checks/emptydir-stateful-data';
export { FLUX_SOPS_WITHOUT_DECRYPTION } from './checks/flux-sops-without-decryption';
export { FLUX_UNRESOLVED_SUBSTITUTION } from './checks/flux-unresolved-substitution';
export { GPU_REQUEST_WITHOUT_NODE_CAPACITY } from './checks/gpu-request-without-node-capacity';
export { HARDCODED_CREDENTIAL } from './checks/hardcoded-credential';
export { HOST_NAMESPACE } from './checks/host-namespace';
export { HOST_PATH_VOLUME } from './checks/host-path-volume';
export { MISSING_RESOURCE_LIMITS } from './checks/missing-resource-limits';
export { PLAINTEXT_SECRET } from './checks/plaintext-secret';
export { PRIVILEGE_ESCALATION_ALLOWED } from './checks/privilege-escalation-allowed';
export { PRIVILEGED_CONTAINER } from './checks/privileged-container';
export { CHECKS, checkById } from './checks/registry';
export { REPO_REGEX_REFUSED } from './checks/repo-regex-refused';
export { RUN_AS_ROOT_ALLOWED } from './checks/run-as-root-allowed';
export { type ClusterObjects, NO_CLUSTER_OBJECTS } from './cluster/cluster-objects';
export {
  type CredentialCandidate,
  credentialCandidates,
} from './credentials/credential-candidates';
export { type CredentialKeyKind, credentialKeyKind, isCredentialKey } from './credentials/credential-key';
export { type CredentialMatch, type CredentialReason, credentialIn } from './credentials/credential-values';
export { highEntropyTokens, shannonEntropy } from './credentials/entropy';
export { type KnownToken, knownTokens } from './credentials/known-tokens';
export { privatePemBlocks } from './credentials/pem';
export { isSafeCredentialValue, looksLikeName } from './credentials/safe-value';
export { findingId } from './finding-id';
export { fixFindings } from './fixes/fix-findings';
export { SOPS_PENDING_ANNOTATION } from './fixes/fix-hardcoded-credential';
export type { FixOutcome } from './fixes/fix-outcome';
export type { Fixer, FixInput, FixPart } from './fixes/fixer';
export type { ManifestEditor } from './fixes/manifest-editor';
export { createManifestEditor } from './fixes/manifest-editor';
export { FIXERS, fixerFor, fixGroupKey, fixTitle, groupByFixer, groupForFix } from './fixes/registry';
export {
  conventionalDecryption,
  conventionalDecryptionSecret,
  DEFAULT_SOPS_SECRET,
  type DecryptionConvention,
} from './flux/decryption-convention';
export { COMMITTED_CREDENTIAL_CHECKS, placeFindings, worthATask } from './flux/finding-placement';
export type { FluxDeployment, Placement } from './flux/flux-deployment';
export type { FluxKustomization, FluxModel, PostBuild, SubstitutionSource } from './flux/flux-kustomization';
export { buildFluxModel, isFluxKustomization } from './flux/flux-kustomization';
export { applyFluxPatches, type FluxPatch, fluxPatchesOf, matchesTarget } from './flux/flux-patches';
export type { SourceRef } from './flux/flux-source';
export {
  type KustomizeBuild,
  kustomizeBuild,
  kustomizeBuildFiles,
  normalizeRepoDir,
} from './flux/kustomize-build-files';
export {
  type LabelSelector,
  labelsMatch,
  parseLabelSelector,
  type SelectorRequirement,
  selectorMatches,
} from './flux/label-selector';
export { isSopsEncrypted, sopsMacOf } from './flux/sops';
export { substitutionDisabled, unresolvedVariables } from './flux/substitution-variables';
export type { ManifestDocument } from './parse/manifest-document';
export { lineOf } from './parse/manifest-document';
export type { ParsedManifests } from './parse/parse-manifests';
export { parseManifests, setParseCacheLimit, YAML_PARSE_ERROR } from './parse/parse-manifests';
export { deepFreeze } from './parse/text-cache';
export { parseYamlDocuments, parseYamlValue } from './parse/yaml-documents';
export { type RepoPattern, repoPatterns, sopsPathRegexes } from './regex/repo-patterns';
export { MAX_REPO_PATTERN, type RepoRegex, repoRegex } from './regex/repo-regex';
export {
  effectiveCapabilities,
  missingCapabilities,
  RUNTIME_DEFAULT_CAPABILITIES,
} from './security/effective-capabilities';
export { BASELINE_CAPABILITIES } from './security/security-context';
export {
  parseCreationRules,
  SOPS_CONFIG_FILE,
  type SopsCreationRule,
  type SopsSelection,
} from './sops/creation-rules';
export { type SopsPlan, sopsPlanFor } from './sops/sops-plan';
export { matchPathRegex } from './sops/sops-regex';
export { LiteralSet } from './text/literal-set';
export { warmUpAnalyzers } from './warm-up';
export type { GpuDevice, GpuEvidence } from './workloads/gpu-evidence';
export { gpuEvidence } from './workloads/gpu-evidence';
export { IMAGE_FAMILIES, type ImageFamily, imageFamily, imageReference } from './workloads/image-families';
export type { ContainerList, ContainerSource, WorkloadContainer } from './workloads/workload-containers';
export { podSpecPathIn, podSpecPathOf, workloadContainers } from './workloads/workload-containers';
