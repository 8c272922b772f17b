import { objectKey, objectLabel } from '../changes';
import { objectsBefore, type ParsedEdit } from './parsed-edit';
import { heldCapabilities, type PrivilegeFact, privilegeFacts } from './privilege-facts';
import type { Refusal } from './refusal';

const ADVICE: Record<PrivilegeFact['rule'], string> = {
  'privileged-introduced':
    'request the device as a resource limit or the one capability needed instead; privileged mode is for a human to grant.',
  'host-path-introduced': 'use a PersistentVolumeClaim instead; host paths are for a human to grant.',
  'host-namespace-introduced': 'expose a port through a Service instead; host namespaces are for a human to grant.',
  'capabilities-added': 'drop the capability or leave it for a human to grant.',
};

/**
 * `privileged-introduced`, `host-path-introduced`, `host-namespace-introduced`, `capabilities-added`: privileges an
 * object has after the edits and did not have before (the same object, wherever it sat). Removing one always passes;
 * so does adding back a capability the container already held (privileged, or a runtime default it did not drop).
 */
export function checkPrivileges(parsed: readonly ParsedEdit[]): Refusal[] {
  const previous = objectsBefore(parsed);
  const refusals: Refusal[] = [];
  for (const p of parsed) {
    for (const doc of p.after ?? []) {
      const before = previous.get(objectKey(doc));
      const had = new Set(before ? privilegeFacts(before).map((f) => `${f.rule}|${f.key}`) : []);
      const held = before ? heldCapabilities(before) : new Map<string, Set<string> | 'all'>();
      for (const fact of privilegeFacts(doc)) {
        if (had.has(`${fact.rule}|${fact.key}`)) continue;
        const kept = fact.capability && held.get(fact.capability.securityContext);
        if (fact.capability && (kept === 'all' || kept?.has(fact.capability.name))) continue;
        refusals.push({
          rule: fact.rule,
          path: p.edit.path,
          message: `${p.edit.path}: ${objectLabel(doc)} gains ${fact.what}: ${ADVICE[fact.rule]}`,
        });
      }
    }
  }
  return refusals;
}
