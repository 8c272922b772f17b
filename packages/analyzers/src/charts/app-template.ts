import { asRecord } from '../parse/k8s-object';
import { imageReference } from '../workloads/image-families';
import { appStateAt, keepsNothingOnDisk } from '../workloads/stateful-paths';
import type { ChartContainer, ChartDeclaration, ChartEphemeralStore, DefaultsStrategy } from './chart-declaration';
import { envFromNames } from './env-sources';

/** A mount of a persistence item: into every container (`globalMounts`), or one controller's one container. */
interface Mount {
  path: string;
  controller?: string;
  container?: string;
}

/** Controller kinds whose pods a ReadWriteOnce claim cannot follow. */
const UNCLAIMABLE_TYPES = new Set(['daemonset', 'cronjob', 'job']);
/**
 * True when a container keeps its database in PostgreSQL by the homelab conventions: a Servarr-style
 * `<APP>__POSTGRES__HOST` setting, or a `postgres-init` init container in its pod that creates the database.
 */
function usesPostgres(container: ChartContainer, all: readonly ChartContainer[]): boolean {
  const env = container.container.env;
  const names = [
    ...(Array.isArray(env)
      ? env.map((entry) => String(asRecord(entry)?.name ?? ''))
      : Object.keys(asRecord(env) ?? {})),
    // Settings a Secret brings in whole (`envFrom`), one an ExternalSecret renders included.
    ...envFromNames(container.container),
  ];
  if (names.some((name) => /__POSTGRES__HOST$/i.test(name))) return true;
  return all.some(
    (other) =>
      other.list === 'initContainers' &&
      other.path[1] === container.path[1] &&
      /(^|\/)postgres-init(:|@|$)/.test(imageReference(other.container)),
  );
}

/**
 * The chart's `defaultPodOptionsStrategy`: `overwrite` unless set to `merge`, so a controller's own `pod.securityContext`
 * replaces `defaultPodOptions.securityContext` rather than merging into it.
 */
function podOptionsStrategy(values: Record<string, unknown>): DefaultsStrategy {
  return values.defaultPodOptionsStrategy === 'merge' ? 'merge' : 'overwrite';
}

/** A controller's `defaultContainerOptionsStrategy`: `overwrite` unless set to `merge`, as for pod options. */
function containerDefaultsStrategy(values: Record<string, unknown>, [controller]: readonly string[]): DefaultsStrategy {
  return controllerOf(values, controller)?.defaultContainerOptionsStrategy === 'merge' ? 'merge' : 'overwrite';
}

function controllerOf(values: Record<string, unknown>, controller: string | undefined) {
  return controller === undefined ? undefined : asRecord(asRecord(values.controllers)?.[controller]);
}

/** Controllers whose pods run to completion: what they keep on emptyDir is scratch, rebuilt on every run. */
const RUN_TO_COMPLETION = new Set(['cronjob', 'job']);

/**
 * bjw-s app-template (v2 to v4): `controllers.<c>.containers.<n>` and `initContainers.<n>` with `image`, `env`,
 * `securityContext`, `resources`; pod options in `defaultPodOptions` and `controllers.<c>.pod`; volumes in
 * `persistence.<name>` with a `type` and `globalMounts`/`advancedMounts`. The chart adds no securityContext of its own.
 */
