import type { FileEdit } from '@triad/core';
import { isYamlPath, type ManifestDoc, objectKey, parseYaml } from '../changes';

/** An edit with both revisions of a YAML file parsed once for every rule. */
export interface ParsedEdit {
  edit: FileEdit;
  /** True for `.yaml`/`.yml` paths. */
  yaml: boolean;
  /** Objects before the edit; empty when created or not YAML; null when the YAML does not parse. */
  before: ManifestDoc[] | null;
  /** Objects after the edit; empty when deleted or not YAML; null when the YAML does not parse. */
  after: ManifestDoc[] | null;
  /** Parse error of the content after the edit, if any. */
  afterError?: string;
}

function parseSide(yaml: boolean, text: string | null): { docs: ManifestDoc[] | null; error?: string } {
  if (!yaml || text === null) return { docs: [] };
  const parsed = parseYaml(text);
  return parsed.ok ? { docs: parsed.docs } : { docs: null, error: parsed.error };
}

export function parseEdits(edits: readonly FileEdit[]): ParsedEdit[] {
  return edits.map((edit) => {
    const yaml = isYamlPath(edit.path);
    const before = parseSide(yaml, edit.before);
    const after = parseSide(yaml, edit.after);
    return after.error === undefined
      ? { edit, yaml, before: before.docs, after: after.docs }
      : { edit, yaml, before: before.docs, after: after.docs, afterError: after.error };
  });
}

/** Every object of every file before the edits, by `kind/namespace/name`: an object moved between files keeps its past. */
export function objectsBefore(parsed: readonly ParsedEdit[]): Map<string, ManifestDoc> {
  const byKey = new Map<string, ManifestDoc>();
  for (const p of parsed) for (const doc of p.before ?? []) byKey.set(objectKey(doc), doc);
  return byKey;
}
