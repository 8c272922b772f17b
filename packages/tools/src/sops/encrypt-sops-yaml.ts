import { randomBytes } from 'node:crypto';
import type { SopsSelection } from '@triad/analyzers';
import { parseYamlDocuments } from '@triad/analyzers';
import { Document, isMap, Scalar } from 'yaml';
import { encryptDataKey } from './age-data-key';
import { encryptLeaf, IV_BYTES } from './sops-leaf';
import { sopsMetadata, sopsTimestamp } from './sops-metadata';
import { encryptTree } from './sops-tree';

/** How to encrypt one file: to whom, which values, and the time recorded as `lastmodified`. */
export interface SopsEncryptOptions {
  /** age X25519 recipients; the data key is encrypted to each. */
  recipients: readonly string[];
  selection: SopsSelection;
  now: Date;
}

/** A file Triad was asked to encrypt but cannot; the message names the file's problem, never a value. */
export class SopsEncryptError extends Error {
  override name = 'SopsEncryptError';
}

/**
 * Encrypts a one-document YAML file as `sops --encrypt` does: a fresh 256-bit data key, every selected value as
 * `ENC[AES256_GCM,…]`, the MAC over the values encrypted with `lastmodified` as additional data, and the data key
 * encrypted to every age recipient in the `sops:` block. Flux decrypts each object on its own, so one document only.
 */
export async function encryptSopsYaml(text: string, path: string, options: SopsEncryptOptions): Promise<string> {
  const docs = parseYamlDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1) {
    throw new SopsEncryptError(`${path}: Triad encrypts files of exactly one YAML document`);
  }
  const [doc] = docs as [Document.Parsed];
  if (doc.errors.length > 0) throw new SopsEncryptError(`${path} does not parse as YAML: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new SopsEncryptError(`${path}: the document is not a mapping`);
  if (doc.contents.has('sops')) throw new SopsEncryptError(`${path} is already SOPS-encrypted`);
  if (options.recipients.length === 0) throw new SopsEncryptError(`${path}: no age recipient to encrypt to`);
  const dataKey = randomBytes(32);
  try {
    const { tree, mac } = encryptTree(doc.contents, dataKey, options.selection);
    const lastModified = sopsTimestamp(options.now);
    const encryptedMac = encryptLeaf({ type: 'str', value: mac }, dataKey, lastModified, randomBytes(IV_BYTES));
    const age = await encryptDataKey(dataKey, options.recipients);
    const metadata = sopsMetadata({ age, lastModified, mac: encryptedMac, selection: options.selection });
    const out = new Document({ ...(tree as Record<string, unknown>), sops: metadata });
    const quoted = out.getIn(['sops', 'lastmodified'], true);
    if (quoted instanceof Scalar) quoted.type = Scalar.QUOTE_DOUBLE;
    return out.toString({ indent: 4, lineWidth: 0, indentSeq: true });
  } finally {
    dataKey.fill(0);
  }
}
