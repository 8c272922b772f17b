import { posix } from 'node:path';
import type { Finding } from '@triad/core';
import { type Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { HARDCODED_CREDENTIAL } from '../checks/hardcoded-credential';
import { displayName, getPath } from '../parse/k8s-object';
import { usesSops, withoutSops } from '../sops/sops-in-use';
import { sopsPlanFor } from '../sops/sops-plan';
import { evidencePath } from './finding-paths';
import { fixTarget } from './fix-target';
import type { Fixer, FixPart } from './fixer';
import { appendPlaceholder, SOPS_PENDING_ANNOTATION, sopsSecretInUse } from './placeholder-secret';
import { decryptWhereBuilt, listInKustomization } from './sops-file-wiring';

export { SOPS_PENDING_ANNOTATION };

/** One env credential moved: its name, its literal value (only the encryptor reads it further) and its line. */
interface MovedEnv {
  name: string;
  value: string;
  line: number | undefined;
}

/**
 * Moves literal env credentials (of a manifest, or of the env list a HelmRelease's values pass to the pod) to
 * `valueFrom.secretKeyRef`. When `.sops.yaml` names age recipients for the workload's folder, the values go into a
 * new `<workload>-secret.sops.yaml` Secret that the tool layer encrypts before the change leaves it; the file is
 * listed in the folder's kustomization.yaml and the Flux Kustomizations that build it get `spec.decryption`.
 * Otherwise the key goes to a SOPS Secret the pod already reads, or to a placeholder Secret marked
 * `triad.dev/sops-pending`, and a person adds the value.
 */
export const fixHardcodedCredential: Fixer = {
  checks: [HARDCODED_CREDENTIAL],
  title: (group) => {
    const first = group[0];
    return first
      ? `Move the credentials of ${first.resource.kind} ${displayName(first.resource)} into a Secret`
      : 'Move credentials into a Secret';
  },
  fix(group, input) {
    const target = fixTarget(group, input.editor);
    if ('unfixable' in target) return target;
    const { first, file, doc } = target;
    const namespace = targetNamespace(doc, first);
    const secretFile = posix.join(posix.dirname(file), `${first.resource.name}-secret.sops.yaml`);
    const plan = sopsPlanFor(input.context.files, secretFile);
    const existing = plan.kind === 'age' ? undefined : sopsSecretInUse(input.context, first, namespace);
    const secretName =
      plan.kind === 'age' ? `${first.resource.name}-secret` : (existing?.name ?? `${first.resource.name}-credentials`);
    if (plan.kind === 'age') {
      if (input.editor.exists(secretFile)) return { unfixable: `${secretFile} already exists` };
      if (input.context.declaration({ kind: 'Secret', namespace, name: secretName })) {
        return { unfixable: `a Secret ${secretName} already exists in ${namespace ?? 'the default namespace'}` };
      }
    }
    // Without SOPS, the placeholder's value could not be added with sops, and the pod would not start meanwhile (the
    // check marks such findings unfixable: this holds against a finding from elsewhere).
    if (plan.kind !== 'age' && !existing && !usesSops(input.context)) {
      return { unfixable: withoutSops(input.context, file) };
    }
    const moved = moveToSecretKeyRef(group, doc, secretName);
    if ('unfixable' in moved) return moved;
    const keys = moved.map((m) => m.name);
    const workload = `${first.resource.kind} ${displayName(first.resource)}`;
    const secret = `${namespace ? `${namespace}/` : ''}${secretName}`;
    const was = `${file} (${moved.map((m) => `${m.name}${m.line ? ` at line ${m.line}` : ''}`).join(', ')})`;
    const rotate = `rotate ${keys.join(', ')}: the old value${keys.length === 1 ? '' : 's'} stay${keys.length === 1 ? 's' : ''} in Git history at ${was}`;
    const base = {
      title: fixHardcodedCredential.title(group),
      subject: `fix(security): read ${keys.join(', ')} of ${workload} from Secret ${secretName}`,
      fixed: group.map((f) => f.id),
    };
    if (plan.kind === 'age') {
      input.editor.createFile(secretFile, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName, ...(namespace ? { namespace } : {}) },
        type: 'Opaque',
        stringData: Object.fromEntries(moved.map((m) => [m.name, m.value])),
      });
      const listed = listInKustomization(input.editor, secretFile);
      const decrypting = decryptWhereBuilt(input.editor, input.context, file);
      return {
        ...base,
        body:
          `${workload} carried ${keys.join(', ')} as ${keys.length === 1 ? 'a literal env value' : 'literal env values'}, readable by anyone with the repository. ` +
          `Read ${keys.length === 1 ? 'it' : 'them'} from Secret ${secret} through secretKeyRef instead: the values ` +
          `are in ${secretFile}, SOPS-encrypted to the age recipients .sops.yaml names for it` +
          (listed ? `, listed in ${listed}` : '') +
          '.' +
          decrypting +
          ` The old value${keys.length === 1 ? ' stays' : 's stay'} in Git history: rotate ${keys.length === 1 ? 'it' : 'them'}.`,
        encrypt: [secretFile],
        followUps: [rotate],
      } satisfies FixPart;
    }
    if (!existing) {
      // Beside the workload, named as its file names it (a HelmRelease's pods run in its targetNamespace).
      const written = doc.getIn(['metadata', 'namespace']);
      const beside = first.resource.kind === 'HelmRelease' || typeof written === 'string' ? namespace : undefined;
      appendPlaceholder(input.editor, file, secretName, beside, keys);
    }
    const where = existing
      ? `${existing.file} with \`sops ${existing.file}\``
      : `a SOPS-encrypted Secret ${secret} (the placeholder in ${file} holds none)`;
    return {
      ...base,
      body:
        `${workload} carried ${keys.join(', ')} as ${keys.length === 1 ? 'a literal env value' : 'literal env values'}, readable by anyone with the repository. ` +
        `Read ${keys.length === 1 ? 'it' : 'them'} from Secret ${secret} through secretKeyRef instead` +
        (existing
          ? ', the SOPS-encrypted Secret the pod already reads.'
          : '; a placeholder Secret marked sops-pending stands in for it.') +
        ` Triad did not encrypt the value itself: ${plan.reason}. The value is not written anywhere by this change.`,
      humanSteps: [
        `add ${keys.join(', ')} to ${where}, with a new value: the old one stays in Git history at ${was}, so rotate it (Triad could not encrypt it: ${plan.reason})`,
      ],
    } satisfies FixPart;
  },
};

