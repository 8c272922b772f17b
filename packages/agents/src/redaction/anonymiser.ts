import { parseYamlDocuments } from '@triad/analyzers';
import { isYamlPath } from '@triad/core';

/** Names that identify nothing about a particular cluster: never anonymised. */
const COMMON = new Set([
  'default',
  'flux-system',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'cert-manager',
  'monitoring',
  'ingress-nginx',
  'apps',
  'infrastructure',
  'cluster',
  'main',
]);

/** What anonymisation replaces: the namespaces, object names and hostnames of one repository. */
export interface Vocabulary {
  namespaces: string[];
  names: string[];
  hostnames: string[];
}

const HOSTNAME = /\b(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24})\b/gi;
const NOT_HOSTS = /\.(ya?ml|json|md|txt|sh|io\/[a-z]|k8s\.io|toolkit\.fluxcd\.io|svc|local)$/i;

/** Namespaces, names and hostnames that occur in a repository's manifests. */
export function vocabularyOf(files: Iterable<[string, string]>): Vocabulary {
  const namespaces = new Set<string>();
  const names = new Set<string>();
  const hostnames = new Set<string>();
  for (const [path, text] of files) {
    if (!isYamlPath(path)) continue;
    for (const doc of parseYamlDocuments(text)) {
      if (doc.errors.length > 0) continue;
      const value = doc.toJS() as { kind?: string; metadata?: { name?: unknown; namespace?: unknown } } | null;
      const metadata = value?.metadata;
      if (typeof metadata?.namespace === 'string') namespaces.add(metadata.namespace);
      if (typeof metadata?.name === 'string') (value?.kind === 'Namespace' ? namespaces : names).add(metadata.name);
    }
    for (const match of text.matchAll(HOSTNAME)) {
      const host = match[0].replace(/^\*\./, '');
      if (!NOT_HOSTS.test(host) && !/^(apiVersion|kind|metadata)\./.test(host) && /\.[a-z]{2,24}$/i.test(host)) {
        if (!/\b(k8s|kubernetes|fluxcd|github|ghcr|docker|quay|gcr|jetstack|helm)\b/i.test(host)) hostnames.add(host);
      }
    }
  }
  const keep = (set: Set<string>) => [...set].filter((value) => value.length >= 3 && !COMMON.has(value));
  return { namespaces: keep(namespaces), names: keep(names), hostnames: keep(hostnames) };
}
