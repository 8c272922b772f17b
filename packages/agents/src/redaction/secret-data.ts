import { parseYamlDocuments } from '@triad/analyzers';

/**
 * Values under `data:` and `stringData:` of plaintext `kind: Secret` manifests: Secret data is never shown to a model,
 * whatever the file is called.
 */
export function secretDataValues(text: string): string[] {
  if (!/^kind:\s*Secret\s*$/m.test(text)) return [];
  const values: string[] = [];
  for (const doc of parseYamlDocuments(text)) {
    if (doc.errors.length > 0) continue;
    const value = doc.toJS() as Record<string, unknown> | null;
    if (value?.kind !== 'Secret') continue;
    for (const field of ['data', 'stringData']) {
      const map = value[field];
      if (map && typeof map === 'object') {
        for (const item of Object.values(map)) {
          // A block scalar spans lines: each line is masked on its own, so the text keeps its layout.
          for (const line of String(item ?? '').split('\n')) if (line.trim().length > 0) values.push(line.trim());
        }
      }
    }
  }
  return values;
}
