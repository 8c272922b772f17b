import { RUNTIME_DEFAULT_CAPABILITIES } from '@triad/analyzers';
import type { RiskLevel } from '@triad/core';
import { isYamlPath } from '@triad/core';
import { type ChangeItem, floorOf, lastKey, objectLabel } from '@triad/policy';

/** What one change item weighs in the CIO's assessment. */
export interface RiskFactor {
  level: RiskLevel;
  /** One sentence naming the object and the field. */
  sentence: string;
}

const FLUX_KUSTOMIZATION = /^kustomize\.toolkit\.fluxcd\.io\//;
const DEVICE = /(^|\.)resources\.(limits|requests)\["([^"]*\/[^"]*)"\]/;
const COMPUTE = /(^|\.)resources(\.|$)/;
const CONTAINER = /containers\[([^\]]+)\]/;

function container(item: ChangeItem): string {
  const name = CONTAINER.exec(item.field)?.[1];
  return name ? `container ${name} of ${objectLabel(item)}` : objectLabel(item);
}

function isDoc(path: string): boolean {
  return /\.(md|txt|adoc|rst)$/i.test(path) || /(^|\/)docs\//.test(path);
}

/** The value a field ends at: `after` unless the field was removed. */
function result(item: ChangeItem): unknown {
  return item.op === 'remove' ? undefined : item.after;
}

/** True when every entry of list `a` is in list `b`. */
function subset(a: unknown, b: unknown): boolean {
  const of = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x).toUpperCase().replace(/^CAP_/, '')) : []);
  const inB = new Set(of(b));
  return of(a).every((x) => inB.has(x));
}

/** True when the change takes a privilege away; false when it grants one; undefined when it is not a security setting. */
function tightens(item: ChangeItem): boolean | undefined {
  const key = lastKey(item.field);
  const value = result(item);
  if (/\.capabilities\.drop$/.test(item.field))
    return item.op === 'replace' ? subset(item.before, item.after) : item.op === 'add';
  if (/\.capabilities\.add$/.test(item.field))
    return item.op === 'replace' ? subset(item.after, item.before) : item.op === 'remove';
  if (['privileged', 'allowPrivilegeEscalation', 'hostNetwork', 'hostPID', 'hostIPC'].includes(key))
    return value !== true;
  if (['runAsNonRoot', 'readOnlyRootFilesystem'].includes(key)) return value === true;
  if (
    key === 'securityContext' ||
    /(^|\.)securityContext\.(runAsUser|runAsGroup|seccompProfile|seLinuxOptions)/.test(item.field)
  ) {
    return item.op !== 'remove';
  }
  return undefined;
}

/**
 * Capabilities a container held before the change, read from the other items of the same change on its
 * securityContext: every one when `privileged: true` goes, the runtime defaults when `drop` gains ALL where nothing
 * was dropped. Undefined when the change does not show it.
 */
function heldBefore(item: ChangeItem, siblings: readonly ChangeItem[]): readonly string[] | 'all' | undefined {
  const securityContext = item.field.replace(/\.capabilities\.add$/, '');
  const same = (field: string) =>
    siblings.find((s) => s.file === item.file && s.kind === item.kind && s.name === item.name && s.field === field);
  if (same(`${securityContext}.privileged`)?.before === true) return 'all';
  const drop = same(`${securityContext}.capabilities.drop`);
  if (drop?.op === 'add' && subset(['ALL'], drop.after)) return RUNTIME_DEFAULT_CAPABILITIES;
  return undefined;
}

/**
 * Rules over kind, field and operation; the floor classes of the tool layer come first. `siblings`: the change's
 * other items; `encrypted` names the SOPS-encrypted Secret values the same change writes (see `encryptedSecretKeys`).
 */
export function riskOf(
  item: ChangeItem,
  siblings: readonly ChangeItem[] = [],
  encrypted: ReadonlySet<string> = new Set(),
): RiskFactor {
  const floor = floorOf(item, encrypted);
  if (floor) return { level: floor.level, sentence: floor.reason };
  if (item.scope === 'file') {
    if (isDoc(item.file))
      return { level: 'low', sentence: `Documentation ${item.file} changes; nothing in the cluster does.` };
    if (isYamlPath(item.file))
      return { level: 'low', sentence: `File ${item.file} is ${item.op === 'add' ? 'created' : 'deleted'}.` };
    return {
      level: 'medium',
      sentence: `${item.file} changes, and Triad cannot tell what it does: review it by hand.`,
    };
  }
  const what = objectLabel(item);
  if (item.scope === 'object') {
    return item.op === 'add'
      ? { level: 'medium', sentence: `Adds ${what} (${item.file}); Flux creates it on the next reconciliation.` }
      : {
          level: 'high',
          sentence: `Removes ${what} (${item.file}); Flux deletes it from the cluster if pruning is on.`,
        };
  }
  const held = /\.capabilities\.add$/.test(item.field) && item.op === 'add' ? heldBefore(item, siblings) : undefined;
  if (held && (held === 'all' || subset(item.after, held))) {
    return {
      level: 'medium',
      sentence: `Keeps ${JSON.stringify(item.after)} for ${container(item)} while dropping the rest (${item.field}): it held them before, and its image's init needs them to start.`,
    };
  }
  const tighter = tightens(item);
  if (tighter === true) {
    return {
      level: 'medium',
      sentence: `Tightens the security of ${container(item)} (${item.field} ${item.op === 'remove' ? 'removed' : `set to ${JSON.stringify(item.after)}`}): the workload restarts and may lose device access; a revert restores it.`,
    };
  }
  if (tighter === false) {
    return {
      level: 'high',
      sentence: `Grants ${container(item)} more privilege (${item.field}): it runs with wider access to the node.`,
    };
  }
  const device = DEVICE.exec(item.field);
  if (device) {
    return {
      level: 'medium',
      sentence: `Requests device ${device[3]} for ${container(item)}: the pod restarts and schedules only on nodes that expose it.`,
    };
  }
  if (FLUX_KUSTOMIZATION.test(item.apiVersion ?? '') && item.kind === 'Kustomization') {
    if (item.field.startsWith('spec.decryption')) {
      return {
        level: 'medium',
        sentence: `Sets SOPS decryption on ${what} (${item.field}): reconciliation of its path changes and encrypted manifests start to apply.`,
      };
    }
    if (item.field.startsWith('spec.postBuild.substituteFrom')) {
      return {
        level: 'medium',
        sentence: `Changes variable substitution of ${what} (${item.field}): reconciliation of its path changes and every substituted value with it.`,
      };
    }
    return { level: 'medium', sentence: `Changes ${item.field} of ${what}: how Flux reconciles its path changes.` };
  }
  if (/^metadata\.(annotations|labels)/.test(item.field)) {
    return { level: 'low', sentence: `Changes ${item.field} of ${what}: metadata only, no restart.` };
  }
  if (lastKey(item.field) === 'image') {
    return {
      level: 'medium',
      sentence: `Changes the image of ${container(item)}: new code runs; a revert restores the old image.`,
    };
  }
  if (COMPUTE.test(item.field)) {
    return {
      level: 'medium',
      sentence: `Changes resources of ${container(item)} (${item.field}): the pod restarts and may schedule elsewhere.`,
    };
  }
  return {
    level: 'medium',
    sentence: `Changes ${item.field} of ${what} (${item.op}): not a change the built-in policy knows to be harmless.`,
  };
}
