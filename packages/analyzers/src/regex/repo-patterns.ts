import type { RepoFiles } from '@triad/core';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { MAX_ALIAS_EXPANSIONS, parseYamlValue } from '../parse/yaml-documents';

/** A regex written in the repository, and where. */
export interface RepoPattern {
  /** Repo-relative file that holds it. */
  file: string;
  /** Where in the file, e.g. `creation_rules[0].path_regex` or `Kustomization flux-system/apps spec.patches[1].target.name`. */
  field: string;
  pattern: string;
}

/** The `path_regex` values of a `.sops.yaml`'s `creation_rules` (a line scan, so a `.sops.yaml` that does not parse still counts). */
export function sopsPathRegexes(text: string | undefined): string[] {
  if (!text) return [];
  return text.split('\n').flatMap((line) => {
    const at = line.indexOf('path_regex:');
    if (at < 0) return [];
    const value = line.slice(at + 'path_regex:'.length).trim();
    const quote = value[0];
    return [(quote === '"' || quote === "'") && value.endsWith(quote) ? value.slice(1, -1) : value];
  });
}

const TARGET_FIELDS = ['group', 'version', 'kind', 'name', 'namespace'] as const;

function targetPatterns(file: string, where: string, patches: unknown, out: RepoPattern[]): void {
  (Array.isArray(patches) ? patches : []).forEach((entry, i) => {
    const target = asRecord(asRecord(entry)?.target);
    for (const field of TARGET_FIELDS) {
      const pattern = target?.[field];
      if (typeof pattern === 'string' && pattern !== '') {
        out.push({ file, field: `${where}patches[${i}].target.${field}`, pattern });
      }
    }
  });
}

/**
 * Every regex the repository gives Triad to evaluate: `.sops.yaml` `path_regex`es, and the target selectors of
 * patches in Flux Kustomizations and kustomization.yaml files (kustomize reads them as regexes).
 */
export function repoPatterns(files: RepoFiles, documents: readonly ManifestDocument[]): RepoPattern[] {
  const out: RepoPattern[] = [];
  for (const [file, text] of files) {
    if (/(^|\/)\.sops\.ya?ml$/.test(file)) {
      sopsPathRegexes(text).forEach((pattern, i) => {
        out.push({ file, field: `path_regex #${i + 1}`, pattern });
      });
    } else if (/(^|\/)kustomization\.ya?ml$/.test(file)) {
      let config: unknown;
      try {
        config = parseYamlValue(text, { logLevel: 'silent', maxAliasCount: MAX_ALIAS_EXPANSIONS });
      } catch {
        continue;
      }
      for (const key of ['patches', 'patchesJson6902']) targetPatterns(file, `${key}: `, asRecord(config)?.[key], out);
    }
  }
  for (const document of documents) {
    const record = asRecord(document.object);
    if (record?.kind !== 'Kustomization' || !String(record.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/'))
      continue;
    const name = String(getPath(record, ['metadata', 'name']) ?? '?');
    targetPatterns(document.file, `Kustomization ${name} spec.`, getPath(record, ['spec', 'patches']), out);
  }
  return out;
}