/** The namespace the pod runs in: a HelmRelease's `targetNamespace`, else the object's own. */
function targetNamespace(doc: Document.Parsed, finding: Finding): string | undefined {
  if (finding.resource.kind === 'HelmRelease') {
    const target = getPath(doc.toJS(), ['spec', 'targetNamespace']);
    if (typeof target === 'string' && target !== '') return target;
  }
  return finding.resource.namespace;
}

/** Replaces each finding's literal `value` with a secretKeyRef, and hands back the values it took out. */
function moveToSecretKeyRef(
  group: readonly Finding[],
  doc: Document.Parsed,
  secretName: string,
): MovedEnv[] | { unfixable: string } {
  const moved: MovedEnv[] = [];
  // Each env list is indexed once by name: a workload with thousands of literal credentials is fixed in linear time.
  const literals = new Map<unknown, Map<string, unknown[]>>();
  const literalsOf = (env: { items: unknown[] }) => {
    let byName = literals.get(env);
    if (!byName) {
      byName = new Map();
      for (const entry of env.items) {
        if (!isMap(entry) || !entry.has('value')) continue;
        const key = String(entry.get('name'));
        const same = byName.get(key);
        if (same) same.push(entry);
        else byName.set(key, [entry]);
      }
      literals.set(env, byName);
    }
    return byName;
  };
  for (const finding of group) {
    // A container's `env`, or the list a chart's values pass to the pod as env (`envPath`, e.g. `extraEnvVars`).
    const container = evidencePath(finding, 'containerPath');
    const envPath = evidencePath(finding, 'envPath') ?? (container ? [...container, 'env'] : undefined);
    const env = envPath ? doc.getIn(envPath) : undefined;
    const name = finding.evidence?.env;
    if (!envPath || !isSeq(env) || typeof name !== 'string')
      return { unfixable: `${finding.id} is not an env list entry` };
    const item = literalsOf(env).get(name)?.shift();
    if (!isMap(item)) return { unfixable: `env ${name} no longer holds a literal value` };
    const scalar = item.get('value', true);
    const value = isScalar(scalar) ? scalar.value : undefined;
    if (value === null || value === undefined || typeof value === 'object') {
      return { unfixable: `env ${name} holds no scalar value` };
    }
    item.delete('value');
    item.set('valueFrom', doc.createNode({ secretKeyRef: { name: secretName, key: name } }));
    dropFixmeComment(item);
    moved.push({ name, value: String(value), line: finding.line });
  }
  return moved;
}

function dropFixmeComment(item: YAMLMap): void {
  if (!item.commentBefore) return;
  item.commentBefore =
    item.commentBefore
      .split('\n')
      .filter((l) => !/FIXME|TODO/i.test(l))
      .join('\n') || undefined;
}
