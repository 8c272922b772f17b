import { createHash, randomBytes } from 'node:crypto';
import { matchPathRegex, type SopsSelection } from '@triad/analyzers';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { encryptLeaf, IV_BYTES, leafBytes, type SopsLeaf } from './sops-leaf';

/** sops's default when a rule selects nothing: values under keys ending with it stay in clear. */
export const DEFAULT_UNENCRYPTED_SUFFIX = '_unencrypted';

/** Bytes sops writes into the MAC first when `mac_only_encrypted` is on, so the two kinds of MAC never collide. */
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from([
  0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97, 0x5b,
  0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
]);

/** The tree with its selected values encrypted, and the MAC over its values (upper-case hex SHA-512). */
export interface EncryptedTree {
  tree: unknown;
  mac: string;
  /** How many values were encrypted. */
  encrypted: number;
}

/**
 * Walks a YAML node as sops walks its tree: map keys make the path (sequence items add nothing to it), every scalar
 * goes into the MAC in document order (only the encrypted ones with `mac_only_encrypted`), and each value the
 * selection picks is encrypted with its path, joined by `:` with a trailing `:`, as additional data. Nulls are left
 * alone, as sops does; comments are not carried over.
 */
export function encryptTree(root: Node, dataKey: Buffer, selection: SopsSelection): EncryptedTree {
  const hash = createHash('sha512');
  if (selection.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  let encrypted = 0;
  const walk = (node: unknown, path: string[]): unknown => {
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key !== 'string') throw new Error(`sops supports only string keys; found ${String(key)}`);
        out[key] = walk(pair.value, [...path, key]);
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item) => walk(item, path));
    if (!isScalar(node)) {
      if (node === null || node === undefined) return null;
      throw new Error('aliases and other YAML nodes are not supported in a file Triad encrypts');
    }
    const leaf = leafOf(node.value, node.source);
    if (!leaf) return null;
    const selected = shouldEncrypt(path, selection);
    if (selected || !selection.macOnlyEncrypted) hash.update(leafBytes(leaf));
    if (!selected) return leaf.value;
    encrypted += 1;
    return encryptLeaf(leaf, dataKey, `${path.join(':')}:`, randomBytes(IV_BYTES));
  };
  const tree = walk(root, []);
  return { tree, mac: hash.digest('hex').toUpperCase(), encrypted };
}

/** sops's `shouldBeEncrypted`: suffixes, then regexes, each tested against every key of the path. */
export function shouldEncrypt(path: readonly string[], selection: SopsSelection): boolean {
  const { encryptedRegex, unencryptedRegex, encryptedSuffix } = selection;
  const noneSet = !encryptedRegex && !unencryptedRegex && !encryptedSuffix && !selection.unencryptedSuffix;
  const unencryptedSuffix = noneSet ? DEFAULT_UNENCRYPTED_SUFFIX : selection.unencryptedSuffix;
  let encrypted = true;
  if (unencryptedSuffix && path.some((key) => key.endsWith(unencryptedSuffix))) encrypted = false;
  if (encryptedSuffix) encrypted = path.some((key) => key.endsWith(encryptedSuffix));
  if (unencryptedRegex && path.some((key) => matchPathRegex(unencryptedRegex, key))) encrypted = false;
  if (encryptedRegex) encrypted = path.some((key) => matchPathRegex(encryptedRegex, key));
  return encrypted;
}

/** The leaf of a scalar; `source` tells `1.0` (a float to sops) from `1`. Null for YAML null. */
function leafOf(value: unknown, source: string | undefined): SopsLeaf | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { type: 'str', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') {
    const float = !Number.isInteger(value) || (source !== undefined && /[.eE]/.test(source));
    return { type: float ? 'float' : 'int', value };
  }
  if (typeof value === 'bigint') throw new Error('integers beyond 2^53 are not supported in a file Triad encrypts');
  throw new Error(`a value of type ${typeof value} cannot be encrypted`);
}
