import { type FileEdit, maxRisk, type RiskLevel } from '@triad/core';
import { type ChangeItem, describeChanges, isPlainObject, isYamlPath, objectLabel, parseYaml } from '../changes';

/** The minimum risk level the tool layer sets from what a change touches. */
export interface RiskFloor {
  level: RiskLevel;
  /** One sentence per reason, naming the object; empty when the floor is `low`. */
  reasons: string[];
}

const DATA_KINDS = ['PersistentVolumeClaim', 'PersistentVolume', 'Namespace', 'CustomResourceDefinition'];
const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'];
const STORAGE_KINDS = ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'];
const ROUTING_KINDS = [
  'Ingress',
  'IngressClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'UDPRoute',
  'IngressRoute',
  'IngressRouteTCP',
  'IngressRouteUDP',
];
const PLACEMENT = /(^|\.)(nodeSelector|affinity|tolerations|nodeName)(\.|\[|$)/;
/** An env entry that now reads a Secret key: `…env[NAME].valueFrom` (or deeper). */
const SECRET_KEY_REF = /\.env\[([^\]]+)\]\.valueFrom(\.secretKeyRef(\.(name|key))?)?$/;
/** Marks a placeholder Secret whose values a person must add with sops (see the analyzers' credential fixer). */
const SOPS_PENDING = 'triad.dev/sops-pending';
const VOLUME = /(^|\.)volumes\[[^\]]+\]/;

