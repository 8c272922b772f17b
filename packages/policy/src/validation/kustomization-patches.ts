import { posix } from 'node:path';
import {
  kustomizeBuildFiles,
  matchesTarget,
  normalizeRepoDir,
  parseYamlDocuments,
  parseYamlValue,
} from '@triad/analyzers';
import type { RepoFiles } from '@triad/core';
import type { ValidationProblem } from './validation-problem';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** The objects of each YAML file, parsed once per validation. */
function objectReader(files: RepoFiles): (path: string) => Json[] {
  const cache = new Map<string, Json[]>();
  return (path) => {
    const known = cache.get(path);
    if (known) return known;
    const objects: Json[] = [];
    for (const doc of parseYamlDocuments(files.get(path) ?? '', { logLevel: 'silent' })) {
      if (doc.errors.length > 0) continue;
      try {
        const value = asRecord(doc.toJS({ maxAliasCount: 100 }));
        if (value?.kind) objects.push(value);
      } catch {
        // an alias bomb: reported by yaml-problems
      }
    }
    cache.set(path, objects);
    return objects;
  };
}

/** One patch of a kustomization.yaml: its file (when not inline), its explicit target, or the object it names. */
interface PatchEntry {
  file?: string;
  target?: Json;
  /** Inline strategic-merge patch text. */
  inline?: string;
}

function patchEntries(config: Json): PatchEntry[] {
  const entries: PatchEntry[] = [];
  for (const key of ['patches', 'patchesJson6902']) {
    for (const raw of Array.isArray(config[key]) ? config[key] : []) {
      const entry = asRecord(raw);
      if (!entry) continue;
      const target = asRecord(entry.target);
      entries.push({
        ...(typeof entry.path === 'string' ? { file: entry.path } : {}),
        ...(target ? { target } : {}),
        ...(typeof entry.patch === 'string' ? { inline: entry.patch } : {}),
      });
    }
  }
  for (const raw of Array.isArray(config.patchesStrategicMerge) ? config.patchesStrategicMerge : []) {
    if (typeof raw !== 'string') continue;
    entries.push(raw.includes('\n') || raw.includes(':') ? { inline: raw } : { file: raw });
  }
  return entries;
}

/** Objects a strategic-merge patch names by kind and name (a JSON 6902 list names none). */
function namedObjects(text: string): Json[] {
  try {
    return parseYamlDocuments(text, { logLevel: 'silent' })
      .map((doc) => (doc.errors.length > 0 ? undefined : asRecord(doc.toJS({ maxAliasCount: 100 }))))
      .filter((value): value is Json => value !== undefined && typeof value.kind === 'string');
  } catch {
    return [];
  }
}

const nameOf = (object: Json) => String(asRecord(object.metadata)?.name ?? '');

/**
 * Patches of each kustomization.yaml that kustomize cannot apply: a patch file that does not exist, or a target
 * (explicit, or the kind and name inside a strategic-merge patch) that no object of the kustomization's build has.
 */
export function patchProblems(files: RepoFiles): ValidationProblem[] {
  const objectsOf = objectReader(files);
  const problems: ValidationProblem[] = [];
  for (const [path, text] of files) {
    if (!/(^|\/)kustomization\.ya?ml$/.test(path) || !/patch/i.test(text)) continue;
    let config: Json | undefined;
    try {
      config = asRecord(parseYamlValue(text, { logLevel: 'silent', maxAliasCount: 100 }));
    } catch {
      continue;
    }
    const entries = config ? patchEntries(config) : [];
    if (entries.length === 0) continue;
    const dir = normalizeRepoDir(posix.dirname(path));
    const objects = kustomizeBuildFiles(files, dir).flatMap(objectsOf);
    // `namespace:` of the kustomization applies to what it builds; a target may name either.
    const namespace = typeof config?.namespace === 'string' ? config.namespace : undefined;
    const built = namespace
      ? [...objects, ...objects.map((o) => ({ ...o, metadata: { ...asRecord(o.metadata), namespace } }))]
      : objects;
    for (const entry of entries) {
      const file = entry.file === undefined ? undefined : normalizeRepoDir(posix.join(dir, entry.file));
      if (file !== undefined && !files.has(file)) {
        problems.push({
          rule: 'kustomization-patch-missing',
          path,
          message: `${path} patches with ${entry.file}, which is not in the repository: restore it or drop the patch, or kustomize build fails.`,
        });
        continue;
      }
      const wanted: Json[] = entry.target
        ? [entry.target]
        : namedObjects(entry.inline ?? (file ? (files.get(file) ?? '') : '')).map((o) => ({
            kind: o.kind,
            name: nameOf(o),
          }));
      for (const target of wanted) {
        if (built.some((object) => matchesTarget(object, target))) continue;
        const described = ['kind', 'name', 'namespace']
          .flatMap((k) => (target[k] ? [`${k}=${target[k]}`] : []))
          .join(' ');
        problems.push({
          rule: 'kustomization-patch-target-missing',
          path,
          message: `${path} patches ${described || 'a target'}, which its build no longer has: keep the object or drop the patch, or kustomize build fails.`,
        });
      }
    }
  }
  return problems;
}
