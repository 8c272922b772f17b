import type { Finding } from '@triad/core';
import { wholeVariable } from '../flux/substitution-variables';
import { effectiveSecurityField, isWindowsPod } from '../security/security-context';
import { imageFamily, imageReference } from '../workloads/image-families';
import { type SccDefaults, sccDefaults } from '../workloads/openshift-scc';
import { describeContainer, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
import { type Check, wholeObjects } from './check';
import { containerFinding } from './container-finding';

export const RUN_AS_ROOT_ALLOWED = 'run-as-root-allowed';

/**
 * Restricted standard: `runAsNonRoot: true` (pod or container, the container's wins) and no `runAsUser: 0`.
 * `runAsUser: 0` is reported as high, contradictory settings included (the kubelet refuses to start such a container).
 * A non-zero `runAsUser` without `runAsNonRoot` is low and fixable (adding `runAsNonRoot: true` changes nothing at
 * run time); neither set is low too and left to a person (the image's user, which Triad does not read, decides), and
 * `runAsNonRoot: false` is medium. On OpenShift, a pod whose service account may use only SCCs that refuse UID 0
 * (`restricted-v2` with no grant, `nonroot`) cannot run as root: only `runAsUser: 0` and `runAsNonRoot: false` are
 * reported there.
 */
export const runAsRootAllowed: Check = {
  id: RUN_AS_ROOT_ALLOWED,
  description: 'A container runs, or may run, as root: runAsNonRoot is not true or runAsUser is 0.',
  run(context) {
    const { flux } = context;
    /** Inline postBuild variables of the Flux Kustomizations that build each file (first one wins). */
    const substitutes = new Map<string, Record<string, string>>();
    for (const k of flux.kustomizations) {
      for (const file of k.builtFiles) if (!substitutes.has(file)) substitutes.set(file, k.postBuild?.substitute ?? {});
    }
    return wholeObjects(context).flatMap((document) => {
      const targets = workloadContainers(document);
      const substitute = substitutes.get(document.file) ?? {};
      return targets.flatMap((target) => {
        if (isWindowsPod(target)) return [];
        // The containers a pod-level field written for this one reaches: those that read the same securityContext.
        const where = target.podSecurityContextPath.join('\u0000');
        const sharing = () => targets.filter((other) => other.podSecurityContextPath.join('\u0000') === where);
        const finding = judge(target, substitute, () => sccDefaults(context, target), sharing);
        return finding ? [finding] : [];
      });
    });
  },
};

/**
 * `runAsUser` as the cluster gets it: a number, a number in a string, or a Flux variable resolved by the building
 * Kustomization's inline `postBuild.substitute` or its default. `'deploy-time'` when a variable's value is not in the
 * repository's text (a substituteFrom source): some UID, set at deploy time.
 */
function uidOf(value: unknown, substitute: Record<string, string>): number | 'deploy-time' | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const variable = wholeVariable(text);
  if (!variable) return undefined;
  const resolved = substitute[variable.name] ?? variable.fallback;
  return resolved !== undefined && /^\s*\d+\s*$/.test(resolved) ? Number(resolved) : 'deploy-time';
}

