import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import { evidencePath } from './finding-paths';
import type { ManifestEditor } from './manifest-editor';

/** Annotation that marks a placeholder Secret: its value must be added, encrypted, by a person. */
export const SOPS_PENDING_ANNOTATION = 'triad.dev/sops-pending';

/** Appends to `file` a Secret with no value, marked sops-pending, for a person to fill with sops. */
export function appendPlaceholder(
  editor: ManifestEditor,
  file: string,
  secretName: string,
  namespace: string | undefined,
  keys: readonly string[],
): void {
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

/** A SOPS-encrypted Secret of the same namespace that the finding's pod already reads (secretKeyRef or envFrom). */
export function sopsSecretInUse(
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
