import { posix } from 'node:path';
import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { displayName } from '../parse/k8s-object';
import type { Check } from './check';

export const KUSTOMIZE_RESOURCE_MISSING = 'kustomize-resource-missing';

/** An entry that names a manifest file or a folder: other files (`.gitkeep`, JSON) are not read by the analysis. */
const MANIFEST_OR_FOLDER = /(\.ya?ml|^[^.]*)$/;

/**
 * A kustomization.yaml that a deployed Flux Kustomization builds lists a resource or component that is not in the
 * repository: `kustomize build` fails, so kustomize-controller applies nothing under the Kustomization's path until it
 * is fixed. Entries that name what the analysis did not read (a symbolic link, a file over the size limit) are not
 * judged, nor remote ones.
 */
export const kustomizeResourceMissing: Check = {
  id: KUSTOMIZE_RESOURCE_MISSING,
  description: 'A kustomization.yaml that Flux builds lists a resource that is not in the repository.',
  run({ flux, unreadable, files }) {
    const active = new Set(flux.deployment?.active ?? []);
    const reported = new Set<string>();
    const findings: Finding[] = [];
    for (const k of flux.kustomizations) {
      if (!k.fromThisRepo || !active.has(`${k.ref.namespace}/${k.ref.name}`)) continue;
      for (const { kustomization, entry, target } of k.build.missing) {
        if (!MANIFEST_OR_FOLDER.test(posix.basename(entry)) || entry.includes('${')) continue;
        if ([...unreadable].some((path) => path === target || path.startsWith(`${target}/`))) continue;
        const key = `${kustomization}\u0000${entry}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const line = (files.get(kustomization) ?? '').split('\n').findIndex((text) => text.includes(entry)) + 1;
        findings.push({
          id: findingId(KUSTOMIZE_RESOURCE_MISSING, k.ref, `${kustomization}:${entry}`),
          check: KUSTOMIZE_RESOURCE_MISSING,
          severity: 'high',
          category: 'stability',
          resource: k.ref,
          file: kustomization,
          ...(line > 0 ? { line } : {}),
          message:
            `${kustomization} lists ${entry}, which is not in the repository: kustomize build fails, so Flux ` +
            `Kustomization ${displayName(k.ref)} applies nothing under ./${k.path} until the entry is fixed or removed.`,
          fixable: false,
          evidence: { entry, target, path: k.path },
        });
      }
    }
    return findings;
  },
};
