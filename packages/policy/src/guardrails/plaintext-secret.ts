import { isPlainObject } from '../changes';
import type { ParsedEdit } from './parsed-edit';
import type { Refusal } from './refusal';

const DEFAULT_UNENCRYPTED_SUFFIX = '_unencrypted';

/** Keys under `data`/`stringData` whose values are not SOPS ciphertext (`ENC[...]`), honouring `unencrypted_suffix`. */
function plaintextKeys(values: Record<string, unknown>, unencryptedSuffix: string): string[] {
  return Object.entries(values)
    .filter(
      ([key, value]) => !key.endsWith(unencryptedSuffix) && !(typeof value === 'string' && value.startsWith('ENC[')),
    )
    .map(([key]) => key);
}

/**
 * `plaintext-secret`: a `kind: Secret` written with `data`/`stringData` must be SOPS-encrypted: top-level `sops`
 * metadata, and every value ciphertext (fake metadata over clear values does not pass).
 */
export function checkPlaintextSecrets(p: ParsedEdit): Refusal[] {
  const refusals: Refusal[] = [];
  for (const doc of p.after ?? []) {
    if (doc.kind !== 'Secret' || !isPlainObject(doc.value)) continue;
    const { data, stringData, sops } = doc.value;
    const maps = [data, stringData].filter(isPlainObject).filter((m) => Object.keys(m).length > 0);
    if (maps.length === 0) continue;
    const where = `${p.edit.path}: Secret ${doc.namespace ? `${doc.namespace}/` : ''}${doc.name}`;
    if (!isPlainObject(sops)) {
      refusals.push({
        rule: 'plaintext-secret',
        path: p.edit.path,
        message: `${where} has data in plaintext: never commit Secret values; reference a SOPS-encrypted Secret or a \${VAR} from postBuild.substituteFrom and leave encryption to a human.`,
      });
      continue;
    }
    const suffix = typeof sops.unencrypted_suffix === 'string' ? sops.unencrypted_suffix : DEFAULT_UNENCRYPTED_SUFFIX;
    const clear = maps.flatMap((m) => plaintextKeys(m, suffix));
    if (clear.length > 0) {
      refusals.push({
        rule: 'plaintext-secret',
        path: p.edit.path,
        message: `${where} carries sops metadata but ${clear.join(', ')} is not encrypted: encrypt it with sops or drop the value.`,
      });
    }
  }
  return refusals;
}
