import { LiteralSet, privatePemBlocks } from '@triad/analyzers';
import type { FileEdit } from '@triad/core';
import { credentialCandidatesOf, isPlainObject, isYamlPath, parseYaml } from '@triad/policy';
import { diffEdits } from './diff';

/** A SOPS value: its ciphertext says nothing to a reader and is shown as `ENC[AES256_GCM,…,type:str]`. */
const ENC_VALUE = /ENC\[([A-Z0-9_]+),data:[^\]]*?(,type:[a-z]+)?\]/g;

/**
 * The unified diff of `edits` as people and models are shown it (review UI, reports, the Co-Lead): SOPS ciphertext
 * shortened, and every credential either side holds (literal env credentials, Helm and ConfigMap values, plaintext
 * Secret data, private keys) replaced by `REDACTED-<n>`, numbered within the diff. Not for `git apply`.
 */
export function maskedDiff(edits: readonly FileEdit[]): string {
  const diff = diffEdits(edits);
  const values = [
    ...new Set(edits.flatMap((edit) => [...secretsIn(edit.path, edit.before), ...secretsIn(edit.path, edit.after)])),
  ]
    // Longest first, so a value that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  // One pass per line for all values together: a pass per value was quadratic (12,600 credentials took minutes).
  const literals = new LiteralSet(values);
  return diff
    .split('\n')
    .map((line) => {
      if (!/^[ +-]/.test(line) || line.startsWith('+++ ') || line.startsWith('--- ')) return line;
      const out = line.replace(ENC_VALUE, (_, cipher: string, type = '') => `ENC[${cipher},…${type}]`);
      return literals.replace(out, (_, i) => `REDACTED-${i + 1}`);
    })
    .join('\n');
}

/** Credential values in one side of an edit, each line of a multi-line value on its own. */
function secretsIn(path: string, text: string | null): string[] {
  if (text === null) return [];
  const found: string[] = privatePemBlocks(text).flatMap((pem) => pem.block.split('\n'));
  if (isYamlPath(path)) {
    const parsed = parseYaml(text);
    for (const doc of parsed.ok ? parsed.docs : []) {
      for (const candidate of credentialCandidatesOf(doc)) found.push(...candidate.value.split('\n'));
      if (doc.kind !== 'Secret' || !isPlainObject(doc.value)) continue;
      for (const field of ['data', 'stringData']) {
        const map = doc.value[field];
        if (!isPlainObject(map)) continue;
        for (const value of Object.values(map)) found.push(...String(value ?? '').split('\n'));
      }
    }
  }
  return found
    .map((value) => value.trim())
    .filter((value) => value.length >= 4 && !value.startsWith('ENC[') && !value.startsWith('-----'));
}
