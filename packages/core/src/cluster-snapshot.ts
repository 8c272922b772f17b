import { z } from 'zod';

/** A status condition as Kubernetes and Flux report it. */
export const ClusterCondition = z.object({
  /** `Ready`, `MemoryPressure`, `PodScheduled`… */
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  /** CamelCase machine reason, e.g. `BuildFailed`. */
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export type ClusterCondition = z.infer<typeof ClusterCondition>;

/** Resource quantities as the API writes them (`"4"`, `16Gi`, `500m`), by resource name (`cpu`, `nvidia.com/gpu`). */
export const Quantities = z.record(z.string(), z.string());
export type Quantities = z.infer<typeof Quantities>;

export const NodeTaint = z.object({
  key: z.string(),
  value: z.string().optional(),
  effect: z.string(),
});

export const NodeSnapshot = z.object({
  name: z.string(),
  /** The Ready condition is True. */
  ready: z.boolean(),
  /** Pressure conditions that are True (`MemoryPressure`, `DiskPressure`, `PIDPressure`, `NetworkUnavailable`). */
  pressures: z.array(z.string()),
  /** The Ready condition as reported, for its reason and message. */
  readyCondition: ClusterCondition.optional(),
  unschedulable: z.boolean(),
  /** What the node has, including `nvidia.com/gpu` and `gpu.intel.com/*`. */
  capacity: Quantities,
  /** What the scheduler may hand out. */
  allocatable: Quantities,
  labels: z.record(z.string(), z.string()),
  taints: z.array(NodeTaint),
});
export type NodeSnapshot = z.infer<typeof NodeSnapshot>;

/** The securityContext fields the analyzers read; the pod-level one is merged in where the container sets none. */
export const ContainerSecurity = z.object({
  privileged: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  capabilitiesAdd: z.array(z.string()).optional(),
  capabilitiesDrop: z.array(z.string()).optional(),
});
export type ContainerSecurity = z.infer<typeof ContainerSecurity>;

export const ContainerSnapshot = z.object({
  name: z.string(),
  image: z.string(),
  /** True for init containers. */
  init: z.boolean(),
  ready: z.boolean(),
  restartCount: z.number().int().nonnegative(),
  /** `running`, `waiting` or `terminated`, from the current state; `unknown` before the kubelet reported. */
  state: z.enum(['running', 'waiting', 'terminated', 'unknown']),
  /** Reason of a waiting state: `CrashLoopBackOff`, `CreateContainerConfigError`, `ImagePullBackOff`… */
  waitingReason: z.string().optional(),
  waitingMessage: z.string().optional(),
  /** Reason of the current or last termination: `OOMKilled`, `Error`, `Completed`… */
  terminatedReason: z.string().optional(),
  exitCode: z.number().int().optional(),
  requests: Quantities,
  limits: Quantities,
  security: ContainerSecurity,
});
export type ContainerSnapshot = z.infer<typeof ContainerSnapshot>;

export const PodSnapshot = z.object({
  namespace: z.string(),
  name: z.string(),
  /** `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`. */
  phase: z.string(),
  /** The node it runs on; absent while unscheduled. */
  node: z.string().optional(),
  /** The controller that owns it, resolved through ReplicaSets to the Deployment when the name says so. */
  owner: z.object({ kind: z.string(), name: z.string() }).optional(),
  /** Sum of the restart counts of its containers. */
  restarts: z.number().int().nonnegative(),
  /** Why it is not scheduled or not ready (`Unschedulable: 0/3 nodes…`), from its conditions. */
  conditions: z.array(ClusterCondition),
  containers: z.array(ContainerSnapshot),
  /** Secrets it references by name (env, envFrom, volumes, imagePullSecrets). */
  secretRefs: z.array(z.string()),
  /** PersistentVolumeClaims it mounts. */
  claimRefs: z.array(z.string()),
  nodeSelector: z.record(z.string(), z.string()),
  createdAt: z.string().optional(),
});
export type PodSnapshot = z.infer<typeof PodSnapshot>;

export const FLUX_KINDS = ['Kustomization', 'HelmRelease', 'GitRepository', 'OCIRepository'] as const;
export const FluxKind = z.enum(FLUX_KINDS);
export type FluxKind = z.infer<typeof FluxKind>;

export const FluxObjectSnapshot = z.object({
  kind: FluxKind,
  namespace: z.string(),
  name: z.string(),
  /** `spec.suspend`: Flux does not reconcile it, and Triad never asks it to. */
  suspended: z.boolean(),
  /** The Ready condition; absent before the controller first reported. */
  ready: ClusterCondition.optional(),
  /** `main@sha1:<sha>` for Git sources, a chart version for HelmReleases. */
  lastAppliedRevision: z.string().optional(),
  lastAttemptedRevision: z.string().optional(),
  /** The revision a source has fetched (`status.artifact.revision`). */
  artifactRevision: z.string().optional(),
  /** Kustomizations: `spec.path`. */
  path: z.string().optional(),
  /** Kustomizations and HelmReleases: the source they build from. */
  sourceRef: z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() }).optional(),
  /** The last `reconcile.fluxcd.io/requestedAt` the controller handled. */
  lastHandledReconcileAt: z.string().optional(),
});
export type FluxObjectSnapshot = z.infer<typeof FluxObjectSnapshot>;

export const PvcSnapshot = z.object({
  namespace: z.string(),
  name: z.string(),
  /** `Pending`, `Bound`, `Lost`. */
  phase: z.string(),
  storageClass: z.string().optional(),
  /** Requested size, e.g. `20Gi`. */
  requested: z.string().optional(),
  volumeName: z.string().optional(),
});
export type PvcSnapshot = z.infer<typeof PvcSnapshot>;

export const WarningEvent = z.object({
  namespace: z.string(),
  /** `Kind/name` of the object it is about. */
  object: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number().int().positive(),
  lastSeen: z.string(),
});
export type WarningEvent = z.infer<typeof WarningEvent>;

/** What is known of a Secret: never its data. */
export const SecretMetadata = z.object({
  namespace: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
});
export type SecretMetadata = z.infer<typeof SecretMetadata>;

/**
 * The cluster at one instant, as the read-only reader saw it, typed: the model summary is made from it. The analyzers
 * read the same objects untyped (`ClusterObjects` of @triad/analyzers).
 */
export const ClusterSnapshot = z.object({
  /** Kubeconfig context (or `in-cluster`) it was read from. */
  source: z.string(),
  takenAt: z.string(),
  nodes: z.array(NodeSnapshot),
  pods: z.array(PodSnapshot),
  flux: z.object({
    kustomizations: z.array(FluxObjectSnapshot),
    helmReleases: z.array(FluxObjectSnapshot),
    gitRepositories: z.array(FluxObjectSnapshot),
    ociRepositories: z.array(FluxObjectSnapshot),
  }),
  pvcs: z.array(PvcSnapshot),
  /** Warning events of the last hour. */
  warnings: z.array(WarningEvent),
  secrets: z.array(SecretMetadata),
});
export type ClusterSnapshot = z.infer<typeof ClusterSnapshot>;
