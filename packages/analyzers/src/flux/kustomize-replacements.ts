import { posix } from 'node:path';
import type { RepoFiles } from '@triad/core';
import { asRecord } from '../parse/k8s-object';
import { MAX_ALIAS_EXPANSIONS, parseYamlDocuments } from '../parse/yaml-documents';
import { matchesTarget } from './flux-patches';
import { normalizeRepoDir } from './kustomize-build-files';

/** Where a replacement writes, and how: `delimiter` and `index` replace one part of a string; `create` adds a path. */
export interface ReplacementTarget {
  select: Record<string, unknown>;
  reject: Record<string, unknown>[];
  fieldPaths: string[];
  options: { delimiter?: string; index?: number; create?: boolean };
}

/** A kustomize replacement as written: a value, or the field of an object of the build it is read from. */
export interface Replacement {
  source?: { select: Record<string, unknown>; fieldPath: string; options: { delimiter?: string; index?: number } };
  sourceValue?: string;
  targets: ReplacementTarget[];
}

/** A replacement whose value is known: what it writes where. */
export interface ResolvedReplacement {
  value: unknown;
  targets: readonly ReplacementTarget[];
}

/** The replacements of one kustomization (`replacements:`, inline or by `path:` to a file of one or more). */
export function replacementsOf(
  files: RepoFiles,
  dir: string,
  config: Record<string, unknown> | undefined,
): Replacement[] {
  const entries = Array.isArray(config?.replacements) ? config.replacements : [];
  return entries.flatMap((entry): Replacement[] => {
    const record = asRecord(entry);
    if (typeof record?.path !== 'string') return record ? [replacement(record)].filter(isUseful) : [];
    const text = files.get(normalizeRepoDir(posix.join(dir, record.path)));
    if (text === undefined) return [];
    return parseYamlDocuments(text, { logLevel: 'silent' }).flatMap((doc) => {
      if (doc.errors.length > 0) return [];
      const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
      return (Array.isArray(value) ? value : [value]).flatMap((item) => {
        const one = asRecord(item);
        return one ? [replacement(one)].filter(isUseful) : [];
      });
    });
  });
}

function replacement(record: Record<string, unknown>): Replacement {
  const source = asRecord(record.source);
  const targets = (Array.isArray(record.targets) ? record.targets : []).flatMap((item): ReplacementTarget[] => {
    const target = asRecord(item);
    if (!target) return [];
    const fieldPaths = (Array.isArray(target.fieldPaths) ? target.fieldPaths : []).filter(
      (path): path is string => typeof path === 'string',
    );
    return [
      {
        select: asRecord(target.select) ?? {},
        reject: (Array.isArray(target.reject) ? target.reject : []).flatMap((r) => (asRecord(r) ? [asRecord(r)!] : [])),
        fieldPaths,
        options: optionsOf(target.options),
      },
    ];
  });
  return {
    ...(source && typeof source.fieldPath === 'string'
      ? { source: { select: source, fieldPath: source.fieldPath, options: optionsOf(source.options) } }
      : source
        ? { source: { select: source, fieldPath: 'metadata.name', options: optionsOf(source.options) } }
        : {}),
    ...(typeof record.sourceValue === 'string' ? { sourceValue: record.sourceValue } : {}),
    targets,
  };
}

function isUseful(r: Replacement): boolean {
  return (r.source !== undefined || r.sourceValue !== undefined) && r.targets.length > 0;
}

function optionsOf(value: unknown): ReplacementTarget['options'] {
  const options = asRecord(value);
  return {
    ...(typeof options?.delimiter === 'string' ? { delimiter: options.delimiter } : {}),
    ...(typeof options?.index === 'number' ? { index: options.index } : {}),
    ...(options?.create === true ? { create: true } : {}),
  };
}

/** True when a target may select a Flux Kustomization: no kind, or a kind that is Kustomization. */
export function mayTargetFluxKustomization(r: Replacement): boolean {
  return r.targets.some((t) => {
    const kind = t.select.kind;
    return typeof kind !== 'string' || kind === '' || /Kustomization/.test(kind);
  });
}

