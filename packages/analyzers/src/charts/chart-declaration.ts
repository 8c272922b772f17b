import type { ContainerList } from '../workloads/workload-containers';

/** A path under a HelmRelease's `values`. */
export type ValuesPath = readonly (string | number)[];

/** Where a chart reads one kind of container from its values. */
export interface ChartContainerSite {
  /** Path of the container's map under `values`; `*` matches every key of a map. */
  path: readonly string[];
  /** The pod list the chart renders it into. */
  list: ContainerList;
  /**
   * Maps under `values` that hold the container's pod options (nodeSelector, affinity, pod securityContext),
   * weakest first; `$1`, `$2`… stand for the keys `*` matched. The last one is where a fixer writes.
   */
  podOptions: readonly (readonly string[])[];
  /** Maps under `values` merged under the container's own (defaults the chart applies to every container). */
  containerDefaults?: readonly (readonly string[])[];
  /** Whether the chart applies `containerDefaults` to the container the keys name (always, when absent). */
  containerDefaultsApply?: (values: Record<string, unknown>, keys: readonly string[]) => boolean;
  /** How the chart combines `containerDefaults` with the container's own (`merge` when absent). */
  containerDefaultsStrategy?: (values: Record<string, unknown>, keys: readonly string[]) => DefaultsStrategy;
  /** How the chart combines the `podOptions` maps, weakest first (`merge` when absent). */
  podOptionsStrategy?: (values: Record<string, unknown>) => DefaultsStrategy;
}

/**
 * How a chart combines defaults with what is set for one container or pod: `merge` merges maps key by key, deeply;
 * `overwrite` lets each key that is set replace the default's whole value (a pod's own `securityContext` replaces the
 * default one, not merged into it).
 */
export type DefaultsStrategy = 'merge' | 'overwrite';

/** One container of a chart's values, located. */
export interface ChartContainer {
  /** Path of the container's map under `values`. */
  path: ValuesPath;
  list: ContainerList;
  /** Its name: the map key the chart names it by, or the release name for single-container charts. */
  name?: string;
  /** What the chart renders: its own map merged over the chart's defaults (image as `repo:tag` stays a map). */
  container: Record<string, unknown>;
  /** Path under `values` where pod options for it are written. */
  podOptionsPath: ValuesPath;
  /**
   * Path under `values` of the pod securityContext in effect: the strongest pod-options map that sets one (a key
   * written there reaches the pod whatever the strategy; one written in a new, stronger map would replace it under
   * `overwrite`), else `podOptionsPath`'s.
   */
  podSecurityContextPath: ValuesPath;
  /** The pod options in effect (defaults merged under the container's own). */
  podOptions: Record<string, unknown>;
}

/** Data a chart keeps on ephemeral storage although it should outlive the pod. */
export interface ChartEphemeralStore {
  /** Path under `values` of the map a fixer edits to move it onto a claim. */
  path: ValuesPath;
  /** Name of the volume or setting, for ids and messages. */
  name: string;
  /** Where the container sees it. */
  mountPath: string;
  /** What is kept there, in plain words ("Grafana's SQLite database (users, API keys, alert state)"). */
  holds: string;
  /** Why the values leave it on emptyDir, when that is not plain from them ("persistence.enabled defaults to false"). */
  why?: string;
  /** The emptyDir's sizeLimit, when it has one. */
  sizeLimit?: string;
  /** Prometheus' `retentionSize`, to size a claim from. */
  retentionSize?: string;
  /** False when moving it onto a ReadWriteOnce claim would break the workload (several replicas, a DaemonSet). */
  claimable: boolean;
  /**
   * The edit that moves it onto a claim: keys (under `path`) to set, then keys to remove, and keys beside `path` (in
   * the map that holds it) to set where the values do not set them already.
   */
  toClaim(
    size: string,
    storageClass: string | undefined,
  ): { set: Record<string, unknown>; remove: readonly string[]; beside?: Record<string, unknown> };
  /** Severity of the loss: `low` when what is lost is rebuilt from the repo (provisioned dashboards). */
  severity: 'low' | 'medium';
}

/** A values key of a chart that, set to `true`, runs one of its containers privileged. */
export interface PrivilegedSwitch {
  /** Path of the key under `values` (`['kubeletPlugin', 'privileged']`). */
  path: readonly string[];
  /** The component it runs privileged, for ids and messages. */
  component: string;
  /** Why the chart offers it, when it is expected (a node-level driver): the finding says so. */
  expected?: string;
}

/** A chart embedded in another, under one key of its values. */
export interface Subchart {
  /** The embedded chart's name, declared in the registry. */
  chart: string;
  /** Values the parent chart sets for it, under what the HelmRelease gives. */
  defaults?: Record<string, unknown>;
}

/**
 * What Triad knows about one Helm chart, as data: how to recognise it, where its values describe containers and pod
 * options, and where they keep state. Adding a chart is one declaration in `registry.ts`.
 */
export interface ChartDeclaration {
  /** Chart names: `spec.chart.spec.chart` (without a repository prefix), the chartRef's or an OCI URL's last segment. */
  names: readonly string[];
  /** Recognises the chart from its values, for a chartRef named after the app (`chartRef: {kind: OCIRepository, name: sonarr}`). */
  recognise?(values: Record<string, unknown>): boolean;
  /** Where its values describe containers; none when the chart's containers are not described by values. */
  containers: readonly ChartContainerSite[];
  /**
   * True when the chart renders no container securityContext of its own, so what the values leave out is left out
   * and checks may judge an absence (app-template); false when the chart has defaults Triad does not read.
   */
  rendersOnlyValues: boolean;
  /** Adds what the chart renders from other values into a container (a GPU limit from `gpu.enabled`). */
  render?(container: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown>;
  /** The chart's own switches (not a securityContext) that run one of its containers privileged. */
  privilegedSwitches?: readonly PrivilegedSwitch[];
  /** Host paths the values mount into a container (app-template `persistence.*.type: hostPath`). */
  hostPaths?(values: Record<string, unknown>, container: ChartContainer): string[];
  /** State the values leave on ephemeral storage. */
  ephemeralStores?(values: Record<string, unknown>, containers: readonly ChartContainer[]): ChartEphemeralStore[];
  /** Charts it embeds, by values key (kube-prometheus-stack's `grafana`). */
  subcharts?: Readonly<Record<string, Subchart>>;
}