export const appTemplate: ChartDeclaration = {
  names: ['app-template'],
  recognise: (values) =>
    Object.values(asRecord(values.controllers) ?? {}).some((controller) => asRecord(asRecord(controller)?.containers)),
  rendersOnlyValues: true,
  containers: [
    {
      path: ['controllers', '*', 'containers', '*'],
      list: 'containers',
      podOptions: [['defaultPodOptions'], ['controllers', '$1', 'pod']],
      podOptionsStrategy,
      containerDefaults: [['controllers', '$1', 'defaultContainerOptions']],
      containerDefaultsStrategy,
    },
    {
      path: ['controllers', '*', 'initContainers', '*'],
      list: 'initContainers',
      podOptions: [['defaultPodOptions'], ['controllers', '$1', 'pod']],
      podOptionsStrategy,
      containerDefaults: [['controllers', '$1', 'defaultContainerOptions']],
      containerDefaultsStrategy,
      // Init containers get the controller's default container options too, unless it says they do not.
      containerDefaultsApply: (values, [controller]) =>
        controllerOf(values, controller)?.applyDefaultContainerOptionsToInitContainers !== false,
    },
  ],
  hostPaths(values, container) {
    return Object.entries(asRecord(values.persistence) ?? {}).flatMap(([name, raw]) => {
      const item = asRecord(raw);
      if (!item || item.enabled === false || item.type !== 'hostPath' || typeof item.hostPath !== 'string') return [];
      return mountsOf(name, item).some((mount) => mounts(container, mount)) ? [item.hostPath] : [];
    });
  },
  ephemeralStores(values, containers) {
    const controllers = asRecord(values.controllers) ?? {};
    return Object.entries(asRecord(values.persistence) ?? {}).flatMap(([name, raw]): ChartEphemeralStore[] => {
      const item = asRecord(raw);
      if (!item || item.enabled === false || item.type !== 'emptyDir') return [];
      if (item.medium === 'Memory') return []; // in RAM by choice: scratch
      for (const mount of mountsOf(name, item)) {
        const into = containers.filter(
          (c) =>
            c.list === 'containers' &&
            mounts(c, mount) &&
            !RUN_TO_COMPLETION.has(String(asRecord(controllers[String(c.path[1])])?.type)),
        );
        const held = into
          .filter((c) => !keepsNothingOnDisk(imageReference(c.container), c.container))
          .map((c) =>
            appStateAt(name, mount.path, imageReference(c.container), {
              externalDatabase: usesPostgres(c, containers),
              // A global mount reaches every container: another's scratch is not a data image's data.
              shared: mount.controller === undefined && into.length > 1,
            }),
          )
          .find(Boolean);
        if (!held) continue;
        const claimable = into.every((c) => {
          const controller = asRecord(controllers[String(c.path[1])]) ?? {};
          const replicas = controller.replicas;
          return (typeof replicas !== 'number' || replicas <= 1) && !UNCLAIMABLE_TYPES.has(String(controller.type));
        });
        const sizeLimit = item.sizeLimit;
        return [
          {
            path: ['persistence', name],
            name,
            mountPath: mount.path,
            holds: held,
            ...(typeof sizeLimit === 'string' ? { sizeLimit } : {}),
            claimable,
            severity: 'medium',
            toClaim: (size, storageClass) => ({
              set: {
                type: 'persistentVolumeClaim',
                accessMode: 'ReadWriteOnce',
                size,
                ...(storageClass ? { storageClass } : {}),
              },
              remove: ['sizeLimit', 'medium'],
            }),
          },
        ];
      }
      return [];
    });
  },
};

/** Where an item is mounted; with neither `globalMounts` nor `advancedMounts`, the chart mounts it at `/<name>` everywhere. */
function mountsOf(name: string, item: Record<string, unknown>): Mount[] {
  const global = Array.isArray(item.globalMounts) ? item.globalMounts : undefined;
  const advanced = asRecord(item.advancedMounts);
  if (!global && !advanced) return [{ path: `/${name}` }];
  const out: Mount[] = (global ?? []).map((m) => ({ path: String(asRecord(m)?.path ?? `/${name}`) }));
  for (const [controller, byContainer] of Object.entries(advanced ?? {})) {
    for (const [container, list] of Object.entries(asRecord(byContainer) ?? {})) {
      for (const m of Array.isArray(list) ? list : []) {
        out.push({ path: String(asRecord(m)?.path ?? `/${name}`), controller, container });
      }
    }
  }
  return out;
}

function mounts(container: ChartContainer, mount: Mount): boolean {
  if (mount.controller === undefined) return true;
  return container.path[1] === mount.controller && container.path[3] === mount.container;
}