function isFluxKustomization(item: ChangeItem): boolean {
  return item.kind === 'Kustomization' && (item.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/');
}

function hasClaim(value: unknown): boolean {
  return isPlainObject(value) && 'persistentVolumeClaim' in value;
}

/**
 * The floor one change item sets, with its reason; undefined when it sets none above `low`. `encrypted` holds the
 * `namespace/name/key` of every SOPS-encrypted Secret value the same change writes.
 */
export function floorOf(
  item: ChangeItem,
  encrypted: ReadonlySet<string> = new Set(),
): { level: RiskLevel; reason: string } | undefined {
  const what = `${objectLabel(item)} (${item.file})`;
  if (item.unparsable)
    return { level: 'high', reason: `${item.file} does not parse as YAML, so what it changes is unknown.` };
  if (item.scope === 'file') return undefined;
  if (item.scope === 'object' && item.op === 'remove' && DATA_KINDS.includes(item.kind)) {
    return {
      level: 'critical',
      reason: `Deletes ${what}: Kubernetes deletes what it holds, and a revert does not bring the data back.`,
    };
  }
  if (isFluxKustomization(item)) {
    const value = item.scope === 'object' ? item.before : undefined;
    const spec = isPlainObject(value) && isPlainObject(value.spec) ? value.spec : undefined;
    if (item.op === 'remove' && spec?.prune === true) {
      return {
        level: 'critical',
        reason: `Deletes ${what}, which has prune enabled: Flux deletes every object it applied.`,
      };
    }
    if (
      item.field === 'spec.prune' &&
      ((item.op !== 'remove' && item.after === false) || (item.op === 'remove' && item.before === true))
    ) {
      return {
        level: 'critical',
        reason: `Turns off pruning on ${what}: objects removed from Git stay in the cluster from now on.`,
      };
    }
  }
  const pending = sopsPending(item, encrypted);
  if (pending) return pending;
  if (RBAC_KINDS.includes(item.kind)) return { level: 'high', reason: `Changes access control: ${what}.` };
  if (STORAGE_KINDS.includes(item.kind)) return { level: 'high', reason: `Changes storage: ${what}.` };
  if (ROUTING_KINDS.includes(item.kind))
    return { level: 'high', reason: `Changes what is exposed and how traffic reaches it: ${what}.` };
  if (/volumeClaimTemplates?(\.|\[|$)/.test(item.field)) {
    return { level: 'high', reason: `Changes the volume claim templates of ${what} (${item.field}).` };
  }
  if (
    VOLUME.test(item.field) &&
    (item.field.includes('.persistentVolumeClaim') || hasClaim(item.before) || hasClaim(item.after))
  ) {
    return { level: 'high', reason: `Moves a volume of ${what} to or from persistent storage (${item.field}).` };
  }
  if (PLACEMENT.test(item.field)) return { level: 'high', reason: `Changes where ${what} runs (${item.field}).` };
  return undefined;
}

/**
 * A credential moved out of Git cannot work until a person puts its value, encrypted, where the pod now reads it:
 * an env entry switched to a secretKeyRef, or a Secret marked sops-pending. Both wait for that person.
 */
function sopsPending(
  item: ChangeItem,
  encrypted: ReadonlySet<string>,
): { level: RiskLevel; reason: string } | undefined {
  const what = `${objectLabel(item)} (${item.file})`;
  const envRef = SECRET_KEY_REF.exec(item.field);
  if (envRef && item.op !== 'remove' && hasSecretKeyRef(item.after, item.field)) {
    // The same change writes that key, SOPS-encrypted: nothing waits for a person.
    // A HelmRelease's pods run in its targetNamespace, which the item does not carry: any namespace will do there.
    const ref = secretKeyRefOf(item.after, item.field, item.kind === 'HelmRelease' ? '*' : (item.namespace ?? ''));
    if (ref && encrypted.has(ref)) return undefined;
    return {
      level: 'high',
      reason: `Makes ${what} read env ${envRef[1]} from a Secret: the key must hold its value (added with sops) before this reconciles, or the pod cannot start.`,
    };
  }
  const annotations =
    isPlainObject(item.after) && isPlainObject(item.after.metadata) ? item.after.metadata.annotations : undefined;
  const placeholder = item.kind === 'Secret' && isPlainObject(annotations) && SOPS_PENDING in annotations;
  if (
    placeholder ||
    (item.kind === 'Secret' && item.field.endsWith(`annotations["${SOPS_PENDING}"]`) && item.op !== 'remove')
  ) {
    return {
      level: 'high',
      reason: `Adds ${what} as a placeholder marked ${SOPS_PENDING}: a person must add its values with sops before the workload restarts.`,
    };
  }
  return undefined;
}

/**
 * What an env entry's change points to, as `encryptedSecretKeys` names it: `ns/name/key` for a whole reference,
 * `ns/name` or `ns/*(any)/key` for a change of its name or key alone (a diff reports leaves one by one).
 */
function secretKeyRefOf(after: unknown, field: string, namespace: string): string | undefined {
  if (field.endsWith('.secretKeyRef.name')) return typeof after === 'string' ? `${namespace}/${after}` : undefined;
  if (field.endsWith('.secretKeyRef.key')) return typeof after === 'string' ? `${namespace}/*/${after}` : undefined;
  const ref = field.endsWith('.secretKeyRef') ? after : isPlainObject(after) ? after.secretKeyRef : undefined;
  if (!isPlainObject(ref) || typeof ref.name !== 'string' || typeof ref.key !== 'string') return undefined;
  return `${namespace}/${ref.name}/${ref.key}`;
}

/** `namespace/name/key` (and `namespace/name`, `namespace/*(any)/key`) of every value of a SOPS-encrypted Secret (one with a `sops` block) the edits write. */
export function encryptedSecretKeys(edits: readonly FileEdit[]): Set<string> {
  const keys = new Set<string>();
  for (const edit of edits) {
    if (edit.after === null || !isYamlPath(edit.path)) continue;
    const parsed = parseYaml(edit.after);
    for (const doc of parsed.ok ? parsed.docs : []) {
      if (doc.kind !== 'Secret' || !isPlainObject(doc.value) || !isPlainObject(doc.value.sops)) continue;
      for (const field of ['data', 'stringData']) {
        const map = doc.value[field];
        for (const [key, value] of Object.entries(isPlainObject(map) ? map : {})) {
          if (typeof value !== 'string' || !value.startsWith('ENC[')) continue;
          for (const namespace of [doc.namespace ?? '', '*']) {
            for (const name of [
              `${namespace}/${doc.name}/${key}`,
              `${namespace}/${doc.name}`,
              `${namespace}/*/${key}`,
            ]) {
              keys.add(name);
            }
          }
        }
      }
    }
  }
  return keys;
}

function hasSecretKeyRef(after: unknown, field: string): boolean {
  if (field.includes('.secretKeyRef')) return after !== undefined;
  return isPlainObject(after) && isPlainObject(after.secretKeyRef);
}

/** The minimum risk of a change from what it touches: data loss is critical; access, storage, exposure and placement are high. */
export function riskFloor(edits: readonly FileEdit[]): RiskFloor {
  const reasons = new Set<string>();
  let level: RiskLevel = 'low';
  const encrypted = encryptedSecretKeys(edits);
  for (const item of describeChanges(edits)) {
    const floor = floorOf(item, encrypted);
    if (!floor) continue;
    level = maxRisk(level, floor.level);
    reasons.add(floor.reason);
  }
  return { level, reasons: [...reasons] };
}