/** The value of a source: the field of the first object `select` picks among `objects`, or the value written out. */
export function resolveReplacement(r: Replacement, objects: readonly unknown[]): ResolvedReplacement | undefined {
  if (r.sourceValue !== undefined) return { value: r.sourceValue, targets: r.targets };
  if (!r.source) return undefined;
  const { select, fieldPath, options } = r.source;
  const from = objects.find((object) => matchesTarget(object, selector(select)));
  if (from === undefined) return undefined;
  let value = getField(from, fieldPath);
  if (value === undefined) return undefined;
  if (options.delimiter !== undefined && typeof value === 'string') {
    value = value.split(options.delimiter)[options.index ?? 0];
    if (value === undefined) return undefined;
  }
  return { value, targets: r.targets };
}

/** `object` with every target of `replacements` that selects it rewritten, in order, as kustomize does. */
export function applyReplacements(object: unknown, replacements: readonly ResolvedReplacement[]): unknown {
  let current = object;
  for (const { value, targets } of replacements) {
    for (const target of targets) {
      if (!matchesTarget(current, selector(target.select))) continue;
      if (target.reject.some((reject) => matchesTarget(current, selector(reject)))) continue;
      for (const path of target.fieldPaths) current = setField(current, path, value, target.options);
    }
  }
  return current;
}

/** A replacement's selector in the form of a patch target (the same fields; names are exact, not patterns). */
function selector(select: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace']) {
    const value = select[key];
    if (typeof value === 'string' && value !== '') out[key] = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  for (const key of ['labelSelector', 'annotationSelector'])
    if (typeof select[key] === 'string') out[key] = select[key];
  return out;
}

type Step = { key: string } | { index: number } | { match: [string, string] };

/** `spec.path`, `data.config\.yaml`, `spec.containers.[name=app].image`, `spec.ports.0.port`. */
function parseFieldPath(path: string): Step[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '\\' && path[i + 1] === '.') {
      current += '.';
      i++;
    } else if (ch === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) {
        current += ch;
        continue;
      }
      current += path.slice(i, end + 1);
      i = end;
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^\[([^=\]]+)=([^\]]*)\]$/.exec(part);
      if (match) return { match: [match[1]!, match[2]!] as [string, string] };
      return /^\d+$/.test(part) ? { index: Number(part) } : { key: part };
    });
}

function child(node: unknown, step: Step): unknown {
  if ('key' in step) return asRecord(node)?.[step.key];
  if (!Array.isArray(node)) return undefined;
  if ('index' in step) return node[step.index];
  return node.find((item) => String(asRecord(item)?.[step.match[0]]) === step.match[1]);
}

function getField(object: unknown, path: string): unknown {
  let node: unknown = object;
  for (const step of parseFieldPath(path)) node = child(node, step);
  return node;
}

/** A copy of `object` with the field at `path` set to `value` (or one part of it, with a delimiter). */
function setField(object: unknown, path: string, value: unknown, options: ReplacementTarget['options']): unknown {
  const steps = parseFieldPath(path);
  if (steps.length === 0) return object;
  const root = structuredClone(object);
  let node: unknown = root;
  for (const step of steps.slice(0, -1)) {
    let next = child(node, step);
    if (next === undefined) {
      if (!options.create || !('key' in step) || !asRecord(node)) return object;
      next = {};
      (node as Record<string, unknown>)[step.key] = next;
    }
    node = next;
  }
  const last = steps[steps.length - 1]!;
  const old = child(node, last);
  if (old === undefined && !options.create) return object;
  let written = value;
  if (options.delimiter !== undefined && typeof old === 'string') {
    const parts = old.split(options.delimiter);
    const at = options.index ?? 0;
    if (at < 0) parts.unshift(String(value));
    else if (at >= parts.length) parts.push(String(value));
    else parts[at] = String(value);
    written = parts.join(options.delimiter);
  }
  if ('key' in last && asRecord(node)) (node as Record<string, unknown>)[last.key] = written;
  else if ('index' in last && Array.isArray(node)) node[last.index] = written;
  else return object;
  return root;
}
