import type { Finding } from '@triad/core';
import { isMap, isSeq } from 'yaml';
import type { AnalysisContext } from '../analysis-context';
import { HARDCODED_CREDENTIAL } from '../checks/hardcoded-credential';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import { evidencePath } from './finding-paths';
import { fixTarget } from './fix-target';
import type { Fixer } from './fixer';

/** Annotation that marks a placeholder Secret: its value must be added, encrypted, by a person. */
export const SOPS_PENDING_ANNOTATION = 'triad.dev/sops-pending';

/**
 * Moves literal env credentials to `valueFrom.secretKeyRef`. The key goes to a SOPS-encrypted Secret the pod already
 * reads from; failing that, to a placeholder Secret appended to the same file, with no value and marked
 * `triad.dev/sops-pending`. The value itself is never written anywhere: a person adds it with sops (and rotates it,
 * since Git history keeps the old one).
 */
export const fixHardcodedCredential: Fixer = {
  checks: [HARDCODED_CREDENTIAL],
  title: (group) => {
    const first = group[0];
    return first
      ? `Move the credentials of ${first.resource.kind} ${displayName(first.resource)} into a Secret`
      : 'Move credentials into a Secret';
  },
  fix(group, { editor, context }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first, file, doc } = target;
    const namespace = first.resource.namespace;
    const existing = sopsSecretInUse(context, first, namespace);
    const secretName = existing?.name ?? `${first.resource.name}-credentials`;
    const keys: string[] = [];
    // Each env list indexed once by name: a workload with thousands of literal credentials is fixed in linear time.
    const literals = new Map<unknown, Map<string, unknown[]>>();
    const literalsOf = (env: { items: unknown[] }) => {
      let byName = literals.get(env);
      if (!byName) {
        byName = new Map();
        for (const item of env.items) {
          if (!isMap(item) || !item.has('value')) continue;
          const key = String(item.get('name'));
          byName.set(key, [...(byName.get(key) ?? []), item]);
        }
        literals.set(env, byName);
      }
      return byName;
    };
    for (const finding of group) {
      const container = evidencePath(finding, 'containerPath');
      const env = doc.getIn([...(container ?? []), 'env']);
      const name = finding.evidence?.env;
      if (!container || !isSeq(env) || typeof name !== 'string')
        return { unfixable: `${finding.id} is not an env list entry` };
      const item = literalsOf(env).get(name)?.shift();
      if (!isMap(item)) return { unfixable: `env ${name} no longer holds a literal value` };
      item.delete('value');
      item.set('valueFrom', doc.createNode({ secretKeyRef: { name: secretName, key: name } }));
      if (item.commentBefore)
        item.commentBefore =
          item.commentBefore
            .split('\n')
            .filter((l) => !/FIXME|TODO/i.test(l))
            .join('\n') || undefined;
      keys.push(name);
    }
    const workload = `${first.resource.kind} ${displayName(first.resource)}`;
    const secret = `${namespace ? `${namespace}/` : ''}${secretName}`;
    if (!existing) {
      editor.appendDocument(
        file,
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: secretName,
            ...(namespace ? { namespace } : {}),
            annotations: { [SOPS_PENDING_ANNOTATION]: keys.join(',') },
          },
          type: 'Opaque',
        },
        ` Placeholder written by Triad: it holds no value on purpose. Add ${keys.join(', ')} with sops\n` +
          ' (never in plain text), ideally moved to its own *.sops.yaml file, before the workload restarts.',
      );
    }
    const where = existing
      ? `${existing.file} with \`sops ${existing.file}\``
      : `a SOPS-encrypted Secret ${secret} (the placeholder in ${file} holds none)`;
    return {
      title: fixHardcodedCredential.title(group),
      subject: `fix(security): read ${keys.join(', ')} of ${workload} from Secret ${secretName}`,
      body:
        `${workload} carried ${keys.join(', ')} as literal env values, readable by anyone with the repository. ` +
        `Read ${keys.length === 1 ? 'it' : 'them'} from Secret ${secret} through secretKeyRef instead` +
        (existing
          ? ', the SOPS-encrypted Secret the pod already reads.'
          : '; a placeholder Secret marked sops-pending stands in for it.') +
        ' The value is not written anywhere by this change.',
      humanSteps: [
        `add ${keys.join(', ')} to ${where}, with a new value: the old one stays in Git history, so rotate it`,
      ],
      fixed: group.map((f) => f.id),
    };
  },
};

/** A SOPS-encrypted Secret of the same namespace that the finding's pod already reads (secretKeyRef or envFrom). */
function sopsSecretInUse(
  context: AnalysisContext,
  finding: Finding,
  namespace: string | undefined,
): { name: string; file: string } | undefined {
  const podSpecPath = evidencePath(finding, 'podSpecPath');
  const document = context.declaration(finding.resource);
  const podSpec = podSpecPath && document ? getPath(document.object, podSpecPath) : undefined;
  const names = new Set<string>();
  for (const list of ['initContainers', 'containers']) {
    const containers = getPath(podSpec, [list]);
    for (const container of Array.isArray(containers) ? containers : []) {
      const env = asRecord(container)?.env;
      for (const entry of Array.isArray(env) ? env : []) {
        const name = getPath(entry, ['valueFrom', 'secretKeyRef', 'name']);
        if (typeof name === 'string') names.add(name);
      }
      const envFrom = asRecord(container)?.envFrom;
      for (const entry of Array.isArray(envFrom) ? envFrom : []) {
        const name = getPath(entry, ['secretRef', 'name']);
        if (typeof name === 'string') names.add(name);
      }
    }
  }
  for (const candidate of context.documents) {
    const ref = resourceRefOf(candidate.object);
    if (ref?.kind !== 'Secret' || !names.has(ref.name) || (ref.namespace ?? '') !== (namespace ?? '')) continue;
    if (isSopsEncrypted(candidate.object)) return { name: ref.name, file: candidate.file };
  }
  return undefined;
}
