import { asRecord, getPath } from '../parse/k8s-object';
import { parseYamlValue } from '../parse/yaml-documents';
import { repoRegex } from '../regex/repo-regex';
import { labelsMatch } from './label-selector';

/** One entry of a Flux Kustomization's `spec.patches`: a strategic-merge or JSON 6902 patch, and what it targets. */
export interface FluxPatch {
  /** The patch text as written. */
  patch: string;
  /** Selector of the objects it applies to; absent means the kind and name inside a strategic-merge patch. */
  target?: Record<string, unknown>;
}

/** `spec.patches` of a Flux Kustomization, as written. */
export function fluxPatchesOf(object: unknown): FluxPatch[] {
  const patches = getPath(object, ['spec', 'patches']);
  return (Array.isArray(patches) ? patches : []).flatMap((entry) => {
    const record = asRecord(entry);
    if (typeof record?.patch !== 'string') return [];
    const target = asRecord(record.target);
    return [target ? { patch: record.patch, target } : { patch: record.patch }];
  });
}

/**
 * `object` with every patch that targets it applied, as kustomize does during a Flux build: strategic-merge patches
 * merge maps and replace lists (custom resources have no merge keys); JSON 6902 `add`/`replace`/`remove` ops are
 * applied in order. A patch that does not parse is skipped (the build would fail and report it).
 */
export function applyFluxPatches(object: unknown, patches: readonly FluxPatch[]): unknown {
  let current = structuredClone(object);
  for (const { patch, target } of patches) {
    let parsed: unknown;
    try {
      parsed = parseYamlValue(patch);
    } catch {
      continue;
    }
    if (Array.isArray(parsed)) {
      if (target && matchesTarget(current, target)) current = applyJson6902(current, parsed);
    } else if (asRecord(parsed)) {
      const matches = target ? matchesTarget(current, target) : sameObject(current, parsed);
      if (matches) current = mergePatch(current, withoutIdentity(parsed));
    }
  }
  return current;
}

/** kustomize's target selector: group, version, kind, name and namespace (regexes), label and annotation selectors (full grammar). */
export function matchesTarget(object: unknown, target: Record<string, unknown>): boolean {
  const apiVersion = String(getPath(object, ['apiVersion']) ?? '');
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const checks: [unknown, string][] = [
    [target.group, group ?? ''],
    [target.version, version ?? ''],
    [target.kind, String(getPath(object, ['kind']) ?? '')],
    [target.name, String(getPath(object, ['metadata', 'name']) ?? '')],
    [target.namespace, String(getPath(object, ['metadata', 'namespace']) ?? '')],
  ];
  for (const [pattern, value] of checks) {
    if (typeof pattern !== 'string' || pattern === '') continue;
    // Repository text: matched by a linear-time engine; a refused pattern matches nothing (the repo-regex-refused check reports it).
    const re = repoRegex(`^(?:${pattern})$`);
    if (!re.ok || !re.test(value)) return false;
  }
  return (
    labelsMatch(stringOrUndefined(target.labelSelector), asRecord(getPath(object, ['metadata', 'labels']))) &&
    labelsMatch(stringOrUndefined(target.annotationSelector), asRecord(getPath(object, ['metadata', 'annotations'])))
  );
}

function sameObject(object: unknown, patch: unknown): boolean {
  return (
    getPath(object, ['kind']) === getPath(patch, ['kind']) &&
    getPath(object, ['metadata', 'name']) === getPath(patch, ['metadata', 'name'])
  );
}

/** A targeted patch's own kind and name are placeholders (`name: not-used`): only its content merges. */
function withoutIdentity(patch: unknown): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = asRecord(patch) ?? {};
  const { name: _n, namespace: _ns, ...meta } = asRecord(metadata) ?? {};
  return Object.keys(meta).length > 0 ? { ...rest, metadata: meta } : rest;
}

/** Merges maps key by key; a null deletes; lists and scalars replace. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  const patchMap = asRecord(patch);
  if (!patchMap) return patch;
  const out: Record<string, unknown> = { ...(asRecord(base) ?? {}) };
  for (const [key, value] of Object.entries(patchMap)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function applyJson6902(object: unknown, ops: readonly unknown[]): unknown {
  const root = { doc: object };
  for (const entry of ops) {
    const op = asRecord(entry);
    if (typeof op?.path !== 'string' || typeof op.op !== 'string') continue;
    const keys = [
      'doc',
      ...op.path
        .split('/')
        .slice(1)
        .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~')),
    ];
    const last = keys.pop()!;
    let parent: unknown = root;
    for (const key of keys) {
      const next: unknown = Array.isArray(parent) ? parent[Number(key)] : asRecord(parent)?.[key];
      if (next === undefined && op.op === 'add' && asRecord(parent)) (parent as Record<string, unknown>)[key] = {};
      parent = Array.isArray(parent) ? parent[Number(key)] : asRecord(parent)?.[key];
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'remove') parent.splice(index, 1);
      else if (op.op === 'add') parent.splice(index, 0, op.value);
      else if (op.op === 'replace') parent[index] = op.value;
    } else if (asRecord(parent)) {
      const map = parent as Record<string, unknown>;
      if (op.op === 'remove') delete map[last];
      else if (op.op === 'add' || op.op === 'replace') map[last] = op.value;
    }
  }
  return root.doc;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
