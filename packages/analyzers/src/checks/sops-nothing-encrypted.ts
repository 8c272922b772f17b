import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, displayName, resourceRefOf } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { repoRegex } from '../regex/repo-regex';
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
    // SOPS writes its block into every document of a file: a rule that matched keys of one document encrypted the
    // file, and a document beside it with nothing matched (an alert Provider beside its Secret) holds nothing secret.
    const encryptedFiles = new Set(
      documents
        .filter((document) => {
          const object = asRecord(document.object);
          return (
            object && isSopsEncrypted(object) && stringLeaves(withoutSops(object)).some((l) => isCiphertext(l.value))
          );
        })
        .map((document) => document.file),
    );
    return documents.flatMap((document): Finding[] => {
      const object = asRecord(document.object);
      if (!object || !isSopsEncrypted(object) || encryptedFiles.has(document.file)) return [];
      const { sops, ...content } = object;
      const ref = resourceRefOf(object);
      const leaves = stringLeaves(content);
      const meta = asRecord(sops);
      // SOPS leaves an empty string as it is, and a rule that matched a key encrypted what there was: nothing leaks.
      const pattern = typeof meta?.encrypted_regex === 'string' ? repoRegex(meta.encrypted_regex) : undefined;
      if (pattern?.ok && leaves.some((leaf) => leaf.path.some((key) => pattern.test(key)))) return [];
      // A manifest's identity (apiVersion, kind, metadata) is meant to stay readable.
      const values = leaves.filter((leaf) => leaf.value !== '' && !(ref && IDENTITY.has(String(leaf.path[0]))));
      if (values.length === 0) return [];
      const rule = ruleOf(meta);
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

/** The document without its `sops` block (whose MAC is ciphertext too). */
function withoutSops(object: Record<string, unknown>): Record<string, unknown> {
  const { sops: _metadata, ...content } = object;
  return content;
}

/** A value SOPS encrypted. */
const isCiphertext = (value: string) => value.startsWith('ENC[');

/** Top-level fields that name a manifest rather than hold its content. */
const IDENTITY = new Set(['apiVersion', 'kind', 'metadata', 'type']);

/** Every string value in `value`, at any depth, with the keys on the way to it. */
function stringLeaves(value: unknown, path: string[] = []): { path: string[]; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item) => stringLeaves(item, path));
  const record = asRecord(value);
  return record ? Object.entries(record).flatMap(([key, child]) => stringLeaves(child, [...path, key])) : [];
}
