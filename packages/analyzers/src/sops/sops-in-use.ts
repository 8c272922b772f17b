import { posix } from 'node:path';
import type { AnalysisContext } from '../analysis-context';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, getPath } from '../parse/k8s-object';
import { SOPS_CONFIG_FILE } from './creation-rules';

const inUse = new WeakMap<readonly unknown[], boolean>();

/**
 * Whether the repository works with SOPS: it has a `.sops.yaml`, or encrypted files. Only then can a person add a
 * value to a Secret with `sops`, which the credential fix leaves them to do when it cannot encrypt the value itself.
 */
export function usesSops(context: Pick<AnalysisContext, 'files' | 'documents'>): boolean {
  let known = inUse.get(context.documents);
  if (known === undefined) {
    known = context.files.has(SOPS_CONFIG_FILE) || context.documents.some((d) => isSopsEncrypted(d.object));
    inUse.set(context.documents, known);
  }
  return known;
}

/**
 * Why a credential in `file` stays where it is in a repository without SOPS, and what a person can do instead: read
 * it through External Secrets as the ExternalSecret nearest to the file does, when the repository has one.
 */
export function withoutSops(context: Pick<AnalysisContext, 'documents'>, file: string): string {
  const externals = context.documents.filter((d) => {
    const object = asRecord(d.object);
    return object?.kind === 'ExternalSecret' && String(object.apiVersion).startsWith('external-secrets.io/');
  });
  const shared = (other: string) => {
    const a = posix.dirname(file).split('/');
    const b = posix.dirname(other).split('/');
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  const nearest = externals.sort((x, y) => shared(y.file) - shared(x.file))[0];
  const placeholder = `the repository has no ${SOPS_CONFIG_FILE}, so nobody could add the value to a placeholder Secret with sops, and the pod would not start until someone did`;
  if (!nearest)
    return `${placeholder}; set up SOPS (a ${SOPS_CONFIG_FILE} with an age recipient) and run the fix again, or move the value by hand`;
  const store = asRecord(getPath(nearest.object, ['spec', 'secretStoreRef']))?.name;
  return `${placeholder}; the repository reads secrets through External Secrets: put the value in the store${typeof store === 'string' ? ` ${store}` : ''} and read it through an ExternalSecret, as ${nearest.file} does`;
}
