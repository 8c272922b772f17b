import { effectiveCapabilities } from '@triad/analyzers';
import { isPlainObject, joinItem, joinKey, type ManifestDoc } from '../changes';
import type { GuardrailRule } from './refusal';

/** A privilege an object grants, at a stable location, so that before and after can be compared. */
export interface PrivilegeFact {
  rule: Extract<
    GuardrailRule,
    'privileged-introduced' | 'host-path-introduced' | 'host-namespace-introduced' | 'capabilities-added'
  >;
  /** Stable within the object: field path plus what is granted. */
  key: string;
  /** What is granted, for the message: `privileged: true at spec.template.spec.containers[app]...`. */
  what: string;
  /** For an added capability: the path of the securityContext that adds it, and the capability. */
  capability?: { securityContext: string; name: string };
}

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

function walk(value: unknown, path: string, out: PrivilegeFact[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const name = isPlainObject(item) && typeof item.name === 'string' ? item.name : i;
      walk(item, joinItem(path, name), out);
    });
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const at = joinKey(path, key);
    if (key === 'privileged' && child === true) {
      out.push({ rule: 'privileged-introduced', key: at, what: `privileged: true at ${at}` });
    } else if (HOST_NAMESPACES.includes(key) && child === true) {
      out.push({ rule: 'host-namespace-introduced', key: at, what: `${key}: true at ${at}` });
    } else if (key === 'hostPath' && child !== null && child !== undefined && child !== false) {
      const hostPath = isPlainObject(child) ? String(child.path ?? '') : String(child);
      out.push({ rule: 'host-path-introduced', key: `hostPath=${hostPath}`, what: `hostPath ${hostPath} at ${at}` });
    } else if (key === 'capabilities' && isPlainObject(child) && Array.isArray(child.add)) {
      for (const cap of child.add) {
        const name = String(cap).toUpperCase().replace(/^CAP_/, '');
        out.push({
          rule: 'capabilities-added',
          key: `${at}.add=${name}`,
          what: `capability ${name} at ${at}.add`,
          capability: { securityContext: path, name },
        });
      }
    }
    walk(child, at, out);
  }
}

/**
 * Privileges an object grants wherever they sit (pod specs of any workload kind, HelmRelease values,
 * PersistentVolumes): privileged containers, host namespaces, host paths, added capabilities.
 */
export function privilegeFacts(doc: ManifestDoc): PrivilegeFact[] {
  const out: PrivilegeFact[] = [];
  walk(doc.value, '', out);
  return out;
}

/**
 * The capabilities each container of an object starts with, by the path of its securityContext (present or not):
 * the runtime defaults a container keeps unless it drops them, every one when privileged. Adding back a capability
 * a container held before is no gain (the privileged fix of a LinuxServer.io image keeps CHOWN, SETUID…).
 */
export function heldCapabilities(doc: ManifestDoc): Map<string, Set<string> | 'all'> {
  const out = new Map<string, Set<string> | 'all'>();
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const name = isPlainObject(item) && typeof item.name === 'string' ? item.name : i;
        visit(item, joinItem(path, name));
      });
      return;
    }
    if (!isPlainObject(value)) return;
    if ('image' in value || 'securityContext' in value) {
      const securityContext = isPlainObject(value.securityContext) ? value.securityContext : undefined;
      out.set(joinKey(path, 'securityContext'), effectiveCapabilities(securityContext));
    }
    for (const [key, child] of Object.entries(value)) visit(child, joinKey(path, key));
  };
  visit(doc.value, '');
  return out;
}
