import { posix } from 'node:path';
import { isSeq } from 'yaml';
import type { AnalysisContext } from '../analysis-context';
import { conventionalDecryption, decryptionSpec } from '../flux/decryption-convention';
import { displayName } from '../parse/k8s-object';
import type { ManifestEditor } from './manifest-editor';
import { setPath } from './set-path';

/**
 * Lists `file` in the `resources` of its folder's kustomization.yaml, in place of `replaces` when given. A folder
 * without one needs nothing: Flux's generated kustomization takes every YAML file of the folder.
 * Returns the kustomization file edited, if any.
 */
export function listInKustomization(editor: ManifestEditor, file: string, replaces?: string): string | undefined {
  const dir = posix.dirname(file);
  const kustomization = ['kustomization.yaml', 'kustomization.yml']
    .map((name) => (dir === '.' ? name : `${dir}/${name}`))
    .find((path) => editor.exists(path));
  if (!kustomization) return undefined;
  const doc = editor.documentAt(kustomization);
  if (!doc) return undefined;
  const name = posix.basename(file);
  const old = replaces ? posix.basename(replaces) : undefined;
  const resources = doc.get('resources');
  if (!isSeq(resources)) {
    doc.set('resources', doc.createNode([name]));
    return kustomization;
  }
  const entries = resources.items.map((item) => String((item as { value?: unknown }).value ?? item));
  const at = old === undefined ? -1 : entries.findIndex((entry) => stripDot(entry) === old);
  if (at >= 0) resources.set(at, doc.createNode(name));
  else if (!entries.some((entry) => stripDot(entry) === name)) resources.add(doc.createNode(name));
  return kustomization;
}

function stripDot(entry: string): string {
  return entry.replace(/^\.\//, '');
}

/**
 * Gives `spec.decryption` (provider sops, the repository's conventional age key Secret) to every Flux Kustomization
 * that builds `file` and lacks it, so the encrypted file the change adds can be applied. A Kustomization that already
 * builds encrypted files without decryption is left to its own `flux-sops-without-decryption` finding and task (it
 * fails today either way), so two tasks never race on its file. Returns a sentence for the commit body, or ''.
 */
export function decryptWhereBuilt(editor: ManifestEditor, context: AnalysisContext, file: string): string {
  const convention = conventionalDecryption(context.flux);
  const given: string[] = [];
  const pending: string[] = [];
  for (const kustomization of context.flux.kustomizations) {
    if (kustomization.decryption || !kustomization.builtFiles.includes(file)) continue;
    if (kustomization.encryptedFiles.some((built) => built !== file)) {
      pending.push(displayName(kustomization.ref));
      continue;
    }
    const doc = editor.document(kustomization.document.file, kustomization.ref);
    if (!doc || doc.hasIn(['spec', 'decryption'])) continue;
    setPath(doc, ['spec', 'decryption'], doc.createNode(decryptionSpec(convention)));
    given.push(
      `${displayName(kustomization.ref)} (${convention.secretName ? `secretRef ${convention.secretName}` : 'no secretRef, as the others'})`,
    );
  }
  return [
    given.length ? ` Flux Kustomization ${given.join(', ')} now decrypts SOPS files.` : '',
    pending.length
      ? ` Flux Kustomization ${pending.join(', ')} builds SOPS files without spec.decryption already: the fix of that finding lets it decrypt this one too.`
      : '',
  ].join('');
}
