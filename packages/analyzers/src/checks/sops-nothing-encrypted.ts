import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, displayName, resourceRefOf } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import type { Check } from './check';

export const SOPS_NOTHING_ENCRYPTED = 'sops-nothing-encrypted';

/**
 * A document with SOPS metadata (a `sops` block with its MAC and recipients) in which no value is ciphertext: SOPS
 * encrypted it with an `encrypted_regex` (or suffix rule) that matched none of its keys, so everything in it is in Git
 * as plain text while the file looks encrypted, and the checks that read plain values pass it by.
 */
export const sopsNothingEncrypted: Check = {
  id: SOPS_NOTHING_ENCRYPTED,
  description: 'A file carries SOPS metadata but none of its values is encrypted (its encryption rule matched no key).',
  run({ documents }) {
    return documents.flatMap((document): Finding[] => {
      const object = asRecord(document.object);
      if (!object || !isSopsEncrypted(object)) return [];
      const { sops, ...content } = object;
      const values = stringLeaves(content);
      if (values.length === 0 || values.some((value) => value.startsWith('ENC['))) return [];
      const rule = ruleOf(asRecord(sops));
      const ref = resourceRefOf(object);
      const resource = ref ?? { kind: 'File', name: document.file };
      const what = ref ? `${ref.kind} ${displayName(ref)} in ${document.file}` : document.file;
      return [
        {
          id: findingId(SOPS_NOTHING_ENCRYPTED, resource, ref ? undefined : String(document.index)),
          check: SOPS_NOTHING_ENCRYPTED,
          severity: 'high',
          category: 'security',
          resource,
          file: document.file,
          line: lineOf(document, ['sops']),
          message:
            `${what} carries SOPS metadata but none of its values is encrypted` +
            `${rule ? ` (${rule} matches none of its keys)` : ''}: everything in it is in Git as plain text. ` +
            'Encrypt it again with a rule that matches the keys that hold secrets, and rotate what they hold.',
          fixable: false,
          evidence: { values: values.length, ...(rule ? { rule } : {}) },
        },
      ];
    });
  },
};

/** The rule that chose what to encrypt, as the `sops` block records it. */
function ruleOf(sops: Record<string, unknown> | undefined): string | undefined {
  for (const key of ['encrypted_regex', 'encrypted_suffix', 'unencrypted_regex', 'unencrypted_suffix']) {
    const value = sops?.[key];
    if (typeof value === 'string' && value !== '') return `${key} ${value}`;
  }
  return undefined;
}

/** Every string value in `value`, at any depth. */
function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  const record = asRecord(value);
  return record ? Object.values(record).flatMap(stringLeaves) : [];
}