function judge(
  target: WorkloadContainer,
  substitute: Record<string, string>,
  admission: () => SccDefaults,
  sharing: () => WorkloadContainer[],
): Finding | undefined {
  // In a user namespace of its own (hostUsers: false) UID 0 in the pod is an unprivileged UID on the node: the Pod
  // Security Standards relax running as non-root for such pods.
  if (target.podSpec.hostUsers === false) return undefined;
  const written = effectiveSecurityField(target, 'runAsUser');
  const user = uidOf(written, substitute);
  const nonRoot = effectiveSecurityField(target, 'runAsNonRoot');
  const what = describeContainer(target);
  const ownUser = (target.container.securityContext as Record<string, unknown> | undefined)?.runAsUser !== undefined;
  const field = ['securityContext', ownUser || user === undefined ? 'runAsUser' : 'runAsNonRoot'];
  if (user === 0) {
    return containerFinding(RUN_AS_ROOT_ALLOWED, target, {
      severity: 'high',
      field: ['securityContext', 'runAsUser'],
      message:
        nonRoot === true
          ? `${what} sets runAsUser: 0 and runAsNonRoot: true: the kubelet refuses to start it (CreateContainerConfigError). Set a non-zero runAsUser.`
          : `${what} runs as root (runAsUser: 0): set a non-zero runAsUser and runAsNonRoot: true. Triad leaves this one to a person: which UID the app can run as, and own its files as, is not in the repository.`,
      fixable: false,
      evidence: { runAsUser: 0 },
    });
  }
  if (nonRoot === true) return undefined;
  if (target.source === 'helm-values' && !target.chart?.rendersOnlyValues && nonRoot !== false) return undefined;
  if (nonRoot !== false && admission().nonRoot) return undefined;
  const family = imageFamily(imageReference(target.container));
  if (user === 'deploy-time' || (typeof user === 'number' && user > 0)) {
    const uid = user === 'deploy-time' ? `${String(written)} (a UID set at deploy time)` : `UID ${user}`;
    return containerFinding(RUN_AS_ROOT_ALLOWED, target, {
      severity: 'low',
      field,
      message:
        nonRoot === false
          ? `${what} runs as ${uid} but sets runAsNonRoot: false, so nothing stops an override to root: set it to true (Restricted Pod Security Standard).`
          : `${what} runs as ${uid} but does not set runAsNonRoot: true, so nothing stops an override to root (Restricted Pod Security Standard).`,
      fixable:
        typeof user === 'number' && nonRoot !== false && (target.source === 'manifest' || target.chart !== undefined),
      // Where the fix writes runAsNonRoot: beside the UID, unless another container reading that pod securityContext
      // may run as root: then on this container alone.
      evidence: {
        runAsUser: user === 'deploy-time' ? String(written) : user,
        ...(ownUser || !podLevelFixable(sharing(), substitute)
          ? { level: 'container' }
          : { level: 'pod', securityContextPath: [...target.podSecurityContextPath] }),
      },
    });
  }
  const rootInit = family?.rootInit === true && nonRoot !== false;
  // Neither set: the image's own USER decides, which Triad cannot read. Many images run as a user of their own, so the
  // claim is only that nothing stops root (low); `runAsNonRoot: false` asks for root to be allowed (medium).
  return containerFinding(RUN_AS_ROOT_ALLOWED, target, {
    severity: nonRoot === false ? 'medium' : 'low',
    field: ['securityContext', 'runAsNonRoot'],
    message:
      nonRoot === false
        ? `${what} sets runAsNonRoot: false: it may run as root. Run it as a non-root UID with runAsNonRoot: true. Triad leaves this one to a person: false is written out, which reads as a choice.`
        : rootInit
          ? `${what} runs as root: ${family.name} images start their init as root and drop to PUID/PGID, so runAsNonRoot would stop it. Triad leaves this one to a person: an image that runs rootless would avoid it.`
          : `${what} sets neither runAsNonRoot: true nor a non-zero runAsUser: it runs as whichever user its image sets, and nothing stops that being root. Set runAsNonRoot: true, with a non-zero runAsUser if the image's user is root. Triad leaves this one to a person: the image's user is not in the repository, and runAsNonRoot on an image that runs as root keeps its pod from starting.`,
    fixable: false,
  });
}

/**
 * Whether `runAsNonRoot: true` may be written at the pod level of these containers (all that read that pod
 * securityContext): only when every one of them runs as a known non-zero UID. One that runs as root on purpose (an
 * init container that chowns a volume, `runAsUser: 0`) or whose UID is not in the repository would be refused by the
 * kubelet, and the whole pod with it.
 */
function podLevelFixable(containers: readonly WorkloadContainer[], substitute: Record<string, string>): boolean {
  return containers.every((container) => {
    const uid = uidOf(effectiveSecurityField(container, 'runAsUser'), substitute);
    return typeof uid === 'number' && uid > 0 && effectiveSecurityField(container, 'runAsNonRoot') !== false;
  });
}
